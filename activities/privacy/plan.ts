import type { User } from '../../schemas/entities';
import type { Prepared } from '../../language/prepare';
import { detectPrivacy } from '../../language/privacy';
import type { TurnPlan } from '../../workflows/lib/turn-plan';
import { pendingCall } from '../../services/privacy/consent';

/**
 * Runs before the brain: a privacy command ("exporte mes données", "supprime mon compte",
 * "retire mon consentement"), or the answer to a question we asked (consent OUI/NON, the
 * deletion code), becomes the privacy tool's call. Anything else goes on to the brain.
 */
export function privacyPlan(user: Pick<User, 'consentPending' | 'consentPendingAt' | 'deletionCodeHash' | 'deletionCodeExpiresAt'>, body: string | Prepared, now = new Date()): TurnPlan | null {
  const intent = detectPrivacy(body, {
    consent: pendingCall(user, now) !== null,
    deletion: user.deletionCodeHash !== null && user.deletionCodeExpiresAt !== null && user.deletionCodeExpiresAt > now,
  });
  if (!intent) return null;
  return { language: intent.language, kind: 'tool', call: { tool: 'privacy', action: intent.action, ...(intent.code ? { code: intent.code } : {}) } };
}
