import { expect } from 'chai';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { ref } from '@mikro-orm/core';
import { createLogger } from '../../services/infra/logger';
import { createTwilioTransport } from '../../services/infra/sms-transport';
import { createTwilioClient } from '../../services/infra/twilio-client';
import { createSmsActivities } from '../../activities/sms';
import { openDatabase, type Orm } from '../../schemas/db';
import { Message, User } from '../../schemas/entities';
import { ErrorType } from '../../schemas/errors';
import { startFakeTwilio, type FakeTwilio } from '../fakes/twilio-server';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../helpers/databases';
import { testNumber } from '../helpers/stack';

const SETTLE_MS = 3500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the attempt to fail');
}

for (const kind of DB_KINDS) {
  describe(`the sendSms activity (${kind})`, () => {
    let db: TestDatabase;
    let orm: Orm;
    let fake: FakeTwilio;
    let activities: ReturnType<typeof createSmsActivities>;
    const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR', () => undefined) });

    before(async () => {
      db = await createTestDatabase(kind);
      orm = await openDatabase(db.config, { migrate: true });
      fake = await startFakeTwilio();
      const client = createTwilioClient({ accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.url, timeoutMs: 2000 });
      activities = createSmsActivities({
        orm,
        transport: createTwilioTransport(client),
        publicBaseUrl: 'https://assistant.example',
        logger: createLogger({ level: 'error', json: true, service: 'test' }),
        // An unanswered attempt is settled this long after it left (30 s in production).
        settleMs: SETTLE_MS,
      });
    });
    after(async () => {
      await fake?.close();
      await orm?.close();
      await db?.drop();
    });
    beforeEach(() => fake.reset());

    async function user(status: User['status'] = 'active') {
      const u = new User({ phone: testNumber(), assistantNumber: testNumber() });
      u.status = status;
      await orm.em.fork().persistAndFlush(u);
      return u;
    }
    const send = (input: Parameters<typeof activities.sendSms>[0]) => env.run(activities.sendSms, input);

    it('sends from the assistant number and records sid, segments and encoding', async () => {
      const u = await user();
      const result = await send({ userId: u.id, body: 'ça marche! 👍', idempotencyKey: `t:${u.id}` });
      expect(result).to.include({ status: 'sent', segments: 1 });
      expect(fake.messages).to.have.length(1);
      expect(fake.messages[0]).to.include({ to: u.phone, from: u.assistantNumber, statusCallback: 'https://assistant.example/webhooks/twilio/status' });
      const row = await orm.em.fork().findOneOrFail(Message, { idempotencyKey: `t:${u.id}` });
      expect(row).to.include({ twilioSid: fake.messages[0]!.sid, encoding: 'UCS-2', segments: 1, direction: 'outbound', status: 'queued' });
    });

    it('keeps French replies in GSM-7 unless the person turned that off', async () => {
      const u = await user();
      const text = 'Réponds OK pour arrêter, ça marche?';
      await send({ userId: u.id, body: text, idempotencyKey: `g:${u.id}` });
      expect(fake.messages[0]!.body).to.equal('Réponds OK pour arreter, ca marche?');
      const row = await orm.em.fork().findOneOrFail(Message, { idempotencyKey: `g:${u.id}` });
      expect(row).to.include({ encoding: 'GSM-7', segments: 1 });

      const purist = await user();
      purist.gsmFriendly = false;
      await orm.em.fork().upsert(User, purist);
      await send({ userId: purist.id, body: text, idempotencyKey: `g:${purist.id}` });
      expect(fake.messages[1]!.body).to.equal(text);
    });

    it('does not send twice when retried after success', async () => {
      const u = await user();
      const first = await send({ userId: u.id, body: 'hi', idempotencyKey: `t:${u.id}` });
      const again = await send({ userId: u.id, body: 'hi', idempotencyKey: `t:${u.id}` });
      expect(again).to.deep.equal(first);
      expect(fake.messages).to.have.length(1);
    });

    it('settles an ambiguous attempt (Twilio sent, the answer was lost) without texting twice', async () => {
      const u = await user();
      fake.dropResponseNext(1);
      const key = `t:${u.id}`;
      await failureOf(send({ userId: u.id, body: 'once only', idempotencyKey: key })); // transient: Temporal would retry
      expect(fake.messages).to.have.length(1);
      // Too soon to ask Twilio what was sent: the retry is pushed to when the attempt has settled.
      const early = await failureOf(send({ userId: u.id, body: 'once only', idempotencyKey: key }));
      expect(early).to.be.instanceOf(ApplicationFailure);
      expect((early as ApplicationFailure).type).to.equal('SendSettling');
      expect((early as ApplicationFailure).nextRetryDelay).to.be.a('number');
      await sleep(SETTLE_MS);
      const retry = await send({ userId: u.id, body: 'once only', idempotencyKey: key });
      expect(retry).to.include({ status: 'sent', sid: fake.messages[0]!.sid });
      expect(fake.messages).to.have.length(1);
    });

    it('does not text twice when Twilio creates the message after the client gave up waiting', async () => {
      const u = await user();
      const key = `slow:${u.id}`;
      // The client times out at 2 s; the overloaded edge records the message at 2.6 s.
      fake.slowCreateNext(1, 2600);
      const timedOut = await failureOf(send({ userId: u.id, body: 'slow edge', idempotencyKey: key }));
      expect(timedOut).to.not.be.instanceOf(ApplicationFailure); // retryable, outcome unknown
      expect(fake.messages).to.have.length(0);
      // Retried at once (as Temporal would), it must not resend while the first request may still land.
      const early = await failureOf(send({ userId: u.id, body: 'slow edge', idempotencyKey: key }));
      expect((early as ApplicationFailure).type).to.equal('SendSettling');
      await fake.waitForMessages(1);
      await sleep(SETTLE_MS);
      const settled = await send({ userId: u.id, body: 'slow edge', idempotencyKey: key });
      expect(fake.messages).to.have.length(1);
      expect(settled).to.include({ status: 'sent', sid: fake.messages[0]!.sid });
      const row = await orm.em.fork().findOneOrFail(Message, { idempotencyKey: key });
      expect(row.twilioSid).to.equal(fake.messages[0]!.sid);
      expect(row.sendAttemptedAt).to.equal(null);
    });

    // Issue 19: the same text twice to one person ("OK, c'est noté"), the second send ambiguous.
    // The look-up used to match on the body alone and took the first reply for the second one,
    // which was then never sent.
    it('sends a reply whose request was lost even when the same text went to that person just before', async () => {
      const u = await user();
      const text = "OK, c'est noté";
      const first = await send({ userId: u.id, body: text, idempotencyKey: `same:1:${u.id}` });
      fake.dropRequestNext(1); // the second request never becomes a message at Twilio
      const lost = await failureOf(send({ userId: u.id, body: text, idempotencyKey: `same:2:${u.id}` }));
      expect(lost).to.not.be.instanceOf(ApplicationFailure); // retryable: the outcome is unknown
      expect(fake.messages).to.have.length(1);
      await sleep(SETTLE_MS);
      const second = await send({ userId: u.id, body: text, idempotencyKey: `same:2:${u.id}` });
      expect(second).to.include({ status: 'sent' });
      expect(fake.messages).to.have.length(2);
      expect((second as { sid: string }).sid).to.equal(fake.messages[1]!.sid).and.not.equal((first as { sid: string }).sid);
    });

    it('settles an ambiguous attempt on its own message, not on the same text sent just before', async () => {
      const u = await user();
      const first = await send({ userId: u.id, body: 'Noté!', idempotencyKey: `own:1:${u.id}` });
      fake.dropResponseNext(1); // Twilio creates the second message; the answer is lost
      await failureOf(send({ userId: u.id, body: 'Noté!', idempotencyKey: `own:2:${u.id}` }));
      await sleep(SETTLE_MS);
      const second = await send({ userId: u.id, body: 'Noté!', idempotencyKey: `own:2:${u.id}` });
      expect(fake.messages).to.have.length(2);
      expect(second).to.include({ status: 'sent', sid: fake.messages[1]!.sid });
      expect((second as { sid: string }).sid).to.not.equal((first as { sid: string }).sid);
    });

    it('sends a row left by a crash before its request went out, without taking an earlier same-text message', async () => {
      const u = await user();
      await send({ userId: u.id, body: 'D\'accord!', idempotencyKey: `crash:1:${u.id}` });
      // What a worker SIGKILLed between writing the row and calling Twilio leaves behind.
      const em = orm.em.fork();
      const sender = await em.findOneOrFail(User, { id: u.id });
      em.persist(new Message({ user: ref(sender), direction: 'outbound', body: 'D\'accord!', status: 'sending', idempotencyKey: `crash:2:${u.id}`, segments: 1, encoding: 'GSM-7' }));
      await em.flush();
      const retry = await send({ userId: u.id, body: 'D\'accord!', idempotencyKey: `crash:2:${u.id}` });
      expect(fake.messages).to.have.length(2);
      expect(retry).to.include({ status: 'sent', sid: fake.messages[1]!.sid });
    });

    it('retries at once after a definite answer from Twilio (nothing was created, nothing to settle)', async () => {
      const u = await user();
      const key = `definite:${u.id}`;
      fake.failNext(1, { status: 503, code: 20503, message: 'Service Unavailable' });
      await failureOf(send({ userId: u.id, body: 'after a 503', idempotencyKey: key }));
      const row = await orm.em.fork().findOneOrFail(Message, { idempotencyKey: key });
      expect(row.sendAttemptedAt).to.equal(null);
      const retry = await send({ userId: u.id, body: 'after a 503', idempotencyKey: key });
      expect(retry).to.include({ status: 'sent' });
      expect(fake.messages).to.have.length(1);
    });

    it('retries a transient provider error and sends once it recovers', async () => {
      const u = await user();
      fake.failNext(1, { status: 500, code: 20500, message: 'Internal Server Error' });
      let error: unknown;
      try {
        await send({ userId: u.id, body: 'retry me', idempotencyKey: `t:${u.id}` });
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(Error).and.not.instanceOf(ApplicationFailure);
      await send({ userId: u.id, body: 'retry me', idempotencyKey: `t:${u.id}` });
      expect(fake.messages).to.have.length(1);
    });

    it('marks the person opted out on carrier error 21610 and never retries', async () => {
      const u = await user();
      fake.failNext(1, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
      const err = await send({ userId: u.id, body: 'hi', idempotencyKey: `t:${u.id}` }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ApplicationFailure).with.property('type', ErrorType.RecipientOptedOut);
      expect((err as ApplicationFailure).nonRetryable).to.equal(true);
      expect((await orm.em.fork().findOneOrFail(User, { id: u.id })).status).to.equal('opted_out');
    });

    it('treats an invalid number as permanent', async () => {
      const u = await user();
      fake.failNext(1, { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
      const err = await send({ userId: u.id, body: 'hi', idempotencyKey: `t:${u.id}` }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ApplicationFailure).with.property('type', ErrorType.InvalidRecipient);
      const row = await orm.em.fork().findOneOrFail(Message, { idempotencyKey: `t:${u.id}` });
      expect(row.status).to.equal('failed');
      expect(row.error).to.match(/^21211/);
    });

    it('skips an opted-out person without calling the provider', async () => {
      const u = await user('opted_out');
      expect(await send({ userId: u.id, body: 'hi', idempotencyKey: `t:${u.id}` })).to.deep.equal({ status: 'skipped', reason: 'opted_out' });
      expect(fake.requests).to.have.length(0);
    });
  });
}
