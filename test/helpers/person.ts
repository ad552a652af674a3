import { signAccessToken } from '../../api/auth/tokens';
import type { ProviderName } from '../../schemas/config';
import type { User } from '../../schemas/entities';
import { syncScheduleId } from '../../temporal/sync-schedules';
import type { Stack } from './stack';

/** A signed-in person's bearer header (role `user`, 1 h). */
export const bearerOf = (stack: Stack, user: User) => ({ authorization: `Bearer ${signAccessToken(stack.config.auth.jwtSecret, user.id, 'user')}` });

/**
 * One person talking to the stack, for tests that set the stack and the person up in `before`
 * (hence the getter): `api` calls the REST API as them, `sms` texts the assistant and resolves with
 * its answer. `sms` counts the person's messages: the n-th call waits for the n-th SMS to them, so
 * a test that expects an extra SMS (a reconnect notice, a reminder) reads it with `stack.twilio`.
 */
export function personSession(get: () => { stack: Stack; user: User }) {
  let sent = 0;
  return {
    api(path: string, init: RequestInit = {}): Promise<Response> {
      const { stack, user } = get();
      return fetch(`${stack.baseUrl}${path}`, { ...init, headers: { ...bearerOf(stack, user), ...(init.headers ?? {}) } });
    },
    async sms(body: string): Promise<string> {
      const { stack, user } = get();
      await stack.inbound(user, body);
      sent += 1;
      const all = await stack.twilio.waitForMessages(sent, { to: user.phone, timeoutMs: 30_000 });
      return all.at(-1)!.body;
    },
    /** `n` more SMS to the person than the answers counted so far (a notice, a reminder): waits for them, returns all. */
    async extra(n: number) {
      const { stack, user } = get();
      sent += n;
      return stack.twilio.waitForMessages(sent, { to: user.phone, timeoutMs: 30_000 });
    },
    /** How many SMS to the person the session expects so far. */
    expected: () => sent,
  };
}

/**
 * Connecting an account creates its 15-minute sync schedule; a test that runs the syncs itself and
 * counts what each did pauses it, so a scheduled run can never land between two of its steps.
 */
export async function pauseSyncSchedule(stack: Stack, userId: string, provider: ProviderName): Promise<void> {
  await stack.temporal.schedule.getHandle(syncScheduleId(userId, provider)).pause('the test runs the syncs itself');
}
