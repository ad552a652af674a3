import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { distribution, roundDistribution, type Distribution } from './stats';

/**
 * Where a reminder's lateness comes from, read from its workflow history (server timestamps):
 * from dueAt to the moment the sendSms activity starts, split into the server's timer, the
 * workflow tasks (waiting in the task queue, then running on the worker) and the activities
 * before the SMS (waiting, then running).
 */
export interface FireBreakdown {
  /** When the timer was due by the server's reckoning, minus dueAt: the workflow sets it relative to its task's start. */
  timerSetSkewMs: number;
  /** TimerFired − dueAt. */
  timerMs: number;
  /** Workflow tasks after the timer until sendSms is scheduled: scheduled → started (task queue + sticky timeouts). */
  wftWaitMs: number;
  /** … and started → completed (the worker running them, replays included). */
  wftRunMs: number;
  /** Activities until sendSms starts (recordReminderState, then sendSms itself): scheduled → started. */
  actWaitMs: number;
  /** recordReminderState('firing') started → completed. */
  actRunMs: number;
  /** sendSms started − dueAt: the SMS goes out right after. */
  totalMs: number;
  /** Workflow tasks of the fire put on the normal queue instead of the worker's sticky one (cache miss → replay). */
  normalQueueTasks: number;
  wftTasks: number;
  /** Workflow tasks of the fire that timed out (e.g. a sticky queue not polled within 10 s) or failed. */
  wftTimeouts: number;
  /** … of which schedule-to-start (a sticky queue nobody polled within 10 s: the task goes back to the normal queue). */
  wftScheduleToStartTimeouts: number;
  wftFailures: number;
  /** History events when the SMS was sent: what a replay has to re-run. */
  events: number;
}

export interface BreakdownReport {
  sampled: number;
  analysed: number;
  errors: number;
  timerSetSkewMs: Distribution;
  timerMs: Distribution;
  wftWaitMs: Distribution;
  wftRunMs: Distribution;
  actWaitMs: Distribution;
  actRunMs: Distribution;
  totalMs: Distribution;
  /** Share of the fire's workflow tasks that went to the normal queue, in %. */
  normalQueuePct: number | null;
  wftTimeouts: number;
  wftScheduleToStartTimeouts: number;
  wftFailures: number;
}

type Event = temporal.api.history.v1.IHistoryEvent;
type Stamp = { seconds?: { toString(): string } | number | null; nanos?: number | null } | null | undefined;

const ms = (t: Stamp): number => (t ? Number(String(t.seconds ?? 0)) * 1000 + (t.nanos ?? 0) / 1e6 : NaN);
const STICKY = 2; // temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY
const SCHEDULE_TO_START = 2; // temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START

/** The fire of one reminder, or null when its history does not (yet) show it. */
export function fireBreakdown(events: Event[], dueAtMs: number): FireBreakdown | null {
  const firedIdx = events.findIndex((e) => e.timerFiredEventAttributes);
  if (firedIdx < 0) return null;
  const fired = events[firedIdx]!;
  const timerId = fired.timerFiredEventAttributes!.timerId;
  const started = events.find((e) => e.timerStartedEventAttributes?.timerId === timerId);
  const timeout = started?.timerStartedEventAttributes?.startToFireTimeout as Stamp;
  const out: FireBreakdown = {
    timerSetSkewMs: started ? ms(started.eventTime as Stamp) + ms(timeout) - dueAtMs : NaN,
    timerMs: ms(fired.eventTime as Stamp) - dueAtMs,
    wftWaitMs: 0,
    wftRunMs: 0,
    actWaitMs: 0,
    actRunMs: 0,
    totalMs: NaN,
    normalQueueTasks: 0,
    wftTasks: 0,
    wftTimeouts: 0,
    wftScheduleToStartTimeouts: 0,
    wftFailures: 0,
    events: events.length,
  };
  const scheduledAt = new Map<string, { at: number; type: string }>();
  let wftScheduled = NaN;
  let wftStarted = NaN;
  for (const e of events.slice(firedIdx + 1)) {
    const at = ms(e.eventTime as Stamp);
    const id = String(e.eventId ?? '');
    if (e.workflowTaskScheduledEventAttributes) {
      wftScheduled = at;
      out.wftTasks += 1;
      if (e.workflowTaskScheduledEventAttributes.taskQueue?.kind !== STICKY) out.normalQueueTasks += 1;
    } else if (e.workflowTaskStartedEventAttributes) {
      wftStarted = at;
      out.wftWaitMs += at - wftScheduled;
    } else if (e.workflowTaskCompletedEventAttributes) {
      out.wftRunMs += at - wftStarted;
    } else if (e.workflowTaskTimedOutEventAttributes || e.workflowTaskFailedEventAttributes) {
      // The time it was held counts as waiting: the task is scheduled again from here.
      if (e.workflowTaskTimedOutEventAttributes) {
        out.wftTimeouts += 1;
        if (e.workflowTaskTimedOutEventAttributes.timeoutType === SCHEDULE_TO_START) out.wftScheduleToStartTimeouts += 1;
      } else out.wftFailures += 1;
      if (Number.isFinite(wftStarted) && wftStarted >= wftScheduled) out.wftRunMs += at - wftStarted;
      else out.wftWaitMs += at - wftScheduled;
      wftStarted = NaN;
    } else if (e.activityTaskScheduledEventAttributes) {
      scheduledAt.set(id, { at, type: e.activityTaskScheduledEventAttributes.activityType?.name ?? '' });
    } else if (e.activityTaskStartedEventAttributes) {
      const s = scheduledAt.get(String(e.activityTaskStartedEventAttributes.scheduledEventId ?? ''));
      if (!s) continue;
      out.actWaitMs += at - s.at;
      if (s.type === 'sendSms') {
        out.totalMs = at - dueAtMs;
        return out;
      }
    } else if (e.activityTaskCompletedEventAttributes) {
      const attrs = e.activityTaskCompletedEventAttributes;
      const startedEvent = events.find((x) => String(x.eventId ?? '') === String(attrs.startedEventId ?? ''));
      if (startedEvent) out.actRunMs += at - ms(startedEvent.eventTime as Stamp);
    }
  }
  return null; // the SMS activity has not started yet
}

/** Fetches the histories of `sample` (at most `concurrency` at a time) and sums up their fires. */
export async function breakdown(
  client: Client,
  sample: { workflowId: string; dueAtMs: number }[],
  opts: { concurrency: number; deadline: number },
): Promise<{ report: BreakdownReport; rows: FireBreakdown[] }> {
  const rows: FireBreakdown[] = [];
  let errors = 0;
  let next = 0;
  const lane = async () => {
    while (next < sample.length && Date.now() < opts.deadline) {
      const item = sample[next]!;
      next += 1;
      try {
        const history = await client.workflow.getHandle(item.workflowId).fetchHistory();
        const row = fireBreakdown(history.events ?? [], item.dueAtMs);
        if (row) rows.push(row);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, lane));
  const dist = (f: (r: FireBreakdown) => number) => roundDistribution(distribution(rows.map(f).filter(Number.isFinite)));
  const tasks = rows.reduce((n, r) => n + r.wftTasks, 0);
  return {
    rows,
    report: {
      sampled: sample.length,
      analysed: rows.length,
      errors,
      timerSetSkewMs: dist((r) => r.timerSetSkewMs),
      timerMs: dist((r) => r.timerMs),
      wftWaitMs: dist((r) => r.wftWaitMs),
      wftRunMs: dist((r) => r.wftRunMs),
      actWaitMs: dist((r) => r.actWaitMs),
      actRunMs: dist((r) => r.actRunMs),
      totalMs: dist((r) => r.totalMs),
      normalQueuePct: tasks > 0 ? Math.round((rows.reduce((n, r) => n + r.normalQueueTasks, 0) / tasks) * 1000) / 10 : null,
      wftTimeouts: rows.reduce((n, r) => n + r.wftTimeouts, 0),
      wftScheduleToStartTimeouts: rows.reduce((n, r) => n + r.wftScheduleToStartTimeouts, 0),
      wftFailures: rows.reduce((n, r) => n + r.wftFailures, 0),
    },
  };
}
