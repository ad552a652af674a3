/** The contract of `retentionPurgeWorkflow`, started daily by the `privacy-retention-purge` Schedule. */
export const RETENTION_PURGE_WORKFLOW = 'retentionPurgeWorkflow';
/** The workflow's signature: clients start it by type name with this, never by importing the implementation. */
export type RetentionPurgeWorkflow = (input: RetentionPurgeInput) => Promise<RetentionPurgeResult>;

export interface RetentionPurgeInput {
  /** SMS older than this many days are deleted (MESSAGE_RETENTION_DAYS). */
  messageRetentionDays: number;
}

export interface RetentionPurgeResult {
  purged: Record<string, number>;
  restoredErasures: { users: number; workflows: number };
}

export const RETENTION_SCHEDULE_ID = 'privacy-retention-purge';
