import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { Orm } from '../../schemas/db';
import { Partner, PartnerAuditEntry, PartnerLink, User } from '../../schemas/entities';
import type { BearerResolver } from './guards';
import type { PartnerAccess } from './subject';
import { parseScopes, type Scope } from './scopes';
import { randomToken, safeEqualHex, sha256 } from './secrets';

/** `pk_<partner uuid>_<43 base64url chars>`: the id finds the row, the secret is compared in constant time. */
const KEY_FORMAT = /^pk_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** Compared against when the id is unknown, so a miss costs what a hit costs. */
const DUMMY_HASH = sha256('no such partner');

export const partnerScopes = (p: Partner): Scope[] => parseScopes(p.scopes);

/** Creates a partner and returns its key: the only time the key exists in clear. */
export async function createPartner(em: EntityManager, name: string, scopes: Scope[]): Promise<{ partner: Partner; key: string }> {
  const secret = randomToken(32);
  const partner = new Partner({ name, scopes: scopes.join(','), keyHash: sha256(secret) });
  await em.persistAndFlush(partner);
  return { partner, key: `pk_${partner.id}_${secret}` };
}

/** The bearer resolver for createAuthGuards: a partner key → the partner principal, or null. */
export function createPartnerKeyResolver(orm: Orm): BearerResolver {
  return async (token) => {
    const m = KEY_FORMAT.exec(token);
    if (!m) return null;
    const partner = await orm.em.fork().findOne(Partner, { id: m[1]!, revokedAt: null }, { populate: ['keyHash'] });
    const matches = safeEqualHex(sha256(m[2]!), partner?.keyHash ?? DUMMY_HASH);
    if (!partner || !matches) return null;
    return { kind: 'partner', partnerId: partner.id, scopes: partnerScopes(partner) };
  };
}

/** The partner half of subjectUserId: links (the user's consent) and the audit trail. */
export function createPartnerAccess(orm: Orm): PartnerAccess {
  return {
    async linkedUser(partnerId, onBehalfOf) {
      if (!/^[0-9a-f-]{36}$/i.test(onBehalfOf)) return null;
      const link = await orm.em.fork().findOne(PartnerLink, { partner: partnerId, user: onBehalfOf.toLowerCase() });
      return link ? link.user.id : null;
    },
    async audit(entry) {
      const em = orm.em.fork();
      await em.persistAndFlush(new PartnerAuditEntry({ ...entry, path: entry.path.slice(0, 500), method: entry.method.slice(0, 10) }));
    },
  };
}

/** Links a user to a partner; linking twice is harmless. Null when the partner does not exist (or is revoked). */
export async function linkPartner(em: EntityManager, userId: string, partnerId: string): Promise<{ partner: Partner; link: PartnerLink } | null> {
  const partner = await em.findOne(Partner, { id: partnerId, revokedAt: null });
  if (!partner) return null;
  const existing = await em.findOne(PartnerLink, { partner: partnerId, user: userId });
  if (existing) return { partner, link: existing };
  const link = new PartnerLink({ partner: em.getReference(Partner, partnerId) as never, user: em.getReference(User, userId) as never });
  try {
    await em.persistAndFlush(link);
  } catch (err) {
    // A concurrent identical link won: read it back.
    if (!(err instanceof UniqueConstraintViolationException)) throw err;
    const again = await em.fork().findOne(PartnerLink, { partner: partnerId, user: userId });
    if (!again) throw err;
    return { partner, link: again };
  }
  return { partner, link };
}

/** True when a link was removed. */
export async function unlinkPartner(em: EntityManager, userId: string, partnerId: string): Promise<boolean> {
  return (await em.nativeDelete(PartnerLink, { partner: partnerId, user: userId })) > 0;
}
