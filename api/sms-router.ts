import type { UserStatus } from '../schemas/entities';
import { classifyKeyword } from '../language/sms/keywords';

export interface RouteInput {
  /** The user whose dedicated number was texted (`To`), if any. */
  user: { phone: string; status: UserStatus } | null;
  from: string;
  body: string;
}

export type Route =
  | { action: 'ignore'; reason: 'unknown-number' | 'stranger' | 'opted-out' }
  | { action: 'deliver'; command: 'stop' | 'start' | 'help' | null; setStatus: UserStatus | null };

/**
 * Where an inbound SMS goes. Pure, so every rule is unit-tested:
 * - `To` must be a user's dedicated number, and `From` that user's own phone; else nobody is texted;
 * - STOP-family words opt out at once (then the conversation only records the message);
 * - an opted-out person is heard again only through START-family words;
 * - HELP-family words get the help text; everything else goes to the conversation as is.
 */
export function routeInbound({ user, from, body }: RouteInput): Route {
  if (!user) return { action: 'ignore', reason: 'unknown-number' };
  if (user.phone !== from) return { action: 'ignore', reason: 'stranger' };
  const keyword = classifyKeyword(body);
  if (keyword === 'stop') return { action: 'deliver', command: 'stop', setStatus: user.status === 'opted_out' ? null : 'opted_out' };
  if (user.status === 'opted_out') {
    return keyword === 'start'
      ? { action: 'deliver', command: 'start', setStatus: 'active' }
      : { action: 'ignore', reason: 'opted-out' };
  }
  return { action: 'deliver', command: keyword === 'help' ? 'help' : null, setStatus: null };
}
