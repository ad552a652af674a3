import { log, proxyActivities, uuid4 } from '@temporalio/workflow';
import type { createErasureActivities } from '../activities/privacy/erasure';
import { type AccountDeletionInput, type AccountDeletionResult } from './contracts/account-deletion';




const acts = proxyActivities<ReturnType<typeof createErasureActivities>>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 20 },
});
const goodbye = proxyActivities<ReturnType<typeof createErasureActivities>>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 3 } });

/**
 * Erases one person everywhere (GDPR art. 17, Law 25): stops and deletes their workflows (found by
 * the UserId search attribute), deletes their Redis keys and every database row, releases their
 * assistant number, and leaves only a PII-free audit record (hashed id, time, counts) that
 * restores of older backups re-apply. Every step is idempotent: a retried or re-run erasure
 * finishes the job.
 */
export async function accountDeletionWorkflow(input: AccountDeletionInput): Promise<AccountDeletionResult> {
  const { userId } = input;
  const account = await acts.describeAccount({ userId });
  if (!account.exists) {
    // Already erased (a re-run, or a restore re-deleted it): make sure no workflow survived.
    await acts.stopUserWorkflows({ userId });
    return { alreadyErased: true, subjectHash: account.subjectHash, counts: {} };
  }
  if (input.notify) {
    try {
      await goodbye.sayGoodbye({ userId, language: input.language });
    } catch (err) {
      log.warn('goodbye SMS not sent; erasing anyway', { error: String(err) });
    }
  }
  const stopped = await acts.stopUserWorkflows({ userId });
  const keys = await acts.eraseUserKeys({ userId });
  if (account.assistantNumber) await acts.releaseAssistantNumber({ releaseId: uuid4(), number: account.assistantNumber, reason: 'account-erased' });
  const rows = await acts.eraseUserRows({ userId, requestedBy: input.requestedBy, extraCounts: { workflows: stopped.workflows, redisKeys: keys.redisKeys } });
  // A conversation restarted by an SMS that arrived mid-erasure finds no user any more: stop it too.
  const late = await acts.stopUserWorkflows({ userId });
  return { alreadyErased: false, subjectHash: account.subjectHash, counts: { ...rows.counts, workflows: stopped.workflows + late.workflows, schedules: (stopped.schedules ?? 0) + (late.schedules ?? 0) } };
}
