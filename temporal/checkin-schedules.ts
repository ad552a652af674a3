import type { Client, ScheduleOptions } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { CheckinSlot } from '../schemas/entities';
import { parseHhmm } from '../language/clock';
import { USER_ID } from '../workflows/contracts/search-attributes';
import { deleteSchedule, upsertSchedule } from './schedules';

export const CHECKIN_SLOTS: CheckinSlot[] = ['morning', 'evening'];

/** `checkin-<userId>-morning` / `checkin-<userId>-evening`. */
export const checkinScheduleId = (userId: string, slot: CheckinSlot) => `checkin-${userId}-${slot}`;

export interface CheckinScheduleSpec {
  userId: string;
  slot: CheckinSlot;
  /** Local "HH:mm". */
  time: string;
  /** IANA zone: the server computes each fire time in it, so 08:00 stays 08:00 across DST. */
  timezone: string;
  taskQueue: string;
  paused: boolean;
}

/**
 * The schedule for one check-in slot: a calendar spec at the local hour and minute with the
 * person's IANA zone (Temporal applies DST itself), one run at a time, and a one-hour catch-up
 * window so a check-in missed during a short outage still goes out, but not hours late.
 */
export function checkinScheduleOptions(spec: CheckinScheduleSpec): ScheduleOptions {
  const clock = parseHhmm(spec.time);
  if (!clock) throw new Error(`invalid check-in time ${spec.time}`);
  return {
    scheduleId: checkinScheduleId(spec.userId, spec.slot),
    spec: { calendars: [{ hour: clock.hour, minute: clock.minute }], timezone: spec.timezone },
    action: {
      type: 'startWorkflow',
      workflowType: 'dailyCheckinWorkflow',
      workflowId: `checkin-${spec.userId}-${spec.slot}`,
      taskQueue: spec.taskQueue,
      args: [{ userId: spec.userId, slot: spec.slot }],
      workflowExecutionTimeout: '1 hour',
      typedSearchAttributes: new TypedSearchAttributes([{ key: USER_ID, value: spec.userId }]),
    },
    policies: { overlap: 'SKIP', catchupWindow: '1 hour' },
    state: { paused: spec.paused, note: spec.paused ? 'check-in turned off or person opted out' : 'check-in on' },
  };
}

/** Creates the schedule, or updates it in place (spec, action, paused state) when it exists. */
export async function upsertCheckinSchedule(client: Client, spec: CheckinScheduleSpec): Promise<void> {
  const options = checkinScheduleOptions(spec);
  const created = await upsertSchedule(client, options, (previous) => ({ ...previous, spec: options.spec, action: options.action, policies: { ...previous.policies, ...options.policies } }));
  if (created) return;
  const handle = client.schedule.getHandle(options.scheduleId);
  const { state } = await handle.describe();
  if (state.paused !== spec.paused) await (spec.paused ? handle.pause(options.state?.note) : handle.unpause(options.state?.note));
}

export async function deleteCheckinSchedules(client: Client, userId: string): Promise<void> {
  for (const slot of CHECKIN_SLOTS) await deleteSchedule(client, checkinScheduleId(userId, slot));
}
