import type { Request, RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { KeyValueStore } from '../../services/infra/kv';
import { rateLimited } from '../../services/infra/metrics';
import type { Logger } from '../../services/infra/logger';
import { HttpProblem } from '../problem';

export interface RateLimits {
  /** Per client IP: before authentication, so floods are refused before any token check or database call. */
  perIp: RequestHandler;
  /** Per user (access token) or partner (key): after authentication. */
  perUser: RequestHandler;
}

/**
 * Fixed one-minute windows counted in Redis when the api has one (shared by every api
 * process), in-process otherwise. If Redis stops answering, an in-process limiter takes
 * over (rate-limiter-flexible's insurance limiter) rather than refusing everything or
 * letting everything through.
 */
export function createRateLimits(opts: {
  kv: KeyValueStore;
  perIpPerMinute: number;
  perUserPerMinute: number;
  logger: Logger;
}): RateLimits {
  const limiter = (name: string, points: number): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix: `rl:${name}`, points, duration: 60 });
    if (!opts.kv.redis) return memory;
    return new RateLimiterRedis({ storeClient: opts.kv.redis, keyPrefix: `rl:${name}`, points, duration: 60, insuranceLimiter: memory });
  };
  const byIp = limiter('ip', opts.perIpPerMinute);
  const byUser = limiter('user', opts.perUserPerMinute);

  const guard =
    (name: 'ip' | 'user', rl: RateLimiterAbstract, key: (req: Request) => string | null): RequestHandler =>
    (req, res, next) => {
      const k = key(req);
      if (!k) return next();
      rl.consume(k).then(
        (r) => {
          res.set('RateLimit-Limit', String(rl.points));
          res.set('RateLimit-Remaining', String(r.remainingPoints));
          next();
        },
        (err: unknown) => {
          if (!(err instanceof RateLimiterRes)) {
            // Neither Redis nor the insurance limiter answered: let the request through, loudly.
            opts.logger.error('rate limiter failed', { err });
            return next();
          }
          rateLimited.inc({ limiter: name });
          const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
          res.set('Retry-After', String(seconds));
          res.set('RateLimit-Limit', String(rl.points));
          res.set('RateLimit-Remaining', '0');
          next(new HttpProblem(429, 'Too Many Requests', `Rate limit of ${rl.points} requests per minute per ${name === 'ip' ? 'address' : 'account'} exceeded; retry in ${seconds} s.`));
        },
      );
    };

  return {
    perIp: guard('ip', byIp, (req) => req.ip ?? req.socket.remoteAddress ?? null),
    perUser: guard('user', byUser, (req) => {
      const p = req.principal;
      if (!p) return null;
      return p.kind === 'user' ? `user:${p.userId}` : `partner:${p.partnerId}`;
    }),
  };
}
