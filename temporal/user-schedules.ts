import { type Client, ScheduleNotFoundError } from '@temporalio/client';
import { CHECKIN_SLOTS, checkinScheduleId } from './checkin-schedules';
import { eventReminderScheduleId } from './event-reminder-schedules';
import { SYNCED_PROVIDERS, syncScheduleId } from './sync-schedules';

/**
 * Every Temporal Schedule that can belong to one person. Their ids embed the user id, so they are
 * found by id rather than by listing every schedule of the namespace. A new per-person schedule
 * must be added here: account erasure deletes exactly this list.
 */
export function userScheduleIds(userId: string): string[] {
  return [
    ...CHECKIN_SLOTS.map((slot) => checkinScheduleId(userId, slot)),
    ...SYNCED_PROVIDERS.map((provider) => syncScheduleId(userId, provider)),
    eventReminderScheduleId(userId),
  ];
}

/** Deletes the person's schedules (those that exist); returns how many were deleted. Idempotent. */
export async function deleteUserSchedules(client: Client, userId: string): Promise<number> {
  let deleted = 0;
  for (const id of userScheduleIds(userId)) {
    try {
      await client.schedule.getHandle(id).delete();
      deleted += 1;
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  }
  return deleted;
}
