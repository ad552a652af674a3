import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { createMemoryStore, createRedisStore, type KeyValueStore } from '../../services/infra/kv';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Short-lived values (hashed sign-in codes, spent MFA tokens) on the real Redis and the in-process store. */
for (const kind of ['redis', 'memory'] as const) {
  describe(`the key-value store's values (${kind})`, () => {
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

    it('stores, replaces, reads and deletes a value', async () => {
      expect(await store.getValue('code:u1')).to.equal(null);
      await store.setValue('code:u1', 'a', 60);
      await store.setValue('code:u1', 'b', 60);
      expect(await store.getValue('code:u1')).to.equal('b');
      await store.delete('code:u1');
      expect(await store.getValue('code:u1')).to.equal(null);
    });

    it('forgets a value after its TTL', async () => {
      await store.setValue('code:u2', 'x', 1);
      if (kind === 'redis') await new Promise((r) => setTimeout(r, 1100));
      else clock += 1001;
      expect(await store.getValue('code:u2')).to.equal(null);
    });

    it('shows a key set with setIfAbsent as present', async () => {
      expect(await store.setIfAbsent('used:jti1', 60)).to.equal(true);
      expect(await store.getValue('used:jti1')).to.equal('1');
    });

    it('exposes the Redis client only when there is one', () => {
      expect(store.redis === null).to.equal(kind === 'memory');
    });
  });
}
