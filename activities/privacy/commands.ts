import { randomInt } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Orm } from '../../schemas/db';
import { Memory, User } from '../../schemas/entities';
import { ErrorType } from '../../schemas/errors';
import { CONSENT_VERSION, type ConsentGatedCall, pendingCall } from '../../services/privacy/consent';
import { createExportToken, DELETION_CODE_TTL_MINUTES, EXPORT_LINK_TTL_MINUTES, sha256, startAccountDeletion } from '../../services/privacy/deletion';
import { privacyTexts, thankedReply } from '../../language/texts/privacy';
import type { SmsSendRequest, SmsSender } from '../../services/sms';
import type { PrivacyAction } from '../../language/privacy';
import type { Lang } from '../../language/time';

type Held<T extends ConsentGatedCall['tool']> = Omit<Extract<ConsentGatedCall, { tool: T }>, 'tool'> & { userId: string; language: Lang };

export interface PrivacyDeps {
  orm: Orm;
  temporal: Client;
  taskQueue: string;
  publicBaseUrl: string;
  sender: SmsSender;
  /** The two tools a consent question holds a call of: run again, with their own reply, on OUI. */
  heldTools: {
    remember(input: Held<'remember'>): Promise<{ reply: string }>;
    createReminder(input: Held<'createReminder'>): Promise<{ reply: string }>;
  };
}

/**
 * The privacy tool: consent answers and withdrawal, the export link, account deletion by SMS.
 * Links and codes are texted from here (not returned as the reply) so they never sit in a
 * workflow's history; the reply is then empty and the conversation sends nothing more.
 */
export function createPrivacyActivities(deps: PrivacyDeps) {
  const { orm, sender } = deps;

  async function text(request: SmsSendRequest): Promise<void> {
    const ctx = Context.current();
    await sender.send(request, { heartbeat: () => ctx.heartbeat(), sleep: (ms) => ctx.sleep(ms) });
  }

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
            ? await deps.heldTools.remember({ userId: user.id, language: input.language, fact: held.fact })
            : await deps.heldTools.createReminder({ ...held, userId: user.id, language: input.language });
        return { reply: thankedReply(done.reply, input.language) };
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
        await text({ userId: user.id, body: t.exportLink(url, EXPORT_LINK_TTL_MINUTES), idempotencyKey: `privacy:export:${sha256(token).slice(0, 32)}` });
        return { reply: '' };
      }
      case 'deleteAccount': {
        const code = String(randomInt(1000, 10_000));
        Object.assign(user, { deletionCodeHash: sha256(`${user.id}:${code}`), deletionCodeExpiresAt: new Date(now.getTime() + DELETION_CODE_TTL_MINUTES * 60_000) });
        await em.flush();
        await text({ userId: user.id, body: t.deletionCode(code, DELETION_CODE_TTL_MINUTES), idempotencyKey: `privacy:delete-code:${user.deletionCodeHash!.slice(0, 32)}` });
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
