import { Context } from '@temporalio/activity';
import type { ErasureService } from '../../services/privacy/erasure';
import { privacyTexts } from '../../language/texts/privacy';
import type { SmsSender } from '../../services/sms';
import type { Lang } from '../../language/time';

export interface ErasureDeps {
  erasure: ErasureService;
  sender: SmsSender;
}

/** The steps of accountDeletionWorkflow over the erasure service (services/privacy/erasure.ts); each is idempotent. */
export function createErasureActivities({ erasure, sender }: ErasureDeps) {
  /** Long loops heartbeat, so a worker that died mid-erasure is noticed within the heartbeat timeout. */
  const heartbeat = () => {
    const ctx = Context.current();
    return () => ctx.heartbeat();
  };

  async function describeAccount(input: { userId: string }): Promise<{ exists: boolean; assistantNumber: string | null; subjectHash: string }> {
    return erasure.describeAccount(input.userId);
  }

  async function sayGoodbye(input: { userId: string; language: Lang }): Promise<void> {
    const ctx = Context.current();
    await sender.send(
      { userId: input.userId, body: privacyTexts(input.language).goodbye, idempotencyKey: `erasure:${input.userId}:goodbye` },
      { heartbeat: () => ctx.heartbeat(), sleep: (ms) => ctx.sleep(ms) },
    );
  }

  /** Schedules, then every workflow of the user: terminated if running, and deleted. */
  async function stopUserWorkflows(input: { userId: string }): Promise<{ workflows: number; schedules: number }> {
    return erasure.stopUserWorkflows(input.userId, heartbeat());
  }

  /** Webhook dedupe keys of their messages, and any key naming their user id. */
  async function eraseUserKeys(input: { userId: string }): Promise<{ redisKeys: number }> {
    return erasure.eraseUserKeys(input.userId, heartbeat());
  }

  async function releaseAssistantNumber(input: { releaseId: string; number: string; reason: string }): Promise<void> {
    return erasure.releaseAssistantNumber(input);
  }

  /** Deletes every row of the user, then writes the PII-free audit record and the backups' erasure index entry. */
  async function eraseUserRows(input: { userId: string; requestedBy: string; extraCounts: Record<string, number> }): Promise<{ counts: Record<string, number> }> {
    return erasure.eraseUserRows(input);
  }

  return { describeAccount, sayGoodbye, stopUserWorkflows, eraseUserKeys, releaseAssistantNumber, eraseUserRows };
}
