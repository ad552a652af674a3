import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { conversationWorkflow } from '../../workflows/conversation';
import { inboundSmsSignal } from '../../workflows/contracts/conversation';
import { createTimeSkippingEnv, getWorkflowBundle, testDataConverter } from '../helpers/temporal';

/**
 * Determinism guard: recorded histories of real runs (test/histories, made by record.ts) must
 * replay on today's workflow code. A change that would break running workflows fails here.
 * The replayer runs with the product's encrypted data converter: histories recorded before
 * payload encryption (plain `json/plain` payloads) must keep replaying through it.
 */
describe('replaying recorded workflow histories', function () {
  this.timeout(60_000);
  const dir = join(__dirname, '../histories');
  const files = readdirSync(dir).filter((f) => f.endsWith('.history.bin'));

  it('has histories to replay', () => {
    expect(files).to.include.members(['conversation.history.bin', 'reminder-missed.history.bin', 'reminder-snoozed.history.bin', 'reminder-daily.history.bin']);
  });

  for (const file of files) {
    it(`replays ${file} without nondeterminism`, async () => {
      const history = temporal.api.history.v1.History.decode(readFileSync(join(dir, file)));
      const workflowId = file.replace(/\.history\.bin$/, '');
      const result = await Worker.runReplayHistory({ workflowBundle: await getWorkflowBundle(), dataConverter: testDataConverter }, history, workflowId);
      expect(result).to.equal(undefined);
    });
  }
});

describe('replaying an encrypted history', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;
  before(async () => {
    env = await createTimeSkippingEnv();
  });
  after(async () => {
    await env?.teardown();
  });

  it('replays through the codec, and cannot without it (the replayer must share the workers\' data converter)', async () => {
    const taskQueue = `replay-${randomBytes(4).toString('hex')}`;
    const sent: string[] = [];
    const activities = {
      recordInbound: async () => ({ status: 'active', language: 'fr', timezone: 'America/Toronto' }),
      interpretMessage: async ({ body }: { body: string }) => ({ language: 'fr', kind: 'reply', text: `re: ${body}` }),
      sendSms: async ({ body }: { body: string }) => {
        sent.push(body);
        return { status: 'sent', sid: `SM${sent.length}`, segments: 1 };
      },
    };
    const worker = await Worker.create({
      connection: env.nativeConnection, taskQueue, workflowBundle: await getWorkflowBundle(), dataConverter: testDataConverter, activities,
      stickyQueueScheduleToStartTimeout: '1 second',
    });
    const history = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(conversationWorkflow, { taskQueue, workflowId: `conversation-${taskQueue}`, args: [{ userId: 'u-replay' }] });
      await handle.signal(inboundSmsSignal, { messageSid: 'SM-r1', body: 'mon rendez-vous chez la psy', receivedAt: new Date().toISOString() });
      while (sent.length < 1) await new Promise((r) => setTimeout(r, 25));
      await handle.terminate();
      return handle.fetchHistory();
    });
    const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    expect(bytes.includes('rendez-vous')).to.equal(false);
    const workflowId = `conversation-${taskQueue}`;
    await Worker.runReplayHistory({ workflowBundle: await getWorkflowBundle(), dataConverter: testDataConverter }, history, workflowId);
    let err: unknown = null;
    await Worker.runReplayHistory({ workflowBundle: await getWorkflowBundle() }, history, workflowId).catch((e: unknown) => (err = e));
    expect(err, 'replay without the codec').to.not.equal(null);
  });
});
