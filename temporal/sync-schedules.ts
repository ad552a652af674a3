import type { Client, ScheduleOptions } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { ProviderName } from '../schemas/config';
import { USER_ID } from '../workflows/contracts/search-attributes';
import { deleteSchedule, upsertSchedule } from './schedules';
import { SYNC_WORKFLOW } from '../workflows/contracts/sync';

export const syncScheduleId = (userId: string, provider: ProviderName) => `sync-${userId}-${provider}`;
/** Providers whose task list is synced both ways: Google Tasks, Microsoft To Do, a Notion database. */
export const SYNCED_PROVIDERS: ProviderName[] = ['google', 'microsoft', 'notion'];

/** Every 15 minutes (offset by the user id so syncs of many people spread out), one at a time. */
export async function upsertSyncSchedule(client: Client, opts: { userId: string; provider: ProviderName; taskQueue: string }): Promise<void> {
  if (!SYNCED_PROVIDERS.includes(opts.provider)) return;
  const offsetSeconds = parseInt(opts.userId.replace(/[^0-9a-f]/gi, '').slice(0, 6) || '0', 16) % 900;
  const options: ScheduleOptions = {
    scheduleId: syncScheduleId(opts.userId, opts.provider),
    spec: { intervals: [{ every: '15 minutes', offset: offsetSeconds * 1000 }] },
    action: {
      type: 'startWorkflow',
      workflowType: SYNC_WORKFLOW,
      workflowId: `sync-${opts.userId}-${opts.provider}`,
      taskQueue: opts.taskQueue,
      args: [{ userId: opts.userId, provider: opts.provider }],
      typedSearchAttributes: new TypedSearchAttributes([{ key: USER_ID, value: opts.userId }]),
    },
    policies: { overlap: 'SKIP', catchupWindow: '5 minutes' },
  };
  await upsertSchedule(client, options, (prev) => ({ ...prev, spec: options.spec, action: options.action }));
}

export async function deleteSyncSchedule(client: Client, userId: string, provider: ProviderName): Promise<void> {
  await deleteSchedule(client, syncScheduleId(userId, provider));
}
