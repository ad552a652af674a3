import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { RETENTION_PURGE_WORKFLOW, RETENTION_SCHEDULE_ID } from '../workflows/contracts/retention-purge';

export { RETENTION_SCHEDULE_ID };

/** 08:15 UTC = 03:15 in Québec (04:15 in summer): the quietest hour of an SMS assistant. */
const DAILY_AT = { hour: 8, minute: 15 };

/**
 * Creates the daily retention Schedule, or brings an existing one up to date (task queue,
 * MESSAGE_RETENTION_DAYS). Idempotent: every worker and `npm start` call it at start.
 */
export async function ensureRetentionSchedule(client: Client, opts: { taskQueue: string; messageRetentionDays: number }): Promise<'created' | 'updated' | 'unchanged'> {
  const action = {
    type: 'startWorkflow' as const,
    workflowType: RETENTION_PURGE_WORKFLOW,
    workflowId: `${RETENTION_SCHEDULE_ID}-run`,
    taskQueue: opts.taskQueue,
    args: [{ messageRetentionDays: opts.messageRetentionDays }] as [{ messageRetentionDays: number }],
  };
  try {
    await client.schedule.create({
      scheduleId: RETENTION_SCHEDULE_ID,
      spec: { calendars: [DAILY_AT] },
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      memo: { purpose: 'privacy: daily purge of old messages (MESSAGE_RETENTION_DAYS) and expired privacy data' },
    });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const handle = client.schedule.getHandle(RETENTION_SCHEDULE_ID);
  const current = await handle.describe();
  const a = current.action;
  const args = a.type === 'startWorkflow' ? (a.args as unknown[] | undefined) : undefined;
  const same = a.type === 'startWorkflow' && a.taskQueue === opts.taskQueue && JSON.stringify(args) === JSON.stringify(action.args);
  if (same) return 'unchanged';
  await handle.update((prev) => ({ ...prev, action }));
  return 'updated';
}
