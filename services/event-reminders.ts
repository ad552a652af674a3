import type { Client } from '@temporalio/client';
import type { Orm } from '../schemas/db';
import { Reminder, User } from '../schemas/entities';
import { deleteEventReminderSchedule, upsertEventReminderSchedule } from '../temporal/event-reminder-schedules';
import { signalReminder } from './reminder-workflows';

/**
 * The setting of reminders before calendar events (users.event_reminder_minutes, null = off) and
 * the person's `event-reminders-<userId>` schedule that follows it, for SMS and the REST api
 * alike. The scan that makes the reminders is an activity (integrations/event-reminders.ts).
 */

/** The lead when the person does not say one ("avertis-moi avant mes réunions"). */
export const DEFAULT_EVENT_LEAD_MINUTES = 15;
export const MIN_EVENT_LEAD_MINUTES = 1;
export const MAX_EVENT_LEAD_MINUTES = 240;

export interface EventReminderSettingDeps {
  orm: Orm;
  temporal: Client;
  taskQueue: string;
}

/** Clamps a lead to 1–240 minutes (the API refuses others; an SMS "500 min" becomes 240). */
export function clampLead(minutes: number): number {
  return Math.min(Math.max(Math.round(minutes), MIN_EVENT_LEAD_MINUTES), MAX_EVENT_LEAD_MINUTES);
}

/**
 * Makes the person's schedule match their stored setting, then reads the setting again: two
 * requests at once (on and off), or a scan removing its own schedule while the person turns it
 * back on, could otherwise leave the setting on without a schedule, or the reverse.
 */
export async function reconcileEventReminderSchedule(deps: EventReminderSettingDeps, userId: string): Promise<void> {
  const stored = async () => (await deps.orm.em.fork().findOne(User, { id: userId }))?.eventReminderMinutes ?? null;
  let lastError: unknown = null;
  for (let round = 1; round <= 5; round += 1) {
    const on = (await stored()) !== null;
    try {
      if (on) await upsertEventReminderSchedule(deps.temporal, { userId, taskQueue: deps.taskQueue });
      else await deleteEventReminderSchedule(deps.temporal, userId);
      lastError = null;
    } catch (err) {
      // A concurrent request changed the schedule under this one: read the setting and try again.
      lastError = err;
      await new Promise((r) => setTimeout(r, 25 * round));
      continue;
    }
    if (((await stored()) !== null) === on) return;
  }
  if (lastError) throw lastError;
}

/**
 * Turns reminders before events on (lead in minutes) or off (null), from SMS or the REST API:
 * stores the lead, creates (and runs once now) or deletes the schedule; off also cancels the
 * event reminders not fired yet. Returns the user, or null when there is none.
 */
export async function applyEventReminderSetting(deps: EventReminderSettingDeps, userId: string, minutes: number | null): Promise<User | null> {
  const em = deps.orm.em.fork();
  const user = await em.findOne(User, { id: userId });
  if (!user) return null;
  user.eventReminderMinutes = minutes === null ? null : clampLead(minutes);
  await em.flush();
  await reconcileEventReminderSchedule(deps, userId);
  if (user.eventReminderMinutes !== null) return user;
  const pending = await em.find(Reminder, { user: userId, eventKey: { $ne: null }, status: 'scheduled' });
  // One already ended has nothing to cancel.
  for (const r of pending) await signalReminder(deps.temporal, r.workflowId, { kind: 'cancel' });
  return user;
}

