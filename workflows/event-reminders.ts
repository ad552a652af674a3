import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { createIntegrationActivities } from '../activities/integrations';
import type { ScanResult } from '../activities/integrations/event-reminders';
import { type EventRemindersInput } from './contracts/event-reminders';


const { scanEventReminders } = proxyActivities<ReturnType<typeof createIntegrationActivities>>({
  startToCloseTimeout: '2 minutes',
  // The scan is idempotent (deterministic reminder ids); a provider that is down is skipped
  // inside it. Other failures retry a little; the next scheduled run (15 min) reads again.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 3 },
});

/**
 * One scan of a person's calendars for reminders before events (`event-reminders-<userId>`),
 * started every 15 minutes by their Temporal Schedule while the setting is on
 * (temporal/event-reminder-schedules.ts). The reminders it makes are ordinary `reminder-<id>`
 * workflows started by the activity, so they outlive this short run.
 */
export async function eventRemindersWorkflow(input: EventRemindersInput): Promise<ScanResult | { status: 'failed' }> {
  try {
    return await scanEventReminders(input);
  } catch (err) {
    if (err instanceof ActivityFailure) return { status: 'failed' };
    throw err;
  }
}
