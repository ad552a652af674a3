import { createHash, randomBytes } from 'node:crypto';
import { ref } from '@mikro-orm/core';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Orm } from '../../schemas/db';
import { DataExportToken, User } from '../../schemas/entities';
import { ACCOUNT_DELETION_WORKFLOW, accountDeletionWorkflowId, type AccountDeletionInput, type AccountDeletionWorkflow } from '../../workflows/contracts/account-deletion';

export const EXPORT_LINK_TTL_MINUTES = 15;
export const DELETION_CODE_TTL_MINUTES = 10;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A one-time export link's token: 32 random bytes; only its SHA-256 is stored. */
export async function createExportToken(deps: { orm: Orm }, userId: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const em = deps.orm.em.fork();
  em.persist(new DataExportToken({ tokenHash: sha256(token), user: ref(em.getReference(User, userId)), expiresAt: new Date(now.getTime() + EXPORT_LINK_TTL_MINUTES * 60_000) }));
  await em.flush();
  return token;
}

/**
 * Spends a one-time export link: the user it was made for, or null when the token is unknown,
 * expired or already used. The conditional update is the single-use guarantee: of two
 * concurrent downloads, one wins.
 */
export async function claimExportToken(orm: Orm, token: string, now = new Date()): Promise<string | null> {
  const em = orm.em.fork();
  const row = await em.findOne(DataExportToken, { tokenHash: sha256(token) });
  if (!row) return null;
  const claimed = await em.nativeUpdate(DataExportToken, { tokenHash: row.tokenHash, usedAt: null, expiresAt: { $gt: now } }, { usedAt: now });
  return claimed === 1 ? row.user.id : null;
}

/**
 * Starts the erasure once per user (the workflow id is derived from the user id; a second request
 * finds it running, or done). The one place accountDeletionWorkflow is started: SMS, api and CLI.
 */
export async function startAccountDeletion(deps: { temporal: Client; taskQueue: string }, input: AccountDeletionInput): Promise<string> {
  const workflowId = accountDeletionWorkflowId(input.userId);
  try {
    await deps.temporal.workflow.start<AccountDeletionWorkflow>(ACCOUNT_DELETION_WORKFLOW, { workflowId, taskQueue: deps.taskQueue, args: [input] });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return workflowId;
}
