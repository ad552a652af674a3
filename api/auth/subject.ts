import type { Request } from 'express';
import { HttpProblem } from '../problem';
import { principalOf } from './principal';

/**
 * Whose data a resource route acts on. A user: themselves. A partner: the user named by the
 * `X-On-Behalf-Of` header (a user id), only if that user linked the partner and the key holds
 * `scope`. Resource routes call this and nothing else to find their user id.
 *
 * The partner half (links, audit) is plugged in by the accounts module through `setPartnerAccess`.
 */
export interface PartnerAccess {
  /** Resolves to the user id when `partnerId` may act on `onBehalfOf`; null when not linked (→ 404, no existence leak). */
  linkedUser(partnerId: string, onBehalfOf: string): Promise<string | null>;
  /** Records the call (partner, user, method, path) for the audit trail. */
  audit(entry: { partnerId: string; userId: string; method: string; path: string; scope: string }): Promise<void>;
}

let partnerAccess: PartnerAccess | null = null;

export function setPartnerAccess(access: PartnerAccess | null): void {
  partnerAccess = access;
}

export async function subjectUserId(req: Request, scope: string): Promise<string> {
  const p = principalOf(req);
  if (p.kind === 'user') return p.userId;
  if (!p.scopes.includes(scope)) throw new HttpProblem(403, 'Forbidden', `This key lacks the "${scope}" scope.`);
  const onBehalfOf = req.get('x-on-behalf-of');
  if (!onBehalfOf) throw new HttpProblem(400, 'Bad Request', 'Partners name the user in the X-On-Behalf-Of header.');
  if (!partnerAccess) throw new HttpProblem(403, 'Forbidden', 'Partner access is not enabled.');
  const userId = await partnerAccess.linkedUser(p.partnerId, onBehalfOf);
  if (!userId) throw new HttpProblem(404, 'Not Found', 'No such user linked to this partner.');
  await partnerAccess.audit({ partnerId: p.partnerId, userId, method: req.method, path: req.originalUrl, scope });
  return userId;
}
