import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { KeyValueStore } from '../../services/infra/kv';
import { HttpProblem } from '../problem';

/**
 * Brute-force limits on the accounts routes (rate-limiter-flexible: Redis when the api has
 * REDIS_URL, so every api process shares the counts; in-process otherwise). Only failures count,
 * except SMS sends, which cost money and pester the person: every send counts.
 */
export const AUTH_LIMITS = {
  /** Failed logins per phone number. */
  loginPerPhone: { points: 10, duration: 15 * 60 },
  /** Failed logins per client IP (password spraying across many phones). */
  loginPerIp: { points: 50, duration: 15 * 60 },
  /** Wrong MFA codes (TOTP, SMS, recovery; enrollment checks too) per user. */
  mfaPerUser: { points: 5, duration: 15 * 60 },
  /** SMS codes sent per user. */
  smsPerUser: { points: 3, duration: 15 * 60 },
} as const;

export type LimitName = keyof typeof AUTH_LIMITS;

export class TooManyAttempts extends HttpProblem {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'Too Many Requests', `Too many attempts; try again in ${retryAfterSeconds} s.`);
  }
}

export interface AuthLimiter {
  /** Throws TooManyAttempts when the key is already over its limit. */
  check(name: LimitName, key: string): Promise<void>;
  /** Counts one attempt (a failure, or an SMS sent); throws TooManyAttempts when that crosses the limit. */
  hit(name: LimitName, key: string): Promise<void>;
  /** Forgets the key's failures (after a success). */
  reset(name: LimitName, key: string): Promise<void>;
}

export function createAuthLimiter(kv: KeyValueStore): AuthLimiter {
  const limiters = Object.fromEntries(
    Object.entries(AUTH_LIMITS).map(([name, { points, duration }]) => {
      const opts = { keyPrefix: `auth-limit:${name}`, points, duration };
      const limiter: RateLimiterAbstract = kv.redis ? new RateLimiterRedis({ ...opts, storeClient: kv.redis }) : new RateLimiterMemory(opts);
      return [name, limiter];
    }),
  ) as Record<LimitName, RateLimiterAbstract>;

  const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  // Without its counters the api cannot tell a guesser from a person: refuse (503) rather than let guesses through.
  const storeDown = (err: unknown) => {
    if (err instanceof HttpProblem) return err;
    return new HttpProblem(503, 'Service Unavailable', 'Sign-in is unavailable for a moment; try again shortly.');
  };
  return {
    async check(name, key) {
      const res = await limiters[name].get(key).catch((err: unknown) => {
        throw storeDown(err);
      });
      if (res && res.consumedPoints >= AUTH_LIMITS[name].points) throw new TooManyAttempts(retryAfter(res));
    },
    async hit(name, key) {
      try {
        await limiters[name].consume(key);
      } catch (err) {
        if (err instanceof RateLimiterRes) throw new TooManyAttempts(retryAfter(err));
        throw storeDown(err);
      }
    },
    async reset(name, key) {
      await limiters[name].delete(key).catch((err: unknown) => {
        throw storeDown(err);
      });
    },
  };
}
