import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Redis } from 'ioredis';
import { deleteUserSchedules } from '../../temporal/user-schedules';
import { appendErasures } from '../../services/infra/backup';
import { AccountDeletion, Message, NumberRelease, User } from '../../schemas/entities';
import type { Lang } from '../../workflows/lib/time';
import type { ActivityDeps } from '../index';
import { createSmsActivities } from '../sms';
import { subjectHash } from '../../services/privacy/subject';
import { privacyTexts } from '../../services/privacy/texts';
import { deleteUserRows } from '../../services/privacy/user-data';

type ErasureDeps = Pick<ActivityDeps, 'orm' | 'temporal' | 'transport' | 'publicBaseUrl' | 'logger' | 'redis' | 'backupDir'>;

const heartbeat = () => {
  try {
    Context.current().heartbeat();
  } catch {
    // Called outside an activity (restore follow-ups): nothing to report to.
  }
};

/** The steps of accountDeletionWorkflow; each is idempotent. */
export function createErasureActivities(deps: ErasureDeps) {
  const { orm, temporal } = deps;
  const { sendSms } = createSmsActivities(deps);

  async function describeAccount(input: { userId: string }): Promise<{ exists: boolean; assistantNumber: string | null; subjectHash: string }> {
    const user = await orm.em.fork().findOne(User, { id: input.userId });
    return { exists: user !== null, assistantNumber: user?.assistantNumber ?? null, subjectHash: subjectHash(input.userId) };
  }

  async function sayGoodbye(input: { userId: string; language: Lang }): Promise<void> {
    await sendSms({ userId: input.userId, body: privacyTexts(input.language).goodbye, idempotencyKey: `erasure:${input.userId}:goodbye` });
  }

  /**
   * Deletes the user's schedules first (check-ins, task syncs: nothing new may start for them),
   * then terminates every running workflow of the user (conversation, reminders) and deletes
   * every execution of theirs, running or closed, so their histories leave Temporal too.
   */
  async function stopUserWorkflows(input: { userId: string }): Promise<{ workflows: number; schedules: number }> {
    const schedules = await deleteUserSchedules(temporal, input.userId);
    const ids = new Map<string, { workflowId: string; runId: string; running: boolean }>();
    for await (const wf of temporal.workflow.list({ query: `UserId = "${input.userId.replace(/"/g, '')}"` })) {
      ids.set(`${wf.workflowId}/${wf.runId}`, { workflowId: wf.workflowId, runId: wf.runId, running: wf.status.name === 'RUNNING' });
      heartbeat();
    }
    // Not indexed yet (visibility lags a little behind a start): the conversation by its known id.
    try {
      const d = await temporal.workflow.getHandle(`conversation-${input.userId}`).describe();
      ids.set(`${d.workflowId}/${d.runId}`, { workflowId: d.workflowId, runId: d.runId, running: d.status.name === 'RUNNING' });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    for (const wf of ids.values()) {
      try {
        if (wf.running) await temporal.workflow.getHandle(wf.workflowId, wf.runId).terminate('account erased');
        await temporal.workflowService.deleteWorkflowExecution({ namespace: temporal.options.namespace, workflowExecution: { workflowId: wf.workflowId, runId: wf.runId } });
      } catch (err) {
        // Already gone (a retry of this activity, or deleted meanwhile).
        if (!(err instanceof WorkflowNotFoundError) && !/not found/i.test(String((err as Error).message))) throw err;
      }
      heartbeat();
    }
    return { workflows: ids.size, schedules };
  }

  /** Webhook dedupe keys of their messages, and any key naming their user id (rate limits, caches). */
  async function eraseUserKeys(input: { userId: string }): Promise<{ redisKeys: number }> {
    if (!deps.redis) return { redisKeys: 0 };
    const { url, prefix } = deps.redis;
    const redis = new Redis(url, { maxRetriesPerRequest: 2 });
    try {
      const sids = await orm.em.fork().find(Message, { user: input.userId, twilioSid: { $ne: null } }, { fields: ['twilioSid'] });
      const keys = new Set(sids.map((m) => `${prefix}twilio:sms:${m.twilioSid}`));
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*${input.userId}*`, 'COUNT', 1000);
        cursor = next;
        for (const k of found) keys.add(k);
        heartbeat();
      } while (cursor !== '0');
      let deleted = 0;
      const all = [...keys];
      for (let i = 0; i < all.length; i += 500) deleted += await redis.del(...all.slice(i, i + 500));
      return { redisKeys: deleted };
    } finally {
      redis.disconnect();
    }
  }

  /** Marks the assistant number released/unassigned; the numbers module recycles or returns it to the carrier. */
  async function releaseAssistantNumber(input: { releaseId: string; number: string; reason: string }): Promise<void> {
    const em = orm.em.fork();
    if (await em.findOne(NumberRelease, { id: input.releaseId })) return;
    const release = new NumberRelease({ number: input.number, reason: input.reason });
    release.id = input.releaseId;
    await em.persistAndFlush(release);
  }

  /** Deletes every row of the user, then writes the PII-free audit record and the backups' erasure index entry. */
  async function eraseUserRows(input: { userId: string; requestedBy: string; extraCounts: Record<string, number> }): Promise<{ counts: Record<string, number> }> {
    const hash = subjectHash(input.userId);
    const em = orm.em.fork();
    const done = await em.findOne(AccountDeletion, { subjectHash: hash });
    const counts = done ? (JSON.parse(done.counts) as Record<string, number>) : { ...(await deleteUserRows(orm, input.userId)), ...input.extraCounts };
    if (!done) {
      const audit = new AccountDeletion({ subjectHash: hash, requestedBy: input.requestedBy, counts: JSON.stringify(counts) });
      await em.persistAndFlush(audit);
      if (deps.backupDir) appendErasures(deps.backupDir, [{ subjectHash: hash, deletedAt: audit.deletedAt.toISOString() }]);
    } else if ((await em.count(User, { id: input.userId })) > 0) {
      await deleteUserRows(orm, input.userId); // restored from a backup meanwhile
    }
    return { counts };
  }

  return { describeAccount, sayGoodbye, stopUserWorkflows, eraseUserKeys, releaseAssistantNumber, eraseUserRows };
}
