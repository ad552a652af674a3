import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../activities';
import { acknowledgeSignal, cancelSignal, reminderStateQuery, rescheduleSignal, snoozeSignal, type ReminderInput } from '../../workflows/contracts/reminder';
import { reminderWorkflow } from '../../workflows/reminder';
import { zonedParts } from '../../language/time';
import { createTimeSkippingEnv, getWorkflowBundle, testDataConverter } from '../helpers/temporal';

const MIN = 60_000;
type Sent = { key: string; body: string; at: number };

function fakeActivities() {
  const sent: Sent[] = [];
  const states: string[] = [];
  const announced: number[] = [];
  // Activity schedule times come from the server's (skipped) clock: that is when things happened.
  const serverNow = () => Context.current().info.currentAttemptScheduledTimestampMs;
  const activities: Pick<Activities, 'sendSms' | 'recordReminderState' | 'announceReminder'> = {
    async sendSms(input) {
      sent.push({ key: input.idempotencyKey, body: input.body, at: serverNow() });
      return { status: 'sent', sid: `SM${sent.length}`, segments: 1 };
    },
    async recordReminderState(input) {
      states.push(input.status);
    },
    async announceReminder() {
      announced.push(serverNow());
    },
  };
  return { activities, sent, states, announced };
}

describe('the reminder workflow', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;

  before(async () => {
    env = await createTimeSkippingEnv();
  });
  after(async () => {
    await env?.teardown();
  });

  async function run<T>(activities: object, fn: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `rem-${randomBytes(4).toString('hex')}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await getWorkflowBundle(),
      dataConverter: testDataConverter,
      activities,
      stickyQueueScheduleToStartTimeout: '1 second', // see conversation.test.ts
    });
    return worker.runUntil(fn(taskQueue));
  }

  function input(over: Partial<ReminderInput> & { dueAt: string }): ReminderInput {
    return {
      reminderId: randomBytes(4).toString('hex'),
      userId: 'u1',
      text: 'prendre mes médicaments',
      language: 'fr',
      timezone: 'America/Toronto',
      rrule: null,
      explicitTime: true,
      nagMinutes: [10, 20, 40],
      quietHours: { start: '00:00', end: '00:00' }, // none, unless a test says so
      ...over,
    };
  }

  // The test server's clock is global: a workflow left running would hold time skipping for
  // every later test, so each test's workflows are terminated afterwards, whatever happened.
  const started: string[] = [];
  afterEach(async () => {
    for (const id of started.splice(0)) await env.client.workflow.getHandle(id).terminate().catch(() => undefined);
  });

  const start = (taskQueue: string, args: ReminderInput) => {
    started.push(`reminder-${args.reminderId}`);
    return env.client.workflow.start(reminderWorkflow, { taskQueue, workflowId: `reminder-${args.reminderId}`, args: [args] });
  };

  /** Polls in real time (activities run on real time); generous so a loaded machine doesn't flake. */
  async function until(predicate: () => boolean, what: string) {
    const deadline = Date.now() + 30_000;
    while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    if (!predicate()) throw new Error(`timed out: ${what}`);
  }

  it('fires at the due time, nags after 10, 20 and 40 minutes, then marks it missed', async () => {
    const { activities, sent, states, announced } = fakeActivities();
    const due = (await env.currentTimeMs()) + 60 * MIN;
    const result = await run(activities, async (tq) => (await start(tq, input({ dueAt: new Date(due).toISOString() }))).result());
    expect(result).to.equal('missed');
    expect(sent.map((s) => s.key.split(':').slice(2).join(':'))).to.deep.equal(['1:0:0', '1:0:1', '1:0:2', '1:0:3']);
    expect(sent.map((s) => Math.round((s.at - due) / MIN))).to.deep.equal([0, 10, 30, 70]);
    expect(sent[0]!.body).to.equal("Rappel: prendre tes médicaments. Réponds OK quand c'est fait, ou 10 min pour reporter.");
    expect(sent[1]!.body).to.match(/^Toujours à faire: prendre tes médicaments\?/);
    // A ladder, not the same SMS again: each nag says how long ago the reminder fired; the last one offers a way out.
    expect(sent[2]!.body).to.match(/^Je reviens pour: prendre tes médicaments \(rappel d'il y a 30 min\)/);
    expect(sent[3]!.body).to.match(/^Dernier petit rappel \(depuis 1 h 10\): prendre tes médicaments\. Réponds OK, 10 min, ou annule/);
    expect(states[0]).to.equal('scheduled');
    expect(states.at(-1)).to.equal('missed');
    expect(announced).to.have.length(1);
  });

  it('stops nagging once acknowledged', async () => {
    const { activities, sent } = fakeActivities();
    const due = (await env.currentTimeMs()) + 5 * MIN;
    const result = await run(activities, async (tq) => {
      const handle = await start(tq, input({ dueAt: new Date(due).toISOString() }));
      await env.sleep(6 * MIN);
      await until(() => sent.length === 1, 'the first SMS');
      await handle.signal(acknowledgeSignal);
      return handle.result();
    });
    expect(result).to.equal('acknowledged');
    expect(sent).to.have.length(1);
  });

  it('fires again after a snooze, with its own idempotency key', async () => {
    const { activities, sent } = fakeActivities();
    const due = (await env.currentTimeMs()) + 5 * MIN;
    const result = await run(activities, async (tq) => {
      const handle = await start(tq, input({ dueAt: new Date(due).toISOString() }));
      await env.sleep(6 * MIN);
      await until(() => sent.length === 1, 'the first SMS');
      await handle.signal(snoozeSignal, { until: new Date(due + 20 * MIN).toISOString() });
      await env.sleep(20 * MIN);
      await until(() => sent.length === 2, 'the snoozed SMS');
      expect((await handle.query(reminderStateQuery)).status).to.equal('firing');
      await handle.signal(acknowledgeSignal);
      return handle.result();
    });
    expect(result).to.equal('acknowledged');
    expect(sent.map((s) => s.key.split(':').slice(2).join(':'))).to.deep.equal(['1:0:0', '1:1:0']);
    expect(Math.round((sent[1]!.at - due) / MIN)).to.equal(20);
  });

  it('fires at once after downtime, saying how late it is', async () => {
    const { activities, sent } = fakeActivities();
    const due = (await env.currentTimeMs()) - 25 * MIN; // the worker was down when it was due
    await run(activities, async (tq) => {
      const handle = await start(tq, input({ dueAt: new Date(due).toISOString(), language: 'en', text: 'call my sister' }));
      await until(() => sent.length === 1, 'the late SMS');
      await handle.signal(acknowledgeSignal);
      return handle.result();
    });
    expect(sent[0]!.body).to.equal('Reminder (25 min late): call your sister. Reply OK when done, or 10 min to snooze.');
  });

  it('is cancelled before it fires and texts nothing', async () => {
    const { activities, sent, states } = fakeActivities();
    const due = (await env.currentTimeMs()) + 60 * MIN;
    const result = await run(activities, async (tq) => {
      const handle = await start(tq, input({ dueAt: new Date(due).toISOString() }));
      await until(() => states.length === 1, 'scheduled');
      await handle.signal(cancelSignal);
      return handle.result();
    });
    expect(result).to.equal('cancelled');
    expect(sent).to.have.length(0);
    expect(states).to.deep.equal(['scheduled', 'cancelled']);
  });

  it('fires at the new time when rescheduled', async () => {
    const { activities, sent } = fakeActivities();
    const due = (await env.currentTimeMs()) + 60 * MIN;
    const result = await run(activities, async (tq) => {
      const handle = await start(tq, input({ dueAt: new Date(due).toISOString(), nagMinutes: [10] }));
      await handle.signal(rescheduleSignal, { dueAt: new Date(due + 3 * 60 * MIN).toISOString() });
      return handle.result();
    });
    expect(result).to.equal('missed');
    expect(Math.round((sent[0]!.at - due) / MIN)).to.equal(180);
  });

  it('holds nags during quiet hours but fires an explicitly asked time', async () => {
    const { activities, sent } = fakeActivities();
    const now = await env.currentTimeMs();
    // Tomorrow 21:55 in Toronto, explicit: fires then; the 10-min nag lands at 22:05 → waits for 07:00.
    const local = zonedParts(new Date(now + 24 * 60 * MIN), 'America/Toronto');
    const due = Date.parse(`${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}T21:55:00${offset(now + 24 * 60 * MIN)}`);
    const result = await run(activities, async (tq) =>
      (await start(tq, input({ dueAt: new Date(due).toISOString(), nagMinutes: [10], quietHours: { start: '22:00', end: '07:00' } }))).result(),
    );
    expect(result).to.equal('missed');
    const times = sent.map((s) => zonedParts(new Date(s.at), 'America/Toronto')).map((p) => `${p.hour}:${String(p.minute).padStart(2, '0')}`);
    expect(times).to.deep.equal(['21:55', '7:00']);
  });

  it('waits out quiet hours for a default time the person did not choose', async () => {
    const { activities, sent } = fakeActivities();
    const now = await env.currentTimeMs();
    const local = zonedParts(new Date(now + 48 * 60 * MIN), 'America/Toronto');
    const due = Date.parse(`${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}T06:00:00${offset(now + 48 * 60 * MIN)}`);
    await run(activities, async (tq) =>
      (await start(tq, input({ dueAt: new Date(due).toISOString(), explicitTime: false, nagMinutes: [10], quietHours: { start: '22:00', end: '07:00' } }))).result(),
    );
    const first = zonedParts(new Date(sent[0]!.at), 'America/Toronto');
    expect([first.hour, first.minute]).to.deep.equal([7, 0]);
  });

  it('repeats daily at the same local time across the March DST change, one run per occurrence', async () => {
    const { activities, sent } = fakeActivities();
    const reminderId = randomBytes(4).toString('hex');
    // The test server's clock only moves forward (and far, across tests): use the first March DST
    // change ahead of it. The day before, 08:00 EST = 13:00Z; the day of and after, 08:00 EDT = 12:00Z.
    const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
    const dstDay = secondSundayOfMarch(year);
    const day = (offsetDays: number) => `${year}-03-${String(dstDay + offsetDays).padStart(2, '0')}`;
    const args = input({ reminderId, dueAt: `${day(-1)}T13:00:00.000Z`, rrule: 'FREQ=DAILY', nagMinutes: [10] });
    await run(activities, async (tq) => {
      const handle = await start(tq, args);
      const firstRun = (await handle.describe()).runId;
      const target = Date.parse(`${day(1)}T12:05:00Z`) - (await env.currentTimeMs());
      await env.sleep(target);
      await until(() => sent.filter((s) => s.key.endsWith(':0:0')).length === 3, 'three occurrences').catch((err: unknown) => {
        throw new Error(`${String(err)}; sent: ${JSON.stringify(sent.map((s) => [s.key, new Date(s.at).toISOString()]))}`);
      });
      const latest = env.client.workflow.getHandle(handle.workflowId);
      expect((await latest.describe()).runId).to.not.equal(firstRun);
      expect((await latest.query(reminderStateQuery)).occurrence).to.equal(3);
      await latest.signal(cancelSignal);
      expect(await latest.result()).to.equal('cancelled');
    });
    const fires = sent.filter((s) => s.key.endsWith(':0:0'));
    expect(fires.map((s) => new Date(s.at).toISOString().slice(0, 16))).to.deep.equal([
      `${day(-1)}T13:00`,
      `${day(0)}T12:00`,
      `${day(1)}T12:00`,
    ]);
    expect(fires.map((s) => s.key.split(':')[2])).to.deep.equal(['1', '2', '3']);
  });
});

/** Day of month of the second Sunday of March (North American DST start). */
function secondSundayOfMarch(year: number): number {
  const firstWeekday = new Date(Date.UTC(year, 2, 1)).getUTCDay();
  return 1 + ((7 - firstWeekday) % 7) + 7;
}

/** "-05:00" / "-04:00": Toronto's UTC offset at an instant, for building local ISO strings. */
function offset(at: number): string {
  const p = zonedParts(new Date(at), 'America/Toronto');
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  const minutes = Math.round((asUtc - Math.floor(at / MIN) * MIN) / MIN);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
