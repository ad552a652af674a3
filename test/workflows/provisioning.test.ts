import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createLogger } from '../../services/infra/logger';
import { createTwilioTransport } from '../../services/infra/sms-transport';
import { createTwilioClient } from '../../services/infra/twilio-client';
import { createNumberActivities } from '../../activities/numbers';
import { friendlyName } from '../../services/numbers';
import { createSmsActivities } from '../../activities/sms';
import { openDatabase, type Orm } from '../../schemas/db';
import { Message, PhoneNumber, User } from '../../schemas/entities';
import { numberProvisioningWorkflow } from '../../workflows/provisioning';
import { numberProvisioningWorkflowId, type ProvisioningInput } from '../../workflows/contracts/provisioning';
import { startFakeTwilio, type FakeTwilio } from '../fakes/twilio-server';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';
import { testNumber } from '../helpers/stack';
import { createTimeSkippingEnv, getWorkflowBundle, testDataConverter } from '../helpers/temporal';

const BASE = 'https://assistant.example';

describe('the number provisioning saga', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let orm: Orm;
  let fake: FakeTwilio;
  const logger = createLogger({ level: 'error', json: true, service: 'test' });

  before(async () => {
    [env, db, fake] = await Promise.all([createTimeSkippingEnv(), createTestDatabase('sqlite'), startFakeTwilio()]);
    orm = await openDatabase(db.config, { migrate: true });
  });
  after(async () => {
    await env?.teardown();
    await fake?.close();
    await orm?.close();
    await db?.drop();
  });
  beforeEach(() => fake.reset());

  function activities(opts: { coolingOffDays?: number; credentials?: boolean } = {}) {
    const client = createTwilioClient({ accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.url, timeoutMs: 2000 });
    return {
      ...createNumberActivities({ orm, logger, publicBaseUrl: BASE, twilio: opts.credentials === false ? null : client, coolingOffDays: opts.coolingOffDays ?? 90 }),
      ...createSmsActivities({ orm, logger, publicBaseUrl: BASE, transport: createTwilioTransport(client) }),
    };
  }

  async function provision(input: Partial<ProvisioningInput> & { userId: string }, acts = activities()) {
    const taskQueue = `prov-${randomBytes(4).toString('hex')}`;
    const worker = await Worker.create({ dataConverter: testDataConverter,
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await getWorkflowBundle(),
      activities: acts,
      stickyQueueScheduleToStartTimeout: '1 second',
    });
    return worker.runUntil(
      env.client.workflow.execute(numberProvisioningWorkflow, {
        workflowId: `${numberProvisioningWorkflowId(input.userId)}-${randomBytes(3).toString('hex')}`,
        taskQueue,
        args: [{ areaCode: '514', country: 'CA', language: 'fr', ...input }],
      }),
    );
  }
  const signup = () => ({ phone: testNumber(), timezone: 'America/Toronto', language: 'fr' as const });
  const area = (npa: string, n: number) => Array.from({ length: n }, () => `+1${npa}${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}`);
  const buys = () => fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/IncomingPhoneNumbers.json'));

  it('buys a local SMS number, wires its webhooks, creates the user on it and texts a welcome from it', async () => {
    const [first] = area('514', 3);
    fake.addAvailableNumbers('CA', [first!, ...area('514', 2)]);
    const userId = randomUUID();
    const s = signup();
    const result = await provision({ userId, signup: s });
    expect(result).to.include({ userId, phoneNumber: first, reused: false });

    const search = fake.requests.find((r) => r.path.endsWith('/AvailablePhoneNumbers/CA/Local.json'));
    expect(search?.form).to.include({ AreaCode: '514', SmsEnabled: 'true' });
    expect(buys()).to.have.length(1);
    expect(buys()[0]!.form).to.deep.include({
      PhoneNumber: first,
      SmsUrl: `${BASE}/webhooks/twilio/sms`,
      SmsMethod: 'POST',
      StatusCallback: `${BASE}/webhooks/twilio/status`,
      FriendlyName: friendlyName(userId),
    });
    const user = await orm.em.fork().findOneOrFail(User, { id: userId });
    expect(user).to.include({ phone: s.phone, assistantNumber: first });
    const row = await orm.em.fork().findOneOrFail(PhoneNumber, { twilioSid: result.numberSid });
    expect(row).to.include({ status: 'assigned', holderKey: userId, phoneNumber: first });
    expect(fake.messages).to.have.length(1);
    expect(fake.messages[0]).to.include({ from: first, to: s.phone });
    expect(fake.messages[0]!.body).to.match(/STOP/);
  });

  it('falls back to a nearby area code (514 → 438) when the own one has nothing', async () => {
    const [near] = area('438', 1);
    fake.addAvailableNumbers('CA', [near!]);
    const result = await provision({ userId: randomUUID(), signup: signup() });
    expect(result.phoneNumber).to.equal(near);
    const searched = fake.requests.filter((r) => r.path.endsWith('/Local.json')).map((r) => r.form.AreaCode);
    expect(searched.slice(0, 2)).to.deep.equal(['514', '438']);
  });

  it('moves on to the next candidate when one was taken meanwhile (21422)', async () => {
    fake.addAvailableNumbers('CA', area('514', 2));
    fake.failNextOn('buy', 1, { status: 400, code: 21422, message: 'PhoneNumber Requested is not available' });
    const result = await provision({ userId: randomUUID(), signup: signup() });
    expect(buys()).to.have.length(2);
    expect(result.phoneNumber).to.equal(buys()[1]!.form.PhoneNumber);
  });

  it('releases the number and leaves no user behind when the welcome SMS fails for good', async () => {
    fake.addAvailableNumbers('CA', area('514', 2));
    fake.failNext(1, { status: 400, code: 21211, message: "Invalid 'To' Phone Number" });
    const userId = randomUUID();
    const err = await provision({ userId, signup: signup() }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause?.message).to.match(/undone.*InvalidRecipient/);

    expect(buys()).to.have.length(1);
    expect(fake.incomingNumbers).to.have.length(0);
    expect(fake.releasedNumbers).to.have.length(1);
    const deletes = fake.requests.filter((r) => r.method === 'DELETE');
    expect(deletes[0]!.path).to.equal(`/2010-04-01/Accounts/${fake.accountSid}/IncomingPhoneNumbers/${fake.releasedNumbers[0]!.sid}.json`);
    expect(await orm.em.fork().findOne(User, { id: userId })).to.equal(null);
    const row = await orm.em.fork().findOneOrFail(PhoneNumber, { twilioSid: fake.releasedNumbers[0]!.sid });
    expect(row).to.include({ status: 'released', holderKey: null });
    expect(row.releaseReason).to.match(/^compensation: InvalidRecipient/);
  });

  it('gives an existing user their old number back when the saga fails after assigning', async () => {
    fake.addAvailableNumbers('CA', area('514', 1));
    const user = new User({ phone: testNumber(), assistantNumber: testNumber() });
    await orm.em.fork().persistAndFlush(user);
    fake.failNext(1, { status: 400, code: 21614, message: "'To' number is not a valid mobile number" });
    await provision({ userId: user.id }).catch(() => undefined);
    const after = await orm.em.fork().findOneOrFail(User, { id: user.id });
    expect(after.assistantNumber).to.equal(user.assistantNumber);
    expect(fake.incomingNumbers).to.have.length(0);
  });

  it('never buys twice: a rerun reuses the recorded number, and a lost purchase answer is found by FriendlyName', async () => {
    fake.addAvailableNumbers('CA', area('514', 3));
    const userId = randomUUID();
    const first = await provision({ userId, signup: signup() });
    const again = await provision({ userId, signup: signup() });
    expect(again).to.include({ phoneNumber: first.phoneNumber, numberSid: first.numberSid, reused: true });
    expect(buys()).to.have.length(1);
    expect(fake.messages).to.have.length(1); // one welcome

    // Twilio bought the number but the answer never arrived: the retry must not buy another.
    const other = randomUUID();
    fake.dropBuyResponseNext(1);
    const lost = await provision({ userId: other, signup: signup() });
    expect(buys()).to.have.length(2);
    expect(fake.incomingNumbers.filter((n) => n.friendlyName === friendlyName(other))).to.have.length(1);
    expect(lost.numberSid).to.equal(fake.incomingNumbers.find((n) => n.friendlyName === friendlyName(other))!.sid);
  });

  it('does not give a released number to another user during the cooling-off period', async () => {
    const [only] = area('263', 1);
    fake.addAvailableNumbers('CA', [only!]);
    const a = await provision({ userId: randomUUID(), signup: signup(), areaCode: '263' });
    await activities().releaseNumber({ numberSid: a.numberSid, reason: 'operator' });
    // The fake (like Twilio) offers the released number again; it is the only one in 263 and its overlays.
    const err = await provision({ userId: randomUUID(), signup: signup(), areaCode: '263' }, activities()).catch((e: unknown) => e);
    expect((err as WorkflowFailedError).cause?.message).to.match(/no SMS-capable number available/);
    expect(buys()).to.have.length(1);

    // With no cooling-off configured (and its first holder gone), the same number may be bought again.
    await orm.em.fork().nativeDelete(User, { id: a.userId });
    const b = await provision({ userId: randomUUID(), signup: signup(), areaCode: '263' }, activities({ coolingOffDays: 0 }));
    expect(b.phoneNumber).to.equal(only);
  });

  it('refuses clearly without Twilio credentials', async () => {
    const err = await provision({ userId: randomUUID(), signup: signup() }, activities({ credentials: false })).catch((e: unknown) => e);
    expect((err as WorkflowFailedError).cause?.message).to.match(/needs Twilio credentials/);
    expect(fake.requests).to.have.length(0);
  });

  it('counts the welcome as an outbound message of the new user', async () => {
    fake.addAvailableNumbers('CA', area('514', 1));
    const userId = randomUUID();
    await provision({ userId, signup: signup() });
    const rows = await orm.em.fork().find(Message, { user: userId });
    expect(rows.map((m) => m.idempotencyKey?.split(':')[0])).to.deep.equal(['welcome']);
  });
});
