/** The contract of `syncWorkflow`: one two-way task sync of a person with one provider. */
export const SYNC_WORKFLOW = 'syncWorkflow';

export interface SyncInput {
  userId: string;
  provider: 'google' | 'microsoft' | 'notion';
}

/** The id of an on-demand sync ("synchronise mes tâches"): the schedules use their own ids (temporal/sync-schedules.ts). */
export const syncNowWorkflowId = (userId: string, provider: SyncInput['provider'], startedAt: number): string => `sync-${userId}-${provider}-now-${startedAt}`;
/** The sync started when the person picks a Notion database. */
export const notionChoiceSyncId = (userId: string): string => `sync-${userId}-notion-chosen`;
