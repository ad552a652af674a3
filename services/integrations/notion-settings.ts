import type { Client } from '@temporalio/client';
import type { Orm } from '../../schemas/db';
import { ExternalTaskLink, IntegrationAccount } from '../../schemas/entities';
import { type NotionDatabaseInfo, type NotionSettings, type NotionTarget, parseNotionSettings } from './notion';
import { notionChoiceSyncId, SYNC_WORKFLOW } from '../../workflows/contracts/sync';

/**
 * Which Notion page notes go to and which Notion database the task list syncs with: chosen by
 * SMS ("mes bases Notion", "utilise la base Tâches pour mes tâches", "note dans la page Journal")
 * or through the REST api (GET /api/v1/integrations/notion/targets, PUT …/notion/settings). Both
 * save through `saveNotionChoice`, which forgets the sync's links when the database changes: the
 * rows of the old database must not read as deleted (that would delete the local tasks), and the
 * first sync with the new one links same-title items instead of copying them.
 */
export async function saveNotionChoice(orm: Orm, userId: string, choice: { page?: NotionTarget; database?: NotionDatabaseInfo }): Promise<NotionSettings | null> {
  const em = orm.em.fork();
  const account = await em.findOne(IntegrationAccount, { userId, provider: 'notion' });
  if (!account) return null;
  const settings = parseNotionSettings(account.settings);
  if (choice.page) Object.assign(settings, { pageId: choice.page.id, pageTitle: choice.page.title });
  const db = choice.database;
  if (db?.properties) {
    if (settings.databaseId !== db.databaseId || settings.dataSourceId !== db.dataSourceId) await em.nativeDelete(ExternalTaskLink, { userId, provider: 'notion' });
    Object.assign(settings, { databaseId: db.databaseId, databaseTitle: db.title, dataSourceId: db.dataSourceId, ...db.properties });
  }
  account.settings = JSON.stringify(settings);
  await em.flush();
  return settings;
}

/** The workflow id of the sync started by a choice; tests await it. */
export { notionChoiceSyncId };

/**
 * The first sync after a database is chosen. One at a time per person: choosing twice while it
 * runs attaches to the running one instead of starting a second, overlapping sync.
 */
export async function startNotionSync(temporal: Client, taskQueue: string, userId: string): Promise<void> {
  await temporal.workflow.start(SYNC_WORKFLOW, {
    workflowId: notionChoiceSyncId(userId),
    workflowIdConflictPolicy: 'USE_EXISTING',
    taskQueue,
    args: [{ userId, provider: 'notion' }],
  });
}

/** What GET /api/v1/integrations shows of the settings (ids and titles, the detected properties; nothing secret). */
export function publicNotionSettings(text: string | null): Record<string, unknown> {
  const s = parseNotionSettings(text);
  return {
    pageId: s.pageId ?? null,
    pageTitle: s.pageTitle ?? null,
    databaseId: s.databaseId ?? null,
    databaseTitle: s.databaseTitle ?? null,
    titleProperty: s.titleProperty ?? null,
    doneProperty: s.doneProperty ?? null,
  };
}

