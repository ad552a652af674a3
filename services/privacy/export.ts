import { wrap } from '@mikro-orm/core';
import type { Orm } from '../../schemas/db';
import { User } from '../../schemas/entities';
import { CONSENT_VERSION } from './consent';
import { userOwnedEntities, userProperty } from './user-data';

/** Tables never exported: credentials and one-time links are not the person's data, they are keys to it. */
const NOT_EXPORTED = /(^|_)(tokens?|sessions?|secrets?|credentials?|keys?)($|_)/;
/** Properties never exported, whatever the table. */
const SECRET_PROPERTY = /hash|secret|password|token|^consentPending$|code/i;

export const EXPORT_FORMAT = 'assistant-tdah-export/1';

function clean(entity: object, drop: string[]): Record<string, unknown> {
  const plain = wrap(entity).toObject() as Record<string, unknown>;
  for (const key of Object.keys(plain)) if (drop.includes(key) || SECRET_PROPERTY.test(key)) delete plain[key];
  return plain;
}

/**
 * Everything the product keeps about one person (GDPR art. 15 and 20, Law 25 art. 27), as JSON:
 * profile, consent, and every table that belongs to them (messages, reminders, memories, tasks,
 * and whatever later modules add), found from the ORM's metadata. Null when there is no such user.
 */
export async function exportUserData(orm: Orm, userId: string, now = new Date()): Promise<Record<string, unknown> | null> {
  const em = orm.em.fork();
  const user = await em.findOne(User, { id: userId });
  if (!user) return null;
  const data: Record<string, unknown[]> = {};
  for (const meta of userOwnedEntities(orm)) {
    if (NOT_EXPORTED.test(meta.tableName)) continue;
    const prop = userProperty(meta);
    const orderBy = (meta.properties as Record<string, unknown>).createdAt ? { createdAt: 'asc' } : {};
    const rows = await em.find<object>(meta.className, { [prop]: userId }, { orderBy: orderBy as never });
    data[meta.tableName] = rows.map((r) => clean(r as object, [prop]));
  }
  return {
    format: EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    profile: clean(user, ['consentedAt', 'consentVersion', 'consentPendingAt', 'deletionCodeExpiresAt']),
    consent: {
      healthDataConsentedAt: user.consentedAt?.toISOString() ?? null,
      version: user.consentVersion,
      currentVersion: CONSENT_VERSION,
      questionPending: user.consentPending !== null,
    },
    ...data,
  };
}
