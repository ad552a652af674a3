import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../activities';
import type { UserContext } from '../../activities/conversation';
import type { SendSmsInput } from '../../activities/sms';
import { conversationWorkflow } from '../../workflows/conversation';
import { inboundSmsSignal, stateQuery, type InboundSms } from '../../workflows/contracts/conversation';
import { createTimeSkippingEnv, getWorkflowBundle, testDataConverter } from '../helpers/temporal';

type Mocked = Partial<Activities> & Pick<Activities, 'recordInbound' | 'interpretMessage' | 'sendSms'>;

function fakeActivities(opts: { status?: UserContext['status'] } = {}) {
  const recorded: string[] = [];
  const sent: SendSmsInput[] = [];
  const activities: Mocked = {
    async recordInbound(input) {
      recorded.push(input.messageSid);
      return { status: opts.status ?? 'active', language: 'en', timezone: 'America/Toronto' };
    },
    async interpretMessage(input) {
      return input.command === 'stop' ? { language: 'en', kind: 'silent' } : { language: 'en', kind: 'reply', text: `re: ${input.body}` };
    },
    async sendSms(input) {
      sent.push(input);
      return { status: 'sent', sid: `SM${sent.length}`, segments: 1 };
    },
  };
  return { activities, recorded, sent };
}

const sms = (n: number, extra: Partial<InboundSms> = {}): InboundSms => ({
  messageSid: `SM-${n}`,
  body: `message ${n}`,
  receivedAt: new Date(Date.UTC(2026, 10, 24, 12, 0, n)).toISOString(),
  ...extra,
});

describe('the conversation workflow', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;

  before(async () => {
    env = await createTimeSkippingEnv();
  });
  after(async () => {
    await env?.teardown();
  });

  async function withWorker<T>(activities: Mocked, fn: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `conv-${randomBytes(4).toString('hex')}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await getWorkflowBundle(),
      dataConverter: testDataConverter,
      activities,
      // A task routed to a sticky queue nobody polls any more (after continue-as-new or a cache
      // eviction) waits this long before going back to the normal queue: keep it short in tests.
      stickyQueueScheduleToStartTimeout: '1 second',
    });
    return worker.runUntil(fn(taskQueue));
  }

  // The test server's clock is shared: a workflow left behind by a failed test (with an activity
  // nobody will run) would stop time skipping for every later test. Terminate them all.
  const started: string[] = [];
  afterEach(async () => {
    for (const id of started.splice(0)) await env.client.workflow.getHandle(id).terminate().catch(() => undefined);
  });

  async function start(taskQueue: string, args: Parameters<typeof conversationWorkflow>[0]) {
    const workflowId = `conversation-test-${randomBytes(4).toString('hex')}`;
    started.push(workflowId);
    return env.client.workflow.start(conversationWorkflow, { taskQueue, workflowId, args: [args] });
  }

  /** Polls in real time (activities run on real time); generous so a loaded machine doesn't flake. */
  async function until(predicate: () => boolean, what: string) {
    const deadline = Date.now() + 30_000;
    while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    if (!predicate()) throw new Error(`timed out: ${what}`);
  }

  it('answers messages one at a time in the order they arrived', async () => {
    const { activities, sent } = fakeActivities();
    await withWorker(activities, async (tq) => {
      const handle = await start(tq, { userId: 'u1' });
      for (const n of [1, 2, 3, 4]) await handle.signal(inboundSmsSignal, sms(n));
      await until(() => sent.length === 4, 'four replies');
      expect(sent.map((s) => s.body)).to.deep.equal(['re: message 1', 're: message 2', 're: message 3', 're: message 4']);
      expect(sent.map((s) => s.idempotencyKey)).to.deep.equal(['reply:SM-1', 'reply:SM-2', 'reply:SM-3', 'reply:SM-4']);
      expect(await handle.query(stateQuery)).to.include({ userId: 'u1', pending: 0, turns: 4 });
      await handle.terminate();
    });
  });

  it('answers a redelivered message once', async () => {
    const { activities, sent, recorded } = fakeActivities();
    await withWorker(activities, async (tq) => {
      const handle = await start(tq, { userId: 'u2' });
      await handle.signal(inboundSmsSignal, sms(1));
      await handle.signal(inboundSmsSignal, sms(1));
      await handle.signal(inboundSmsSignal, sms(2));
      await until(() => sent.length === 2, 'two replies');
      await handle.signal(inboundSmsSignal, sms(1)); // long after: still remembered
      await handle.signal(inboundSmsSignal, sms(3));
      await until(() => sent.length === 3, 'three replies');
      expect(recorded).to.deep.equal(['SM-1', 'SM-2', 'SM-3']);
      await handle.terminate();
    });
  });

  it('continues as new after its turn budget, carrying unanswered messages and seen sids', async () => {
    const { activities, sent } = fakeActivities();
    await withWorker(activities, async (tq) => {
      const handle = await start(tq, { userId: 'u3', maxTurnsPerRun: 2 });
      const firstRun = (await handle.describe()).runId;
      for (const n of [1, 2, 3, 4, 5]) await handle.signal(inboundSmsSignal, sms(n));
      await until(() => sent.length === 5, 'five replies');
      await handle.signal(inboundSmsSignal, sms(2)); // a duplicate from before the boundary
      await handle.signal(inboundSmsSignal, sms(6));
      await until(() => sent.length === 6, 'six replies');
      expect(sent.map((s) => s.body)).to.deep.equal([1, 2, 3, 4, 5, 6].map((n) => `re: message ${n}`));
      const latest = env.client.workflow.getHandle(handle.workflowId);
      expect((await latest.describe()).runId).to.not.equal(firstRun);
      expect(await latest.query(stateQuery)).to.include({ turns: 6 });
      await latest.terminate();
    });
  });

  it('never texts an opted-out person, but still records what they sent', async () => {
    const { activities, sent, recorded } = fakeActivities({ status: 'opted_out' });
    await withWorker(activities, async (tq) => {
      const handle = await start(tq, { userId: 'u4' });
      await handle.signal(inboundSmsSignal, sms(1));
      await until(() => recorded.length === 1, 'message recorded');
      await handle.signal(inboundSmsSignal, sms(2));
      await until(() => recorded.length === 2, 'second message recorded');
      // The first turn is over once the second message is being recorded: nothing was sent.
      expect(sent).to.have.length(0);
      await handle.terminate();
    });
  });

  it('records STOP without answering it', async () => {
    const { activities, sent, recorded } = fakeActivities();
    await withWorker(activities, async (tq) => {
      const handle = await start(tq, { userId: 'u5' });
      await handle.signal(inboundSmsSignal, sms(1, { body: 'STOP', command: 'stop' }));
      await handle.signal(inboundSmsSignal, sms(2));
      await until(() => sent.length === 1, 'reply to the second message');
      expect(recorded).to.deep.equal(['SM-1', 'SM-2']);
      expect(sent[0]!.body).to.equal('re: message 2');
      await handle.terminate();
    });
  });
});
