import { type Client, ScheduleAlreadyRunning, ScheduleNotFoundError, type ScheduleDescription, type ScheduleOptions, type ScheduleUpdateOptions } from '@temporalio/client';

/**
 * Creates a schedule, or updates it in place when it exists. A concurrent delete (the person
 * turned the feature off, a run removed its own schedule) can land between the create refused as
 * "already running" and the update ("not found"): then the create is tried again, up to five times.
 * Returns whether the schedule was created (true) or updated (false).
 */
export async function upsertSchedule(
  client: Client,
  options: ScheduleOptions,
  update: (previous: ScheduleDescription) => ScheduleUpdateOptions,
): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client.schedule.create(options);
      return true;
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
    try {
      await client.schedule.getHandle(options.scheduleId).update(update);
      return false;
    } catch (err) {
      // Deleted between the two calls: "not found", or "failed to describe" while the delete lands.
      const deletedMeanwhile = err instanceof ScheduleNotFoundError || /describe schedule|not found/i.test(String((err as Error).message));
      if (!deletedMeanwhile || attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 20 * attempt));
    }
  }
}

/** Deletes a schedule; one already gone is fine. */
export async function deleteSchedule(client: Client, scheduleId: string): Promise<void> {
  try {
    await client.schedule.getHandle(scheduleId).delete();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}
