import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import type { Server } from 'node:http';
import { expect } from 'chai';
import express from 'express';
import twilio from 'twilio';
import {
  createTwilioClient,
  rewriteTwilioUrl,
  isDefaultTwilioApiBaseUrl,
  TwilioTransportError,
  RewritingRequestClient,
} from '../../services/infra/twilio-client';
import { startFakeTwilio, countSegments } from '../fakes/twilio-server';
import type { FakeTwilio } from '../fakes/twilio-server';

const USER = '+15145550101';
const OTHER_USER = '+15145550102';
const OUR_NUMBER = '+15145550199';

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  expect.fail('expected the call to throw');
}

describe('Twilio through the real SDK against the fake REST server', function () {
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async function () {
    // Every server a test started is closed here, even when the test failed.
    while (cleanups.length > 0) await cleanups.pop()?.();
  });

  async function fakeTwilio(): Promise<FakeTwilio> {
    const fake = await startFakeTwilio();
    cleanups.push(() => fake.close());
    return fake;
  }

  function clientFor(fake: FakeTwilio, overrides: { authToken?: string; timeoutMs?: number } = {}) {
    return createTwilioClient({
      accountSid: fake.accountSid,
      authToken: overrides.authToken ?? fake.authToken,
      apiBaseUrl: fake.url,
      ...(overrides.timeoutMs !== undefined ? { timeoutMs: overrides.timeoutMs } : {}),
    });
  }

  /** A tiny express app that records the status callbacks it receives. */
  async function callbackReceiver() {
    const received: { signature: string | undefined; params: Record<string, string>; contentType: string | undefined }[] =
      [];
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.post('/twilio/status', (req, res) => {
      received.push({
        signature: req.header('X-Twilio-Signature'),
        params: { ...(req.body as Record<string, string>) },
        contentType: req.header('Content-Type'),
      });
      res.status(204).end();
    });
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1');
      s.once('listening', () => resolve(s));
      s.once('error', reject);
    });
    cleanups.push(
      () =>
        new Promise<void>((resolve, reject) => {
          server.close((err) => (err ? reject(err) : resolve()));
          server.closeAllConnections();
        }),
    );
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/twilio/status`, received };
  }

  it('creates a message with the SDK and the fake records it like Twilio would', async function () {
    const fake = await fakeTwilio();
    const client = clientFor(fake);

    const msg = await client.messages.create({
      to: USER,
      from: OUR_NUMBER,
      body: 'Bonjour! Rappel: prendre tes médicaments.',
      statusCallback: 'https://example.test/twilio/status',
    });

    expect(msg.sid).to.match(/^SM[0-9a-f]{32}$/);
    expect(msg.accountSid).to.equal(fake.accountSid);
    expect(msg.to).to.equal(USER);
    expect(msg.from).to.equal(OUR_NUMBER);
    expect(msg.status).to.equal('queued');
    expect(msg.direction).to.equal('outbound-api');
    expect(msg.numSegments).to.equal('1');
    expect(msg.errorCode).to.equal(null);
    expect(msg.dateSent).to.equal(null);
    expect(msg.dateCreated).to.be.instanceOf(Date);
    expect(Math.abs(msg.dateCreated.getTime() - Date.now())).to.be.lessThan(5000);
    expect(msg.uri).to.equal(`/2010-04-01/Accounts/${fake.accountSid}/Messages/${msg.sid}.json`);

    const [stored] = await fake.waitForMessages(1, { to: USER, timeoutMs: 1000 });
    expect(stored).to.include({
      sid: msg.sid,
      to: USER,
      from: OUR_NUMBER,
      status: 'queued',
      statusCallback: 'https://example.test/twilio/status',
    });
    expect(fake.requests).to.have.length(1);
    expect(fake.requests[0]).to.deep.equal({
      method: 'POST',
      path: `/2010-04-01/Accounts/${fake.accountSid}/Messages.json`,
      form: {
        To: USER,
        From: OUR_NUMBER,
        Body: 'Bonjour! Rappel: prendre tes médicaments.',
        StatusCallback: 'https://example.test/twilio/status',
      },
    });
  });

  it('lists messages filtered by To, From and dateSentAfter, following next_page_uri', async function () {
    const fake = await fakeTwilio();
    const client = clientFor(fake);
    const before = new Date(Date.now() - 2000);

    const a = await client.messages.create({ to: USER, from: OUR_NUMBER, body: 'one' });
    const b = await client.messages.create({ to: OTHER_USER, from: OUR_NUMBER, body: 'two' });
    const c = await client.messages.create({ to: USER, from: '+15145550198', body: 'three' });

    const toUser = await client.messages.list({ to: USER });
    expect(toUser.map((m) => m.sid)).to.deep.equal([c.sid, a.sid]); // newest first, like Twilio

    const fromOurs = await client.messages.list({ from: OUR_NUMBER });
    expect(fromOurs.map((m) => m.sid)).to.have.members([a.sid, b.sid]);

    const recent = await client.messages.list({ to: USER, dateSentAfter: before });
    expect(recent.map((m) => m.sid)).to.have.members([a.sid, c.sid]);
    const future = await client.messages.list({ dateSentAfter: new Date(Date.now() + 3_600_000) });
    expect(future).to.deep.equal([]);
    const listedAgain = recent.find((m) => m.sid === a.sid);
    expect(listedAgain?.dateSent).to.be.instanceOf(Date);

    // The SDK sends the "after" filter as the query key `DateSent>` (encoded DateSent%3E) with a
    // second-precision UTC ISO 8601 value.
    const filtered = fake.requests.find((r) => r.method === 'GET' && r.form['DateSent>'] !== undefined);
    expect(filtered?.form['DateSent>']).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(filtered?.form['PageSize']).to.equal(undefined); // list() only sends PageSize when asked

    // Pagination: next_page_uri is relative and goes through the same URL rewriting.
    const paged = await client.messages.list({ pageSize: 2 });
    expect(paged.map((m) => m.sid)).to.deep.equal([c.sid, b.sid, a.sid]);
    const pageRequests = fake.requests.filter((r) => r.method === 'GET' && r.form['PageSize'] === '2');
    expect(pageRequests.map((r) => r.form['Page'])).to.deep.equal([undefined, '1']);
  });

  it('fetches a message by sid and reports an unknown sid as a 404 RestException', async function () {
    const fake = await fakeTwilio();
    const client = clientFor(fake);
    const created = await client.messages.create({ to: USER, from: OUR_NUMBER, body: 'fetch me' });

    const fetched = await client.messages(created.sid).fetch();
    expect(fetched.sid).to.equal(created.sid);
    expect(fetched.body).to.equal('fetch me');
    expect(fetched.dateCreated.getTime()).to.equal(created.dateCreated.getTime());

    const err = await caught(() => client.messages(`SM${'0'.repeat(32)}`).fetch());
    expect(err).to.be.instanceOf(twilio.RestException);
    expect(err).to.include({ status: 404, code: 20404 });
  });

  it('surfaces a 400 validation error as the SDK RestException with code and status', async function () {
    const fake = await fakeTwilio();
    const client = clientFor(fake);

    const err = await caught(() => client.messages.create({ to: USER, from: OUR_NUMBER }));
    expect(err).to.be.instanceOf(twilio.RestException);
    expect(err).to.include({
      status: 400,
      code: 21602,
      message: 'Message body is required.',
      moreInfo: 'https://www.twilio.com/docs/errors/21602',
    });

    const badTo = await caught(() => client.messages.create({ to: 'not-a-number', from: OUR_NUMBER, body: 'x' }));
    expect(badTo).to.include({ status: 400, code: 21211 });
    expect(fake.messages).to.have.length(0);
  });

  it('surfaces an injected 500 as an error and accepts the next create', async function () {
    const fake = await fakeTwilio();
    const client = clientFor(fake);
    fake.failNext(1, { status: 500, code: 20500, message: 'Internal Server Error' });

    const err = await caught(() => client.messages.create({ to: USER, from: OUR_NUMBER, body: 'hi' }));
    expect(err).to.be.instanceOf(twilio.RestException);
    expect(err).to.include({ status: 500, code: 20500, message: 'Internal Server Error' });
    expect(fake.messages).to.have.length(0);

    const ok = await client.messages.create({ to: USER, from: OUR_NUMBER, body: 'hi' });
    expect(ok.status).to.equal('queued');
    expect(fake.messages.map((m) => m.sid)).to.deep.equal([ok.sid]);
  });

  it('rejects a wrong auth token with 401 and code 20003', async function () {
    const fake = await fakeTwilio();
    const client = clientFor(fake, { authToken: 'wrong-token' });

    const err = await caught(() => client.messages.create({ to: USER, from: OUR_NUMBER, body: 'hi' }));
    expect(err).to.be.instanceOf(twilio.RestException);
    expect(err).to.include({ status: 401, code: 20003, message: 'Authenticate' });
    expect(fake.messages).to.have.length(0);
  });

  it('reports a dropped response as a transport error even though the message was accepted', async function () {
    const fake = await fakeTwilio();
    const client = clientFor(fake);
    fake.dropResponseNext(1);

    const err = await caught(() => client.messages.create({ to: USER, from: OUR_NUMBER, body: 'maybe sent' }));
    expect(err).to.be.instanceOf(TwilioTransportError);
    expect(err).to.not.be.instanceOf(twilio.RestException);
    const transport = err as TwilioTransportError;
    expect(transport.code).to.equal('ECONNRESET');
    expect(transport.method).to.equal('POST');
    // The error must not carry credentials (axios errors keep the Authorization header).
    const basic = Buffer.from(`${fake.accountSid}:${fake.authToken}`).toString('base64');
    const dump = JSON.stringify(transport) + String(transport.stack) + JSON.stringify(Object.entries(transport));
    expect(dump).to.not.include(fake.authToken);
    expect(dump).to.not.include(basic);
    expect(transport.cause).to.equal(undefined);

    expect(fake.messages.map((m) => m.body)).to.deep.equal(['maybe sent']);
    const next = await client.messages.create({ to: USER, from: OUR_NUMBER, body: 'answered' });
    expect(next.body).to.equal('answered');
  });

  it('gives up on a Twilio that never answers after the configured timeout', async function () {
    // A TCP server that accepts the connection and never says anything.
    const sockets = new Set<Socket>();
    const silent = createServer((s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          silent.close(() => resolve());
        }),
    );
    const { port } = silent.address() as AddressInfo;
    const client = createTwilioClient({
      accountSid: `AC${'1'.repeat(32)}`,
      authToken: 'secret-token',
      apiBaseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 200,
    });

    const started = Date.now();
    const err = await caught(() => client.messages.create({ to: USER, from: OUR_NUMBER, body: 'hello?' }));
    expect(err).to.be.instanceOf(TwilioTransportError);
    expect((err as TwilioTransportError).isTimeout).to.equal(true);
    expect(String(err)).to.not.include('secret-token');
    expect(Date.now() - started).to.be.lessThan(2000);
  });

  it('signs status callbacks so that twilio.validateRequest accepts them', async function () {
    const fake = await fakeTwilio();
    const receiver = await callbackReceiver();
    const client = clientFor(fake);
    const msg = await client.messages.create({
      to: USER,
      from: OUR_NUMBER,
      body: 'track me',
      statusCallback: receiver.url,
    });

    expect(await fake.sendStatusCallback(msg.sid, 'sent')).to.equal(204);
    expect(await fake.sendStatusCallback(msg.sid, 'undelivered', 30003)).to.equal(204);

    expect(receiver.received).to.have.length(2);
    const [sent, undelivered] = receiver.received;
    expect(sent?.contentType).to.match(/^application\/x-www-form-urlencoded/);
    expect(sent?.params).to.include({
      MessageSid: msg.sid,
      MessageStatus: 'sent',
      To: USER,
      From: OUR_NUMBER,
      AccountSid: fake.accountSid,
    });
    expect(sent?.params).to.not.have.property('ErrorCode');
    expect(undelivered?.params).to.include({ MessageStatus: 'undelivered', ErrorCode: '30003' });

    for (const cb of receiver.received) {
      expect(twilio.validateRequest(fake.authToken, cb.signature ?? '', receiver.url, cb.params)).to.equal(true);
      expect(twilio.validateRequest('some-other-token', cb.signature ?? '', receiver.url, cb.params)).to.equal(false);
      expect(
        twilio.validateRequest(fake.authToken, cb.signature ?? '', receiver.url, { ...cb.params, MessageStatus: 'x' }),
      ).to.equal(false);
    }

    // The fake's stored state follows the callbacks.
    const fetched = await client.messages(msg.sid).fetch();
    expect(fetched.status).to.equal('undelivered');
    expect(fetched.errorCode).to.equal(30003);
  });

  it('counts segments like Twilio for GSM-7 and UCS-2 bodies', async function () {
    expect(countSegments('a'.repeat(160))).to.equal('1');
    expect(countSegments('a'.repeat(161))).to.equal('2');
    expect(countSegments('a'.repeat(306))).to.equal('2');
    expect(countSegments('a'.repeat(307))).to.equal('3');
    expect(countSegments('{'.repeat(80))).to.equal('1'); // extension chars take two septets
    expect(countSegments('{'.repeat(81))).to.equal('2');
    expect(countSegments('é'.repeat(160))).to.equal('1'); // é is in the GSM-7 basic set
    expect(countSegments('ж'.repeat(70))).to.equal('1');
    expect(countSegments('ж'.repeat(71))).to.equal('2');
    expect(countSegments('ê'.repeat(134))).to.equal('2'); // ê is not GSM-7
    expect(countSegments('ê'.repeat(135))).to.equal('3');

    const fake = await fakeTwilio();
    const msg = await clientFor(fake).messages.create({ to: USER, from: OUR_NUMBER, body: `${'a'.repeat(69)}😀` });
    expect(msg.numSegments).to.equal('2'); // the emoji is 2 UCS-2 units: 71 > 70
  });

  it('explains in the waitForMessages timeout what did arrive', async function () {
    const fake = await fakeTwilio();
    const client = clientFor(fake);
    await client.messages.create({ to: OTHER_USER, from: OUR_NUMBER, body: 'wrong person' });

    const err = await caught(() => fake.waitForMessages(1, { to: USER, timeoutMs: 50 }));
    expect(String(err)).to.include(`to ${USER}`).and.include(OTHER_USER).and.include('wrong person');

    const later = fake.waitForMessages(2, { timeoutMs: 2000 });
    await client.messages.create({ to: USER, from: OUR_NUMBER, body: 'right person' });
    expect((await later).map((m) => m.to)).to.deep.equal([OTHER_USER, USER]);

    fake.reset();
    expect(fake.messages).to.deep.equal([]);
    expect(fake.requests).to.deep.equal([]);
  });

  it('rewrites any twilio.com origin onto apiBaseUrl and leaves production untouched', function () {
    const base = 'http://127.0.0.1:4010';
    expect(rewriteTwilioUrl('https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?To=%2B1&Page=2', base)).to.equal(
      'http://127.0.0.1:4010/2010-04-01/Accounts/AC1/Messages.json?To=%2B1&Page=2',
    );
    expect(rewriteTwilioUrl('https://messaging.twilio.com/v1/Services', `${base}/twilio/`)).to.equal(
      'http://127.0.0.1:4010/twilio/v1/Services',
    );
    expect(rewriteTwilioUrl('https://api.dublin.ie1.twilio.com/2010-04-01/x.json', base)).to.equal(
      'http://127.0.0.1:4010/2010-04-01/x.json',
    );
    expect(rewriteTwilioUrl('https://example.com/x', base)).to.equal('https://example.com/x');
    expect(rewriteTwilioUrl('https://eviltwilio.com/x', base)).to.equal('https://eviltwilio.com/x');
    expect(isDefaultTwilioApiBaseUrl('https://api.twilio.com')).to.equal(true);
    expect(isDefaultTwilioApiBaseUrl('https://api.twilio.com/')).to.equal(true);
    expect(isDefaultTwilioApiBaseUrl(base)).to.equal(false);
    expect(() => createTwilioClient({ accountSid: 'AC1', authToken: 't', apiBaseUrl: 'ftp://x' })).to.throw(/http/);

    const sid = `AC${'2'.repeat(32)}`;
    const production = createTwilioClient({ accountSid: sid, authToken: 't', apiBaseUrl: 'https://api.twilio.com' });
    expect(production.httpClient).to.be.instanceOf(RewritingRequestClient);
    expect((production.httpClient as RewritingRequestClient).apiBaseUrl).to.equal(undefined);
    expect(production.httpClient.defaultTimeout).to.equal(10_000);
    const local = createTwilioClient({ accountSid: sid, authToken: 't', apiBaseUrl: base });
    expect((local.httpClient as RewritingRequestClient).apiBaseUrl).to.equal(base);
  });
});
