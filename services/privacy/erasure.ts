import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { Redis } from 'ioredis';
import type { Orm } from '../../schemas/db';
import { AccountDeletion, Message, NumberRelease, User } from '../../schemas/entities';
import { conversationWorkflowId } from '../../temporal/conversations';
import { deleteUserSchedules } from '../../temporal/user-schedules';
import { appendErasures } from '../infra/backup';
import { subjectHash } from './subject';
import { deleteUserRows } from './user-data';

export interface ErasureServiceDeps {
  orm: Orm;
  temporal: Client;
  /** Redis to erase a user's keys from (null: no Redis). */
  redis?: { url: string; prefix: string } | null;
  /** Where the backups' erasure index lives (null: no backups). */
  backupDir?: string | null;
}

/** Long loops report progress through this (an activity's heartbeat); nothing elsewhere. */
export type Progress = () => void;
const quiet: Progress = () => undefined;

/**
 * Erasing one person everywhere (GDPR art. 17, Law 25): the steps of accountDeletionWorkflow
 * and of the follow-up after a restore. Each step is idempotent.
 */
export function createErasureService(deps: ErasureServiceDeps) {
  const { orm, temporal } = deps;

  return {
    async describeAccount(userId: string): Promise<{ exists: boolean; assistantNumber: string | null; subjectHash: string }> {
      const user = await orm.em.fork().findOne(User, { id: userId });
      return { exists: user !== null, assistantNumber: user?.assistantNumber ?? null, subjectHash: subjectHash(userId) };
    },

    /**
     * Deletes the user's schedules first (check-ins, task syncs: nothing new may start for them),
     * then terminates every running workflow of the user (conversation, reminders) and deletes
     * every execution of theirs, running or closed, so their histories leave Temporal too.
     */
    async stopUserWorkflows(userId: string, progress: Progress = quiet): Promise<{ workflows: number; schedules: number }> {
      const schedules = await deleteUserSchedules(temporal, userId);
      const ids = new Map<string, { workflowId: string; runId: string; running: boolean }>();
      for await (const wf of temporal.workflow.list({ query: `UserId = "${userId.replace(/"/g, '')}"` })) {
        ids.set(`${wf.workflowId}/${wf.runId}`, { workflowId: wf.workflowId, runId: wf.runId, running: wf.status.name === 'RUNNING' });
        progress();
      }
      // Not indexed yet (visibility lags a little behind a start): the conversation by its known id.
      try {
        const d = await temporal.workflow.getHandle(conversationWorkflowId(userId)).describe();
        ids.set(`${d.workflowId}/${d.runId}`, { workflowId: d.workflowId, runId: d.runId, running: d.status.name === 'RUNNING' });
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
      for (const wf of ids.values()) {
        try {
          if (wf.running) await temporal.workflow.getHandle(wf.workflowId, wf.runId).terminate('account erased');
          await temporal.workflowService.deleteWorkflowExecution({ namespace: temporal.options.namespace, workflowExecution: { workflowId: wf.workflowId, runId: wf.runId } });
        } catch (err) {
          // Already gone (a retry of this step, or deleted meanwhile).
          if (!(err instanceof WorkflowNotFoundError) && !/not found/i.test(String((err as Error).message))) throw err;
        }
        progress();
      }
      return { workflows: ids.size, schedules };
    },

    /** Webhook dedupe keys of their messages, and any key naming their user id (rate limits, caches). */
    async eraseUserKeys(userId: string, progress: Progress = quiet): Promise<{ redisKeys: number }> {
      if (!deps.redis) return { redisKeys: 0 };
      const { url, prefix } = deps.redis;
      const redis = new Redis(url, { maxRetriesPerRequest: 2 });
      try {
        const sids = await orm.em.fork().find(Message, { user: userId, twilioSid: { $ne: null } }, { fields: ['twilioSid'] });
        const keys = new Set(sids.map((m) => `${prefix}twilio:sms:${m.twilioSid}`));
        let cursor = '0';
        do {
          const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*${userId}*`, 'COUNT', 1000);
          cursor = next;
          for (const k of found) keys.add(k);
          progress();
        } while (cursor !== '0');
        let deleted = 0;
        const all = [...keys];
        for (let i = 0; i < all.length; i += 500) deleted += await redis.del(...all.slice(i, i + 500));
        return { redisKeys: deleted };
      } finally {
        redis.disconnect();
      }
    },

    /** Marks the assistant number released/unassigned; the numbers module recycles or returns it to the carrier. */
    async releaseAssistantNumber(input: { releaseId: string; number: string; reason: string }): Promise<void> {
      const em = orm.em.fork();
      if (await em.findOne(NumberRelease, { id: input.releaseId })) return;
      const release = new NumberRelease({ number: input.number, reason: input.reason });
      release.id = input.releaseId;
      await em.persistAndFlush(release);
    },

    /** Deletes every row of the user, then writes the PII-free audit record and the backups' erasure index entry. */
    async eraseUserRows(input: { userId: string; requestedBy: string; extraCounts: Record<string, number> }): Promise<{ counts: Record<string, number> }> {
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
    },
  };
}

export type ErasureService = ReturnType<typeof createErasureService>;
