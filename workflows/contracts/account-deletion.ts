import type { Lang } from '../../language/time';

/** The contract of `accountDeletionWorkflow` (one per person being erased). */
export const ACCOUNT_DELETION_WORKFLOW = 'accountDeletionWorkflow';
/** The workflow's signature: clients start it by type name with this, never by importing the implementation. */
export type AccountDeletionWorkflow = (input: AccountDeletionInput) => Promise<AccountDeletionResult>;

export interface AccountDeletionInput {
  userId: string;
  /** Who asked: the person by SMS, through the API, or an operator. Kept (PII-free) in the audit record. */
  requestedBy: 'sms' | 'api' | 'admin';
  /** Text a goodbye first (SMS request), while the number still works. */
  notify: boolean;
  language: Lang;
}

export interface AccountDeletionResult {
  alreadyErased: boolean;
  subjectHash: string;
  /** Rows deleted by table, plus `workflows` (stopped and deleted), `schedules` (deleted) and `redisKeys`. */
  counts: Record<string, number>;
}

export const accountDeletionWorkflowId = (userId: string) => `account-deletion-${userId}`;
