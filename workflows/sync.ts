import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { createIntegrationActivities } from '../activities/integrations';
import type { SyncResult } from '../services/integrations/task-sync';
import { type SyncInput } from './contracts/sync';


const { syncTasks } = proxyActivities<ReturnType<typeof createIntegrationActivities>>({
  startToCloseTimeout: '2 minutes',
  // Lost consent is non-retryable inside the activity (the person is told once); outages retry a
  // little, and the next scheduled run (15 min) picks up where this one stopped.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 3 },
});

/**
 * One two-way sync of a person's task list with a provider (`sync-<userId>-<provider>`), started
 * every 15 minutes by a Temporal Schedule and on demand ("synchronise mes tâches").
 */
export async function syncWorkflow(input: SyncInput): Promise<SyncResult | { status: 'failed' }> {
  try {
    return await syncTasks(input);
  } catch (err) {
    if (err instanceof ActivityFailure) return { status: 'failed' };
    throw err;
  }
}
