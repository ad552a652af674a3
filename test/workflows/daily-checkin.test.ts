import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../activities';
import type { CheckinContext } from '../../activities/checkin';
import { dailyCheckinWorkflow } from '../../workflows/daily-checkin';
import { type DailyCheckinInput } from '../../workflows/contracts/daily-checkin';
import { zonedParts } from '../../language/time';
import { createTimeSkippingEnv, getWorkflowBundle, testDataConverter } from '../helpers/temporal';

const hhmm = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;

describe('the daily check-in workflow', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;

  before(async () => {
    env = await createTimeSkippingEnv();
  });
  after(async () => {
    await env?.teardown();
  });

  function fake(context: Partial<CheckinContext>) {
    const sent: { key: string; body: string }[] = [];
    const composed: DailyCheckinInput[] = [];
    const activities: Pick<Activities, 'checkinContext' | 'composeCheckin' | 'sendSms'> = {
      async checkinContext() {
        return { skip: null, timezone: 'UTC', language: 'fr', quiet: { start: '00:00', end: '00:00' }, ...context };
      },
      async composeCheckin(input) {
        composed.push({ userId: input.userId, slot: input.slot });
        return { text: `${input.slot} text in ${input.language}` };
      },
      async sendSms(input) {
        sent.push({ key: input.idempotencyKey, body: input.body });
        return { status: 'sent', sid: `SM${sent.length}`, segments: 1 };
      },
    };
    return { activities, sent, composed };
  }

  async function run(activities: object, input: DailyCheckinInput) {
    const taskQueue = `checkin-${randomBytes(4).toString('hex')}`;
    const worker = await Worker.create({ dataConverter: testDataConverter,
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await getWorkflowBundle(),
      activities,
      stickyQueueScheduleToStartTimeout: '1 second',
    });
    return worker.runUntil(
      env.client.workflow.execute(dailyCheckinWorkflow, { taskQueue, workflowId: `checkin-${input.userId}-${input.slot}-${randomBytes(3).toString('hex')}`, args: [input] }),
    );
  }

  it('texts the composed check-in once, keyed by slot and local day', async () => {
    const { activities, sent, composed } = fake({ timezone: 'America/Toronto', language: 'en' });
    const day = zonedParts(new Date(await env.currentTimeMs()), 'America/Toronto');
    const result = await run(activities, { userId: 'u1', slot: 'morning' });
    expect(result).to.deep.equal({ sent: true });
    expect(composed).to.deep.equal([{ userId: 'u1', slot: 'morning' }]);
    const date = `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
    expect(sent).to.deep.equal([{ key: `checkin:u1:morning:${date}`, body: 'morning text in en' }]);
  });

  it('sends nothing to a person who opted out, or who turned the slot off', async () => {
    for (const skip of ['opted_out', 'disabled'] as const) {
      const { activities, sent, composed } = fake({ skip });
      expect(await run(activities, { userId: 'u2', slot: 'evening' })).to.deep.equal({ sent: false, reason: skip });
      expect(sent).to.have.length(0);
      expect(composed).to.have.length(0);
    }
  });

  it('skips a check-in that falls in quiet hours', async () => {
    const now = new Date(await env.currentTimeMs());
    const quiet = { start: hhmm(new Date(now.getTime() - 60 * 60_000)), end: hhmm(new Date(now.getTime() + 60 * 60_000)) };
    const { activities, sent } = fake({ quiet });
    expect(await run(activities, { userId: 'u3', slot: 'evening' })).to.deep.equal({ sent: false, reason: 'quiet_hours' });
    expect(sent).to.have.length(0);
  });

  it('across the March DST change (time skipped to 2027), 07:30 in Toronto goes out each day keyed by the local date; 06:30 stays quiet', async () => {
    // The instants the person's schedule fires at for 07:30 (the dev-server test in
    // test/integration/checkin.test.ts reads them from the server): 12:30Z in EST, 11:30Z in EDT
    // from Sunday Mar 14. A stale UTC offset would read 11:30Z on the 14th as 06:30, in quiet hours.
    // The time-skipping server has no Schedules, and its clock leaps ahead once a workflow is done:
    // each instant gets a server of its own, skipped to it, and one run there.
    const { activities, sent } = fake({ timezone: 'America/Toronto', language: 'fr', quiet: { start: '22:00', end: '07:00' } });
    const results: unknown[] = [];
    for (const fire of ['2027-03-13T12:30:00Z', '2027-03-14T10:30:00Z', '2027-03-14T11:30:00Z', '2027-03-15T11:30:00Z']) {
      const own = await createTimeSkippingEnv();
      try {
        await own.sleep(Date.parse(fire) - (await own.currentTimeMs()));
        const taskQueue = `checkin-dst-${randomBytes(4).toString('hex')}`;
        const worker = await Worker.create({ dataConverter: testDataConverter, connection: own.nativeConnection, taskQueue, workflowBundle: await getWorkflowBundle(), activities });
        results.push(await worker.runUntil(own.client.workflow.execute(dailyCheckinWorkflow, { taskQueue, workflowId: `checkin-u4-morning-${randomBytes(3).toString('hex')}`, args: [{ userId: 'u4', slot: 'morning' }] })));
      } finally {
        await own.teardown();
      }
    }
    expect(results).to.deep.equal([{ sent: true }, { sent: false, reason: 'quiet_hours' }, { sent: true }, { sent: true }]);
    expect(sent.map((m) => m.key)).to.deep.equal(['checkin:u4:morning:2027-03-13', 'checkin:u4:morning:2027-03-14', 'checkin:u4:morning:2027-03-15']);
  });
});
