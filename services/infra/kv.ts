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
  /** Stores a short-lived value (e.g. a hashed one-time code), replacing any previous one. */
  setValue(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** The value, or null when absent or expired. */
  getValue(key: string): Promise<string | null>;
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
    async setValue(key, value, ttlSeconds) {
      await redis.set(key, value, 'EX', ttlSeconds);
    },
    async getValue(key) {
      return redis.get(key);
    },
    redis,
  };
}

export function createMemoryStore(now: () => number = Date.now): KeyValueStore {
  const expiries = new Map<string, number>();
  const values = new Map<string, string>();
  const sweep = () => {
    const t = now();
    for (const [k, exp] of expiries) {
      if (exp <= t) {
        expiries.delete(k);
        values.delete(k);
      }
    }
  };
  const timer = setInterval(sweep, 60_000);
  timer.unref();
  return {
    kind: 'memory',
    async setIfAbsent(key, ttlSeconds) {
      const exp = expiries.get(key);
      if (exp !== undefined && exp > now()) return false;
      expiries.set(key, now() + ttlSeconds * 1000);
      values.set(key, '1');
      return true;
    },
    async delete(key) {
      expiries.delete(key);
      values.delete(key);
    },
    async ping() {},
    async close() {
      clearInterval(timer);
      expiries.clear();
      values.clear();
    },
    async setValue(key, value, ttlSeconds) {
      expiries.set(key, now() + ttlSeconds * 1000);
      values.set(key, value);
    },
    async getValue(key) {
      const exp = expiries.get(key);
      if (exp === undefined || exp <= now()) return null;
      return values.get(key) ?? null;
    },
    redis: null,
  };
}

export function createKeyValueStore(redisUrl: string | null, prefix?: string): KeyValueStore {
  return redisUrl ? createRedisStore(redisUrl, prefix) : createMemoryStore();
}
