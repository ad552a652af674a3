import type { Orm } from '../../schemas/db';
import { User } from '../../schemas/entities';
import { isHealthRelated } from '../../language/privacy';
import type { Lang } from '../../language/time';
import type { ToolCall } from '../../workflows/lib/turn-plan';
import { privacyTexts } from '../../language/texts/privacy';

/** Version of the consent notice the person said yes to (docs/privacy.md). Bump it when the notice changes. */
export const CONSENT_VERSION = '2026-12';
/** A held item older than this is dropped: a "oui" the next week is not an answer to it. */
export const CONSENT_PENDING_TTL_MS = 24 * 3600_000;

export type ConsentGatedCall = Extract<ToolCall, { tool: 'remember' } | { tool: 'createReminder' }> & { reminderId?: string };

/** Memories always need consent; reminders only when they are about health (medication, care appointments…). */
export function needsConsent(call: ConsentGatedCall): boolean {
  return call.tool === 'remember' || isHealthRelated(call.text);
}

/**
 * Law 25 gate, called by the remember and createReminder tools before they store anything: null
 * when they may go on; otherwise the call is held on the user row and the consent question is
 * returned as the reply. The person's OUI runs the held call; NON drops it (activities/privacy/commands.ts).
 */
export async function consentGate(orm: Orm, input: { userId: string; language: Lang; call: ConsentGatedCall }): Promise<string | null> {
  if (!needsConsent(input.call)) return null;
  const em = orm.em.fork();
  const user = await em.findOne(User, { id: input.userId });
  if (!user || user.consentedAt) return null; // a missing user fails in the tool itself, with its own error
  user.consentPending = JSON.stringify(input.call);
  user.consentPendingAt = new Date();
  await em.flush();
  const about = input.call.tool === 'createReminder' || isHealthRelated(input.call.fact) ? 'health' : 'note';
  return privacyTexts(input.language).askConsent(about);
}

/** The held call, if still fresh. */
export function pendingCall(user: Pick<User, 'consentPending' | 'consentPendingAt'>, now = new Date()): ConsentGatedCall | null {
  if (!user.consentPending || !user.consentPendingAt) return null;
  if (now.getTime() - user.consentPendingAt.getTime() > CONSENT_PENDING_TTL_MS) return null;
  try {
    return JSON.parse(user.consentPending) as ConsentGatedCall;
  } catch {
    return null;
  }
}
