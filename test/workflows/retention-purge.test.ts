import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { createRetentionActivities } from '../../activities/privacy/retention';
import { retentionPurgeWorkflow } from '../../workflows/retention-purge';
import { createTimeSkippingEnv, getWorkflowBundle, testDataConverter } from '../helpers/temporal';

type Retention = ReturnType<typeof createRetentionActivities>;

describe('the retention purge workflow', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;

  before(async () => {
    env = await createTimeSkippingEnv();
  });
  after(async () => {
    await env?.teardown();
  });

  async function run(activities: Retention, messageRetentionDays: number) {
    const taskQueue = `purge-${randomBytes(4).toString('hex')}`;
    const worker = await Worker.create({ dataConverter: testDataConverter, connection: env.nativeConnection, taskQueue, workflowBundle: await getWorkflowBundle(), activities });
    return worker.runUntil(
      env.client.workflow.execute(retentionPurgeWorkflow, { taskQueue, workflowId: `purge-test-${randomBytes(4).toString('hex')}`, args: [{ messageRetentionDays }] }),
    );
  }

  it('purges with the configured retention, then finishes restored erasures, and reports both', async () => {
    const seen: number[] = [];
    let failures = 1;
    const result = await run(
      {
        async purgeExpiredData({ messageRetentionDays }) {
          seen.push(messageRetentionDays);
          if (failures-- > 0) throw new Error('database restarting');
          return { messages: 12, exportLinks: 1, consentQuestions: 0, deletionCodes: 0 };
        },
        async completeRestoredErasures() {
          return { users: 1, workflows: 2 };
        },
      },
      90,
    );
    expect(seen).to.deep.equal([90, 90]); // retried after a transient failure
    expect(result).to.deep.equal({ purged: { messages: 12, exportLinks: 1, consentQuestions: 0, deletionCodes: 0 }, restoredErasures: { users: 1, workflows: 2 } });
  });

  it('refuses a retention that would delete everything', async () => {
    let called = false;
    const activities: Retention = {
      async purgeExpiredData() {
        called = true;
        return {};
      },
      async completeRestoredErasures() {
        return { users: 0, workflows: 0 };
      },
    };
    const err = await run(activities, 0).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(WorkflowFailedError);
    expect(called).to.equal(false);
  });
});
