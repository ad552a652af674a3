import { Redis } from 'ioredis';

/**
 * The little shared state the edge needs (webhook idempotency now; rate limits and caches
 * later): Redis when REDIS_URL is set, an in-process map otherwise (one api process only).
 */
export interface KeyValueStore {
  readonly kind: 'redis' | 'memory';
  /** Sets key if absent, with a TTL; true when this call set it. */
  setIfAbsent(key: string, ttlSeconds: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The underlying ioredis client (keys prefixed) for libraries that need one, e.g. rate-limiter-flexible; null in memory. */
  readonly redis: Redis | null;
}

export function createRedisStore(url: string, prefix = 'assistant:'): KeyValueStore {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true, keyPrefix: prefix });
  return {
    kind: 'redis',
    async setIfAbsent(key, ttlSeconds) {
      return (await redis.set(key, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    },
    async delete(key) {
      await redis.del(key);
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
    redis,
  };
}

export function createMemoryStore(now: () => number = Date.now): KeyValueStore {
  const expiries = new Map<string, number>();
  const sweep = () => {
    const t = now();
    for (const [k, exp] of expiries) if (exp <= t) expiries.delete(k);
  };
  const timer = setInterval(sweep, 60_000);
  timer.unref();
  return {
    kind: 'memory',
    async setIfAbsent(key, ttlSeconds) {
      const exp = expiries.get(key);
      if (exp !== undefined && exp > now()) return false;
      expiries.set(key, now() + ttlSeconds * 1000);
      return true;
    },
    async delete(key) {
      expiries.delete(key);
    },
    async ping() {},
    async close() {
      clearInterval(timer);
      expiries.clear();
    },
    redis: null,
  };
}

export function createKeyValueStore(redisUrl: string | null, prefix?: string): KeyValueStore {
  return redisUrl ? createRedisStore(redisUrl, prefix) : createMemoryStore();
}
