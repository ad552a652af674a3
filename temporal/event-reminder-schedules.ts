import { type Client, ScheduleNotFoundError, type ScheduleOptions } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { USER_ID } from '../workflows/contracts/search-attributes';
import { deleteSchedule, upsertSchedule } from './schedules';

/** `event-reminders-<userId>`: one per person who turned reminders before events on. */
export const eventReminderScheduleId = (userId: string) => `event-reminders-${userId}`;
/** How often the calendars are read for upcoming events. */
export const EVENT_SCAN_EVERY_MINUTES = 15;

/**
 * Every 15 minutes (offset by the user id so many people's scans spread out), one scan at a time,
 * a missed run caught up within 5 minutes only: the next run reads the calendars again anyway.
 */
export function eventReminderScheduleOptions(opts: { userId: string; taskQueue: string }): ScheduleOptions {
  const offsetSeconds = parseInt(opts.userId.replace(/[^0-9a-f]/gi, '').slice(0, 6) || '0', 16) % (EVENT_SCAN_EVERY_MINUTES * 60);
  return {
    scheduleId: eventReminderScheduleId(opts.userId),
    spec: { intervals: [{ every: `${EVENT_SCAN_EVERY_MINUTES} minutes`, offset: offsetSeconds * 1000 }] },
    action: {
      type: 'startWorkflow',
      workflowType: 'eventRemindersWorkflow',
      workflowId: `event-reminders-${opts.userId}`,
      taskQueue: opts.taskQueue,
      args: [{ userId: opts.userId }],
      workflowExecutionTimeout: '10 minutes',
      typedSearchAttributes: new TypedSearchAttributes([{ key: USER_ID, value: opts.userId }]),
    },
    policies: { overlap: 'SKIP', catchupWindow: '5 minutes' },
    state: { note: 'reminders before calendar events on' },
  };
}

/** Creates the schedule (or updates it in place), then runs one scan now so events of the next minutes are covered at once. */
export async function upsertEventReminderSchedule(client: Client, opts: { userId: string; taskQueue: string }): Promise<void> {
  const options = eventReminderScheduleOptions(opts);
  await upsertSchedule(client, options, (prev) => ({ ...prev, spec: options.spec, action: options.action }));
  try {
    await client.schedule.getHandle(options.scheduleId).trigger();
  } catch (err) {
    // Turned off meanwhile (a concurrent request): nothing to run now.
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}

export async function deleteEventReminderSchedule(client: Client, userId: string): Promise<void> {
  await deleteSchedule(client, eventReminderScheduleId(userId));
}
