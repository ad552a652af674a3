import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { createMemoryStore, createRedisStore, type KeyValueStore } from '../../services/infra/kv';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Webhook idempotency depends on these semantics; Redis is the real server, never a mock. */
for (const kind of ['redis', 'memory'] as const) {
  describe(`the key-value store (${kind})`, () => {
    const prefix = `assistant-test-${randomBytes(4).toString('hex')}:`;
    let store: KeyValueStore;
    let clock = 1_000_000;

    before(() => {
      store = kind === 'redis' ? createRedisStore(REDIS_URL, prefix) : createMemoryStore(() => clock);
    });
    after(async () => {
      await store.close();
      if (kind === 'redis') {
        const redis = new Redis(REDIS_URL);
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length) await redis.del(...keys);
        await redis.quit();
      }
    });

    it('sets a key once and refuses the second time', async () => {
      expect(await store.setIfAbsent('sms:SM1', 60)).to.equal(true);
      expect(await store.setIfAbsent('sms:SM1', 60)).to.equal(false);
      expect(await store.setIfAbsent('sms:SM2', 60)).to.equal(true);
    });

    it('forgets a deleted key, so a retried webhook gets a second chance', async () => {
      await store.setIfAbsent('sms:SM3', 60);
      await store.delete('sms:SM3');
      expect(await store.setIfAbsent('sms:SM3', 60)).to.equal(true);
    });

    it('lets a key expire after its TTL', async () => {
      expect(await store.setIfAbsent('sms:SM4', 1)).to.equal(true);
      if (kind === 'redis') await new Promise((r) => setTimeout(r, 1100));
      else clock += 1001;
      expect(await store.setIfAbsent('sms:SM4', 1)).to.equal(true);
    });

    it('answers a ping', async () => {
      await store.ping();
    });
  });
}
