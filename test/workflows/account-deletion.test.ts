import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { createErasureActivities } from '../../activities/privacy/erasure';
import { accountDeletionWorkflow } from '../../workflows/account-deletion';
import { type AccountDeletionInput } from '../../workflows/contracts/account-deletion';
import { createTimeSkippingEnv, getWorkflowBundle, testDataConverter } from '../helpers/temporal';

type Erasure = ReturnType<typeof createErasureActivities>;

/** Fake erasure steps that record the order they ran in, with a user that exists until its rows go. */
function fakeErasure(opts: { exists?: boolean; goodbyeFails?: boolean; rowsFailTimes?: number } = {}) {
  const calls: string[] = [];
  let exists = opts.exists ?? true;
  let rowFailures = opts.rowsFailTimes ?? 0;
  const activities: Erasure = {
    async describeAccount({ userId }) {
      calls.push('describeAccount');
      return { exists, assistantNumber: exists ? '+15145550199' : null, subjectHash: `hash-of-${userId}` };
    },
    async sayGoodbye() {
      calls.push('sayGoodbye');
      if (opts.goodbyeFails) throw new Error('twilio down');
    },
    async stopUserWorkflows() {
      calls.push('stopUserWorkflows');
      return { workflows: exists ? 3 : 0, schedules: exists ? 2 : 0 };
    },
    async eraseUserKeys() {
      calls.push('eraseUserKeys');
      return { redisKeys: 2 };
    },
    async releaseAssistantNumber({ number, reason }) {
      calls.push(`releaseAssistantNumber ${number} ${reason}`);
    },
    async eraseUserRows({ extraCounts }) {
      calls.push('eraseUserRows');
      if (rowFailures > 0) {
        rowFailures -= 1;
        throw new Error('database unavailable');
      }
      exists = false;
      return { counts: { messages: 5, reminders: 1, users: 1, ...extraCounts } };
    },
  };
  return { activities, calls };
}

describe('the account deletion workflow', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;

  before(async () => {
    env = await createTimeSkippingEnv();
  });
  after(async () => {
    await env?.teardown();
  });

  async function run(activities: Erasure, input: Partial<AccountDeletionInput> = {}) {
    const taskQueue = `erase-${randomBytes(4).toString('hex')}`;
    const worker = await Worker.create({ dataConverter: testDataConverter, connection: env.nativeConnection, taskQueue, workflowBundle: await getWorkflowBundle(), activities });
    return worker.runUntil(
      env.client.workflow.execute(accountDeletionWorkflow, {
        taskQueue,
        workflowId: `account-deletion-test-${randomBytes(4).toString('hex')}`,
        args: [{ userId: 'u-1', requestedBy: 'sms', notify: true, language: 'fr', ...input }],
      }),
    );
  }

  it('says goodbye, stops the workflows, erases keys, releases the number, deletes the rows, then sweeps late workflows', async () => {
    const { activities, calls } = fakeErasure();
    const result = await run(activities);
    expect(calls).to.deep.equal([
      'describeAccount',
      'sayGoodbye',
      'stopUserWorkflows',
      'eraseUserKeys',
      'releaseAssistantNumber +15145550199 account-erased',
      'eraseUserRows',
      'stopUserWorkflows',
    ]);
    expect(result).to.deep.equal({
      alreadyErased: false,
      subjectHash: 'hash-of-u-1',
      counts: { messages: 5, reminders: 1, users: 1, workflows: 3, schedules: 2, redisKeys: 2 },
    });
  });

  it('does not text when the erasure was asked through the API or by an operator', async () => {
    const { activities, calls } = fakeErasure();
    await run(activities, { requestedBy: 'api', notify: false });
    expect(calls).not.to.include('sayGoodbye');
    expect(calls).to.include('eraseUserRows');
  });

  it('erases anyway when the goodbye SMS cannot be sent', async () => {
    const { activities, calls } = fakeErasure({ goodbyeFails: true });
    const result = await run(activities);
    expect(calls.filter((c) => c === 'sayGoodbye')).to.have.length(3); // its capped retries
    expect(result.alreadyErased).to.equal(false);
    expect(calls).to.include('eraseUserRows');
  });

  it('retries a failed database step until the rows are gone', async () => {
    const { activities, calls } = fakeErasure({ rowsFailTimes: 2 });
    const result = await run(activities);
    expect(calls.filter((c) => c === 'eraseUserRows')).to.have.length(3);
    expect(result.counts.users).to.equal(1);
  });

  it('on an account already erased, only makes sure no workflow survived', async () => {
    const { activities, calls } = fakeErasure({ exists: false });
    const result = await run(activities);
    expect(calls).to.deep.equal(['describeAccount', 'stopUserWorkflows']);
    expect(result).to.deep.equal({ alreadyErased: true, subjectHash: 'hash-of-u-1', counts: {} });
  });
});
