import { expect } from 'chai';
import { createLogger } from '../../services/infra/logger';
import { createMemoryLimiter } from '../../services/infra/outbound-limiter';
import { createTwilioTransport } from '../../services/infra/sms-transport';
import { createTwilioClient } from '../../services/infra/twilio-client';
import { createSmsSender, type SmsSender } from '../../services/sms';
import { openDatabase, type Orm } from '../../schemas/db';
import { Message, User } from '../../schemas/entities';
import { startFakeTwilio, type FakeTwilio } from '../fakes/twilio-server';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';
import { testNumber } from '../helpers/stack';

/** The SMS sender outside an activity, as the api uses it for sign-in codes. */
describe('the SMS sender outside an activity (sign-in codes)', () => {
  let db: TestDatabase;
  let orm: Orm;
  let fake: FakeTwilio;
  let sender: SmsSender;

  before(async () => {
    db = await createTestDatabase('sqlite');
    orm = await openDatabase(db.config, { migrate: true });
    fake = await startFakeTwilio();
    const client = createTwilioClient({ accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.url, timeoutMs: 2000 });
    sender = createSmsSender({
      orm,
      transport: createTwilioTransport(client),
      publicBaseUrl: 'https://assistant.example',
      logger: createLogger({ level: 'error', json: true, service: 'test' }),
      limiter: createMemoryLimiter(2),
    });
  });
  after(async () => {
    await fake?.close();
    await orm?.close();
    await db?.drop();
  });
  beforeEach(() => fake.reset());

  async function user() {
    const u = new User({ phone: testNumber(), assistantNumber: testNumber() });
    await orm.em.fork().persistAndFlush(u);
    return u;
  }
  const rows = (userId: string) => orm.em.fork().find(Message, { user: userId });

  it('texts a secret once and keeps no message row of it, nor a status callback', async () => {
    const u = await user();
    const result = await sender.send({ userId: u.id, body: 'Your sign-in code: 123456.', idempotencyKey: `mfa:${u.id}:1`, kind: 'system', secret: true });
    expect(result).to.include({ status: 'sent' });
    expect(fake.messages).to.have.length(1);
    expect(fake.messages[0]).to.include({ to: u.phone, from: u.assistantNumber, body: 'Your sign-in code: 123456.' });
    expect(fake.messages[0]!.statusCallback ?? null).to.equal(null);
    expect(await rows(u.id)).to.have.length(0);
  });

  it('keeps no row of a secret the provider refused for good', async () => {
    const u = await user();
    fake.failNext(1, { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    const failed = await sender.send({ userId: u.id, body: 'Your sign-in code: 654321.', idempotencyKey: `mfa:${u.id}:2`, secret: true }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failed).to.be.an('error');
    expect(await rows(u.id)).to.have.length(0);
  });

  it('paces sends from one number on plain timers, without an activity context', async () => {
    const u = await user();
    const started = Date.now();
    // Two segments per second on this number: the third message leaves about a second after the first.
    for (let i = 0; i < 3; i++) await sender.send({ userId: u.id, body: `code ${i}`, idempotencyKey: `mfa:${u.id}:p${i}`, secret: true });
    expect(fake.messages).to.have.length(3);
    expect(Date.now() - started).to.be.at.least(900);
    expect(await rows(u.id)).to.have.length(0);
  });

  it('keeps the row of an ordinary send, so a retry with the same key does not text twice', async () => {
    const u = await user();
    const first = await sender.send({ userId: u.id, body: 'Welcome!', idempotencyKey: `welcome:${u.id}:x` });
    const again = await sender.send({ userId: u.id, body: 'Welcome!', idempotencyKey: `welcome:${u.id}:x` });
    expect(again).to.deep.equal(first);
    expect(fake.messages).to.have.length(1);
    expect(await rows(u.id)).to.have.length(1);
  });
});
