import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { Redis } from 'ioredis';
import { createLogger } from '../../services/infra/logger';
import { createMemoryLimiter, createRedisLimiter, type OutboundLimiter } from '../../services/infra/outbound-limiter';
import { shortenToOneSegment } from '../../services/infra/sms-budget';
import { createTwilioTransport } from '../../services/infra/sms-transport';
import { createTwilioClient } from '../../services/infra/twilio-client';
import { createSmsActivities, type SendSmsInput, type SendSmsResult, type SmsDeps } from '../../activities/sms';
import { loadConfig } from '../../schemas/config';
import { openDatabase, type Orm } from '../../schemas/db';
import { Message, User } from '../../schemas/entities';
import { ErrorType } from '../../schemas/errors';
import { countSegments } from '../../language/sms/segments';
import { startFakeTwilio, type FakeTwilio } from '../fakes/twilio-server';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';
import { testNumber } from '../helpers/stack';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('per-number outbound pacing', function () {
  this.timeout(30_000);
  const prefix = `assistant-test-${randomBytes(4).toString('hex')}:`;
  after(async () => {
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  for (const kind of ['memory', 'redis'] as const) {
    const make = (rate: number): OutboundLimiter => (kind === 'redis' ? createRedisLimiter(REDIS_URL, rate, prefix) : createMemoryLimiter(rate));

    it(`${kind}: spaces a number's messages by their segments and keeps numbers independent`, async () => {
      const limiter = make(1);
      try {
        const a = `+1514${randomBytes(3).toString('hex')}`;
        const waits = [];
        for (let i = 0; i < 5; i += 1) waits.push(await limiter.reserve(a, `${a}:${i}`, i === 2 ? 3 : 1));
        // slots: 0, 1, 2 (3 segments: 3 s), 5, 6
        const expected = [0, 1000, 2000, 5000, 6000];
        waits.forEach((w, i) => expect(w).to.be.within(expected[i]! - 100, expected[i]! + 10));
        expect(await limiter.reserve(`${a}9`, 'other-number', 1)).to.equal(0);
      } finally {
        await limiter.close();
      }
    });

    it(`${kind}: a slot reached late still keeps the spacing from the previous request`, async () => {
      const limiter = make(5); // 200 ms per segment
      try {
        const n = `+1263${randomBytes(3).toString('hex')}`;
        expect(await limiter.claim(n, 1)).to.equal(0);
        const more = await limiter.claim(n, 1);
        expect(more).to.be.within(100, 200);
        await new Promise((r) => setTimeout(r, more + 20));
        expect(await limiter.claim(n, 1)).to.equal(0);
      } finally {
        await limiter.close();
      }
    });

    it(`${kind}: a retried message keeps its slot instead of queueing again`, async () => {
      const limiter = make(2);
      try {
        const n = `+1438${randomBytes(3).toString('hex')}`;
        await limiter.reserve(n, 'm1', 1);
        const second = await limiter.reserve(n, 'm2', 1);
        await limiter.reserve(n, 'm3', 1);
        const again = await limiter.reserve(n, 'm2', 1);
        expect(second).to.be.within(400, 510);
        expect(again).to.be.at.most(second);
      } finally {
        await limiter.close();
      }
    });
  }
});

describe('the sendSms activity under limits (postgres)', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let orm: Orm;
  let fake: FakeTwilio;
  const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR', () => undefined) });
  const logger = createLogger({ level: 'error', json: true, service: 'test' });

  before(async () => {
    db = await createTestDatabase('postgres');
    orm = await openDatabase(db.config, { migrate: true });
    fake = await startFakeTwilio();
  });
  after(async () => {
    await fake?.close();
    await orm?.close();
    await db?.drop();
  });
  beforeEach(() => fake.reset());

  function activities(over: Partial<SmsDeps> = {}) {
    const client = createTwilioClient({ accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.url, timeoutMs: 2000 });
    return createSmsActivities({ orm, logger, transport: createTwilioTransport(client), publicBaseUrl: 'https://assistant.example', ...over });
  }
  const send = (acts: ReturnType<typeof activities>, input: SendSmsInput) => env.run(acts.sendSms, input) as Promise<SendSmsResult>;
  async function user(role: User['role'] = 'user') {
    const u = new User({ phone: testNumber(), assistantNumber: testNumber() });
    u.role = role;
    await orm.em.fork().persistAndFlush(u);
    return u;
  }

  it('sends a burst of 20 for one number spaced at the configured rate, none dropped', async () => {
    const acts = activities({ limiter: createMemoryLimiter(4) });
    const u = await user();
    // Warm up: the SDK loads its Messages modules on first use, which would delay the first request only.
    const warm = await user();
    await send(acts, { userId: warm.id, body: 'warm-up', idempotencyKey: `warm:${warm.id}` });
    fake.reset();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => send(acts, { userId: u.id, body: `rappel ${i}`, idempotencyKey: `burst:${u.id}:${i}` })),
    );
    expect(results.every((r) => r.status === 'sent')).to.equal(true);
    const times = fake.messages.map((m) => m.dateCreated.getTime()).sort((a, b) => a - b);
    expect(times).to.have.length(20);
    // 4/s → one slot per 250 ms. No request goes before its slot; a busy machine only makes some
    // arrive later, so pairwise gaps can shrink (a late one, then one on time): the n-th arrival is
    // compared with the first instead, allowing the first one's own delay.
    for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[0]!, `request ${i + 1}`).to.be.at.least(i * 250 - 300);
    expect(times.at(-1)! - times[0]!).to.be.within(19 * 250 - 100, 19 * 250 + 1500);
  });

  it('turns a wait longer than the activity can hold into a retry at the slot time', async () => {
    const limiter = createMemoryLimiter(0.04); // 25 s per segment
    const acts = activities({ limiter });
    const u = await user();
    await send(acts, { userId: u.id, body: 'first', idempotencyKey: `slow:${u.id}:1` });
    const err = await send(acts, { userId: u.id, body: 'second', idempotencyKey: `slow:${u.id}:2` }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).type).to.equal('RateLimited');
    expect((err as ApplicationFailure).nonRetryable).to.equal(false);
    expect((err as ApplicationFailure).nextRetryDelay).to.be.a('number');
    expect(fake.messages).to.have.length(1);
    const row = await orm.em.fork().findOneOrFail(Message, { idempotencyKey: `slow:${u.id}:2` });
    expect(row).to.include({ status: 'sending', twilioSid: null });
  });

  it('flags the user on 21614 (not a mobile) and fails without retry', async () => {
    const acts = activities();
    const u = await user();
    fake.failNext(1, { status: 400, code: 21614, message: "'To' number is not a valid mobile number" });
    const err = await send(acts, { userId: u.id, body: 'hi', idempotencyKey: `flag:${u.id}` }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ApplicationFailure);
    expect(err).to.include({ type: ErrorType.InvalidRecipient, nonRetryable: true });
    const after = await orm.em.fork().findOneOrFail(User, { id: u.id });
    expect(after.deliveryFlag).to.equal('invalid_recipient:21614');
    const row = await orm.em.fork().findOneOrFail(Message, { idempotencyKey: `flag:${u.id}` });
    expect(row).to.include({ status: 'failed', errorCode: 21614 });
  });

  for (const failure of [
    { status: 429, code: 20429, message: 'Too Many Requests' },
    { status: 503, code: 20500, message: 'Service Unavailable' },
  ]) {
    it(`retries ${failure.code} (HTTP ${failure.status}) and sends once on recovery`, async () => {
      const acts = activities();
      const u = await user();
      fake.failNext(1, failure);
      const err = await send(acts, { userId: u.id, body: 'hi', idempotencyKey: `t:${u.id}` }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(Error);
      expect(err).not.to.be.instanceOf(ApplicationFailure);
      const ok = await send(acts, { userId: u.id, body: 'hi', idempotencyKey: `t:${u.id}` });
      expect(ok.status).to.equal('sent');
      expect(fake.messages).to.have.length(1);
    });
  }

  it('shortens replies near the monthly budget and withholds them at the cap, never reminders', async () => {
    // Budget 0.045 USD at 0.01 per segment: 4 segments ≥ 80 %, 5 ≥ the cap.
    const outbound = { ...loadConfig({ NODE_ENV: 'test', DATA_DIR: db.config.kind === 'sqlite' ? `${db.config.path}.d` : '/tmp' }).outbound,
      pricePerSegmentUsd: 0.01, numberPricePerMonthUsd: 0, budgetUsd: { user: 0.045, premium: 1 } };
    const acts = activities({ outbound, limiter: createMemoryLimiter(1000) });
    const u = await user();
    const long = 'Voici ton plan pour la journee: '.repeat(10);
    expect(countSegments(long).segments).to.be.greaterThan(1);
    for (let i = 0; i < 4; i += 1) await send(acts, { userId: u.id, body: `r${i}`, idempotencyKey: `reminder:${u.id}:${i}` });

    const near = await send(acts, { userId: u.id, body: long, idempotencyKey: `reply:${u.id}:near` });
    expect(near).to.include({ status: 'sent', segments: 1 });
    expect(fake.messages.at(-1)!.body).to.match(/\.\.\.$/);

    const capped = await send(acts, { userId: u.id, body: 'encore', idempotencyKey: `reply:${u.id}:cap` });
    expect(capped).to.deep.equal({ status: 'skipped', reason: 'budget' });
    const carrier = await send(acts, { userId: u.id, body: 'AIDE: ...', idempotencyKey: `reply:${u.id}:help`, kind: 'carrier' as const });
    const reminder = await send(acts, { userId: u.id, body: 'prends tes pilules', idempotencyKey: `reminder:${u.id}:9` });
    expect([carrier.status, reminder.status]).to.deep.equal(['sent', 'sent']);

    const premium = await user('premium');
    for (let i = 0; i < 5; i += 1) await send(acts, { userId: premium.id, body: `r${i}`, idempotencyKey: `reminder:${premium.id}:${i}` });
    expect((await send(acts, { userId: premium.id, body: long, idempotencyKey: `reply:${premium.id}` })).status).to.equal('sent');
  });

  it('cuts a long reply to one segment at a word boundary', () => {
    const cut = shortenToOneSegment('mot '.repeat(100));
    expect(countSegments(cut).segments).to.equal(1);
    expect(cut.endsWith('mot...')).to.equal(true);
    expect(shortenToOneSegment('court')).to.equal('court');
  });
});
