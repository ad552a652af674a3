import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { createRetentionActivities } from '../activities/privacy/retention';
import { type RetentionPurgeInput, type RetentionPurgeResult } from './contracts/retention-purge';




const acts = proxyActivities<ReturnType<typeof createRetentionActivities>>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 10 },
});

/**
 * Daily retention (started by the `privacy-retention-purge` Schedule): purges old SMS and expired
 * privacy leftovers, and finishes erasures a restore re-applied.
 */
export async function retentionPurgeWorkflow(input: RetentionPurgeInput): Promise<RetentionPurgeResult> {
  if (!Number.isInteger(input.messageRetentionDays) || input.messageRetentionDays < 1) {
    throw ApplicationFailure.nonRetryable(`messageRetentionDays must be a positive integer, got ${String(input.messageRetentionDays)}`, 'InvalidInput');
  }
  const purged = await acts.purgeExpiredData({ messageRetentionDays: input.messageRetentionDays });
  const restoredErasures = await acts.completeRestoredErasures();
  return { purged, restoredErasures };
}
