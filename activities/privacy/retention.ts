import { Context } from '@temporalio/activity';
import type { Orm } from '../../schemas/db';
import { DataExportToken, ErasureFollowup, Message, User } from '../../schemas/entities';
import { CONSENT_PENDING_TTL_MS } from '../../services/privacy/consent';
import type { ErasureService } from '../../services/privacy/erasure';

export interface RetentionDeps {
  orm: Orm;
  erasure: ErasureService;
}

/** The daily retention run (retentionPurgeWorkflow, on a Temporal Schedule). */
export function createRetentionActivities(deps: RetentionDeps) {
  const { orm, erasure } = deps;

  /**
   * Deletes SMS older than the retention period, export links past their expiry, consent
   * questions nobody answered within a day, and expired account-deletion codes.
   */
  async function purgeExpiredData(input: { messageRetentionDays: number; now?: string }): Promise<Record<string, number>> {
    const now = input.now ? new Date(input.now) : new Date();
    const em = orm.em.fork();
    const messages = await em.nativeDelete(Message, { createdAt: { $lt: new Date(now.getTime() - input.messageRetentionDays * 86_400_000) } });
    const exportLinks = await em.nativeDelete(DataExportToken, { $or: [{ expiresAt: { $lt: now } }, { usedAt: { $ne: null } }] });
    const consentQuestions = await em.nativeUpdate(
      User,
      { consentPendingAt: { $lt: new Date(now.getTime() - CONSENT_PENDING_TTL_MS) } },
      { consentPending: null, consentPendingAt: null },
    );
    const deletionCodes = await em.nativeUpdate(User, { deletionCodeExpiresAt: { $lt: now } }, { deletionCodeHash: null, deletionCodeExpiresAt: null });
    return { messages, exportLinks, consentQuestions, deletionCodes };
  }

  /** Users a restore erased again: stop the workflows the restored Temporal store brought back. */
  async function completeRestoredErasures(): Promise<{ users: number; workflows: number }> {
    const ctx = Context.current();
    const followups = await orm.em.fork().find(ErasureFollowup, {});
    let workflows = 0;
    for (const f of followups) {
      workflows += (await erasure.stopUserWorkflows(f.userId, () => ctx.heartbeat())).workflows;
      await orm.em.fork().nativeDelete(ErasureFollowup, { userId: f.userId });
    }
    return { users: followups.length, workflows };
  }

  return { purgeExpiredData, completeRestoredErasures };
}
