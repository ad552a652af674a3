import { Redis } from 'ioredis';

/**
 * Per-sending-number pacing (a token bucket of depth one segment, i.e. GCRA): each message
 * reserves `segments / segmentsPerSecond` seconds of its number's airtime and learns when its
 * slot starts. Reservations are keyed by the message's idempotency key, so an activity retry
 * finds the slot it already holds instead of queueing again (nothing is dropped, nobody jumps
 * the queue). Redis when REDIS_URL is set (every worker shares the buckets); in-process otherwise.
 */
export interface OutboundLimiter {
  readonly kind: 'redis' | 'memory';
  /** Reserves (or finds) the slot of message `id` on number `from`; returns ms to wait before sending (0 = now). */
  reserve(from: string, id: string, segments: number): Promise<number>;
  /**
   * Called when the slot has come, right before the request: ms still to wait if the number's
   * previous request left less than its airtime ago (a slot reached late on a busy worker must not
   * bunch with the next one); 0 means "go", and marks the number busy for `segments`.
   */
  claim(from: string, segments: number): Promise<number>;
  close(): Promise<void>;
}

/** Reservations are forgotten after this long (a message retried later than that queues again). */
const RESERVATION_TTL_MS = 15 * 60_000;

// KEYS[1] bucket (theoretical arrival time, ms), KEYS[2] reservation of this message.
// ARGV[1] cost in ms, ARGV[2] reservation ttl. Redis' own clock, so workers' clocks never matter.
const RESERVE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local held = redis.call('GET', KEYS[2])
if held then return math.max(0, tonumber(held) - now) end
local cost = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, tat)
redis.call('SET', KEYS[1], tostring(start + cost), 'PX', math.max(1000, start + cost - now + 1000))
redis.call('SET', KEYS[2], tostring(start), 'PX', tonumber(ARGV[2]))
return start - now
`;

// KEYS[1] earliest next request on this number; ARGV[1] cost in ms.
const CLAIM_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
if now < free then return free - now end
redis.call('SET', KEYS[1], tostring(now + tonumber(ARGV[1])), 'PX', tonumber(ARGV[1]) + 1000)
return 0
`;

const costMs = (segments: number, perSecond: number) => Math.ceil((Math.max(1, segments) * 1000) / perSecond);

export function createRedisLimiter(url: string, segmentsPerSecond: number, prefix = 'assistant:'): OutboundLimiter {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, keyPrefix: prefix });
  redis.defineCommand('reserveSlot', { numberOfKeys: 2, lua: RESERVE_LUA });
  redis.defineCommand('claimNumber', { numberOfKeys: 1, lua: CLAIM_LUA });
  const r = redis as Redis & {
    reserveSlot(k1: string, k2: string, cost: number, ttl: number): Promise<number>;
    claimNumber(k: string, cost: number): Promise<number>;
  };
  return {
    kind: 'redis',
    async reserve(from, id, segments) {
      return Number(await r.reserveSlot(`outbound:bucket:${from}`, `outbound:slot:${id}`, costMs(segments, segmentsPerSecond), RESERVATION_TTL_MS));
    },
    async claim(from, segments) {
      return Number(await r.claimNumber(`outbound:free:${from}`, costMs(segments, segmentsPerSecond)));
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

export function createMemoryLimiter(segmentsPerSecond: number, now: () => number = Date.now): OutboundLimiter {
  const buckets = new Map<string, number>();
  const slots = new Map<string, { start: number; expires: number }>();
  const free = new Map<string, number>();
  let calls = 0;
  return {
    kind: 'memory',
    async reserve(from, id, segments) {
      const t = now();
      if (++calls % 1000 === 0) {
        for (const [k, v] of slots) if (v.expires <= t) slots.delete(k);
        for (const [k, v] of buckets) if (v < t) buckets.delete(k);
        for (const [k, v] of free) if (v < t) free.delete(k);
      }
      const held = slots.get(id);
      if (held) return Math.max(0, held.start - t);
      const start = Math.max(t, buckets.get(from) ?? 0);
      buckets.set(from, start + costMs(segments, segmentsPerSecond));
      slots.set(id, { start, expires: t + RESERVATION_TTL_MS });
      return start - t;
    },
    async claim(from, segments) {
      const t = now();
      const at = free.get(from) ?? 0;
      if (t < at) return at - t;
      free.set(from, t + costMs(segments, segmentsPerSecond));
      return 0;
    },
    async close() {
      buckets.clear();
      slots.clear();
      free.clear();
    },
  };
}

export function createOutboundLimiter(opts: { redisUrl: string | null; segmentsPerSecond: number; prefix?: string }): OutboundLimiter {
  return opts.redisUrl
    ? createRedisLimiter(opts.redisUrl, opts.segmentsPerSecond, opts.prefix)
    : createMemoryLimiter(opts.segmentsPerSecond);
}
