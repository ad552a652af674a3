import { createHash, randomBytes, randomInt } from 'node:crypto';
import { ref } from '@mikro-orm/core';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DataExportToken, Memory, User } from '../../schemas/entities';
import { ErrorType } from '../../schemas/errors';
import { accountDeletionWorkflow, accountDeletionWorkflowId } from '../../workflows/account-deletion';
import type { PrivacyAction } from '../../workflows/lib/privacy-phrases';
import type { Lang } from '../../workflows/lib/time';
import type { ActivityDeps } from '../index';
import { createMemoryActivities } from '../memory';
import { createReminderActivities } from '../reminders';
import { createSmsActivities } from '../sms';
import { CONSENT_VERSION, pendingCall } from '../../services/privacy/consent';
import { privacyTexts } from '../../services/privacy/texts';

export const EXPORT_LINK_TTL_MINUTES = 15;
export const DELETION_CODE_TTL_MINUTES = 10;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A one-time export link's token: 32 random bytes; only its SHA-256 is stored. */
export async function createExportToken(deps: Pick<ActivityDeps, 'orm'>, userId: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const em = deps.orm.em.fork();
  em.persist(new DataExportToken({ tokenHash: sha256(token), user: ref(em.getReference(User, userId)), expiresAt: new Date(now.getTime() + EXPORT_LINK_TTL_MINUTES * 60_000) }));
  await em.flush();
  return token;
}

type PrivacyDeps = Pick<ActivityDeps, 'orm' | 'temporal' | 'taskQueue' | 'nagMinutes' | 'transport' | 'publicBaseUrl' | 'logger'>;

/**
 * The privacy tool: consent answers and withdrawal, the export link, account deletion by SMS.
 * Links and codes are texted from here (not returned as the reply) so they never sit in a
 * workflow's history; the reply is then empty and the conversation sends nothing more.
 */
export function createPrivacyActivities(deps: PrivacyDeps) {
  const { orm } = deps;
  const memory = createMemoryActivities(deps);
  const reminders = createReminderActivities(deps);
  const { sendSms } = createSmsActivities(deps);

  async function privacyCommand(input: { userId: string; language: Lang; action: PrivacyAction; code: string | null }): Promise<{ reply: string }> {
    const t = privacyTexts(input.language);
    const em = orm.em.fork();
    const user = await em.findOne(User, { id: input.userId });
    if (!user) throw ApplicationFailure.nonRetryable(`no user ${input.userId}`, ErrorType.UserNotFound);
    const now = new Date();
    switch (input.action) {
      case 'consentYes': {
        const held = pendingCall(user, now);
        Object.assign(user, { consentedAt: now, consentVersion: CONSENT_VERSION, consentPending: null, consentPendingAt: null });
        await em.flush();
        if (!held) return { reply: t.consentRecorded };
        const done =
          held.tool === 'remember'
            ? await memory.remember({ userId: user.id, language: input.language, fact: held.fact })
            : await reminders.createReminder({ ...held, userId: user.id, language: input.language });
        return { reply: t.consentThanks + done.reply };
      }
      case 'consentNo':
        Object.assign(user, { consentPending: null, consentPendingAt: null });
        await em.flush();
        return { reply: t.consentDeclined };
      case 'revokeConsent': {
        Object.assign(user, { consentedAt: null, consentVersion: null, consentPending: null, consentPendingAt: null });
        await em.flush();
        // What was kept on the strength of that consent goes with it.
        const erased = await orm.em.fork().nativeDelete(Memory, { user: user.id });
        return { reply: t.consentRevoked(erased) };
      }
      case 'export': {
        const token = await createExportToken(deps, user.id, now);
        const url = `${deps.publicBaseUrl}/export/${token}`;
        await sendSms({ userId: user.id, body: t.exportLink(url, EXPORT_LINK_TTL_MINUTES), idempotencyKey: `privacy:export:${sha256(token).slice(0, 32)}` });
        return { reply: '' };
      }
      case 'deleteAccount': {
        const code = String(randomInt(1000, 10_000));
        Object.assign(user, { deletionCodeHash: sha256(`${user.id}:${code}`), deletionCodeExpiresAt: new Date(now.getTime() + DELETION_CODE_TTL_MINUTES * 60_000) });
        await em.flush();
        await sendSms({ userId: user.id, body: t.deletionCode(code, DELETION_CODE_TTL_MINUTES), idempotencyKey: `privacy:delete-code:${user.deletionCodeHash!.slice(0, 32)}` });
        return { reply: '' };
      }
      case 'confirmDeletion': {
        const valid = user.deletionCodeHash && user.deletionCodeExpiresAt && user.deletionCodeExpiresAt > now && input.code
          && sha256(`${user.id}:${input.code}`) === user.deletionCodeHash;
        if (!valid) return { reply: t.wrongCode };
        Object.assign(user, { deletionCodeHash: null, deletionCodeExpiresAt: null });
        await em.flush();
        await startAccountDeletion(deps, { userId: user.id, requestedBy: 'sms', notify: true, language: input.language });
        return { reply: '' }; // the deletion workflow says goodbye before it erases the number
      }
    }
  }

  return { privacyCommand };
}

/** Starts the erasure once per user (the workflow id is derived from the user id). */
export async function startAccountDeletion(
  deps: Pick<ActivityDeps, 'temporal' | 'taskQueue'>,
  input: { userId: string; requestedBy: 'sms' | 'api' | 'admin'; notify: boolean; language: Lang },
): Promise<string> {
  const workflowId = accountDeletionWorkflowId(input.userId);
  try {
    await deps.temporal.workflow.start(accountDeletionWorkflow, { workflowId, taskQueue: deps.taskQueue, args: [input] });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return workflowId;
}
