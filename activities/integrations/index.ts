import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ProviderName } from '../../schemas/config';
import type { Orm } from '../../schemas/db';
import { upsertSyncSchedule } from '../../temporal/sync-schedules';
import type { Lang } from '../../language/time';
import { createCheckinActivities } from '../checkin';
import type { Logger } from '../../services/infra/logger';
import type { ReminderService } from '../../services/reminders';
import type { SmsSender } from '../../services/sms';
import { createAccounts, NeedsReconnectError } from '../../services/integrations/accounts';
import { createBreakers } from '../../services/integrations/breaker';
import type { IntegrationDeps } from '../../services/integrations/deps';
import { createEventReminderActivities } from './event-reminders';
import { todoTaskAdapter } from '../../services/integrations/microsoft';
import { notionTaskAdapter, notionTaskTarget, parseNotionSettings } from '../../services/integrations/notion';
import { startNotionSync } from '../../services/integrations/notion-settings';
import { createNotionPicker } from './notion-picker';
import { createTaskSync, emptySyncResult, type SyncResult } from '../../services/integrations/task-sync';
import { createIntegrationTools } from './tools';
import { SYNC_WORKFLOW, syncNowWorkflowId } from '../../workflows/contracts/sync';

export type { IntegrationDeps } from '../../services/integrations/deps';

const TASK_LIST_NAMES: Record<ProviderName, string> = { google: 'Google Tasks', microsoft: 'Microsoft To Do', notion: 'Notion' };
const CONNECT_NAMES: Record<ProviderName, string> = { google: 'Google', microsoft: 'Outlook', notion: 'Notion' };
export { integrationDeps } from '../../services/integrations/deps';

export interface IntegrationActivityDeps {
  orm: Orm;
  temporal: Client;
  taskQueue: string;
  publicBaseUrl: string;
  logger: Logger;
  integrations?: IntegrationDeps;
  /** The process's one SMS sender: the person is texted once when a provider's consent is lost. */
  sender: SmsSender;
  /** Reminders before events are ordinary reminders: started and cancelled by the reminder service. */
  reminders: ReminderService;
}

/** The daily check-in and the integration tools (calendar, reminders before events, task sync, Notion, YouTube, connect links). */
export function createIntegrationActivities(deps: IntegrationActivityDeps) {
  return createIntegrations(deps).activities;
}

/**
 * The integration activities, and the calendar read other activities use (the day plan), sharing
 * one set of accounts and circuit breakers per worker.
 */
export function createIntegrations(deps: IntegrationActivityDeps) {
  const accounts = deps.integrations
    ? createAccounts({
        orm: deps.orm,
        integrations: deps.integrations,
        logger: deps.logger,
        notify: (userId, body, idempotencyKey) => deps.sender.send({ userId, body, idempotencyKey }),
      })
    : null;
  const breakers = createBreakers();
  const tools = createIntegrationTools({ orm: deps.orm, logger: deps.logger, publicBaseUrl: deps.publicBaseUrl, integrations: deps.integrations, accounts, breakers });
  const eventReminders = createEventReminderActivities({
    orm: deps.orm,
    temporal: deps.temporal,
    taskQueue: deps.taskQueue,
    logger: deps.logger,
    reminders: deps.reminders,
    calendars: tools.calendars,
    eventsOf: tools.eventsOf,
    ...(deps.integrations?.now ? { now: deps.integrations.now } : {}),
  });
  const sync = accounts && deps.integrations ? createTaskSync({ orm: deps.orm, integrations: deps.integrations, accounts, breakers, adapters: { microsoft: todoTaskAdapter(deps.integrations.config), notion: notionTaskAdapter(deps.integrations.config) } }) : null;

  /** The two-way task sync of one provider; lost consent is final for this run (the person was told once). */
  async function syncTasks(input: { userId: string; provider: ProviderName }): Promise<SyncResult> {
    if (!sync) return emptySyncResult('not_connected');
    try {
      const ctx = Context.current();
      return await sync.sync(input.userId, input.provider, () => ctx.heartbeat());
    } catch (err) {
      if (err instanceof NeedsReconnectError) return emptySyncResult('needs_reconnect');
      throw err;
    }
  }

  /** Tool: "synchronise mes tâches": starts a sync of every connected task list now. */
  async function requestTaskSync(input: { userId: string; language: Lang }): Promise<{ reply: string }> {
    const fr = input.language === 'fr';
    if (!(['google', 'microsoft', 'notion'] as const).some(tools.offered)) return { reply: fr ? "La synchronisation des tâches n'est pas disponible pour l'instant." : "Task sync isn't available yet." };
    const syncable = sync?.syncable() ?? [];
    const accountsOf = accounts ? (await accounts.connected(input.userId)).filter((a) => syncable.includes(a.provider)) : [];
    // A Notion account without a chosen database has nothing to sync yet ('needs_setup'): say how to choose one.
    const unset = accountsOf.some((a) => a.provider === 'notion' && !notionTaskTarget(parseNotionSettings(a.settings)));
    const connected = syncable.filter((p) => accountsOf.some((a) => a.provider === p) && !(p === 'notion' && unset));
    const setupHint = fr ? 'Pour Notion, choisis d\'abord une base: écris "mes bases Notion".' : 'For Notion, first choose a database: text "my Notion databases".';
    if (connected.length === 0 && unset) return { reply: setupHint };
    if (connected.length === 0) {
      const hint = syncable.filter(tools.offered).map((p) => `"${fr ? 'connecte' : 'connect'} ${CONNECT_NAMES[p]}"`).join(fr ? ' ou ' : ' or ');
      return { reply: fr ? `Aucune liste de tâches reliée. Écris ${hint} pour synchroniser tes tâches.` : `No task list connected. Text ${hint} to sync your tasks.` };
    }
    const startedAt = Date.now();
    for (const provider of connected) {
      await deps.temporal.workflow.start(SYNC_WORKFLOW, {
        workflowId: syncNowWorkflowId(input.userId, provider, startedAt),
        taskQueue: deps.taskQueue,
        args: [{ userId: input.userId, provider }],
      });
    }
    // A provider whose breaker is open (an outage seen by the scheduled syncs) is named once, in
    // this reply: its sync was started anyway and the 15-minute schedule keeps trying, silently.
    const down = connected.filter((p) => breakers.isOpen(p));
    const up = connected.filter((p) => !down.includes(p));
    const list = (ps: ProviderName[]) => ps.map((p) => TASK_LIST_NAMES[p]).join(fr ? ' et ' : ' and ');
    const parts: string[] = [];
    if (up.length > 0) parts.push(fr ? `Synchronisation lancée avec ${list(up)}.` : `Sync with ${list(up)} started.`);
    if (down.length > 0) {
      parts.push(
        fr
          ? `${list(down)} ne ${down.length > 1 ? 'répondent' : 'répond'} pas en ce moment; je réessaierai tout seul, pas besoin de redemander.`
          : `${list(down)} ${down.length > 1 ? "aren't" : "isn't"} answering right now; I'll keep trying on my own, no need to ask again.`,
      );
    }
    if (unset) parts.push(setupHint);
    return { reply: parts.join(' ') };
  }

  const notionPicker = createNotionPicker({
    orm: deps.orm,
    logger: deps.logger,
    integrations: deps.integrations,
    accounts,
    breakers,
    startSync: (userId) => startNotionSync(deps.temporal, deps.taskQueue, userId),
  });

  /** Refreshes a provider's access token now (rotated refresh tokens are stored); lost consent → one SMS, non-retryable. */
  async function refreshIntegrationToken(input: { userId: string; provider: ProviderName }): Promise<{ refreshed: boolean }> {
    if (!accounts) return { refreshed: false };
    try {
      return { refreshed: (await accounts.accessToken(input.userId, input.provider, { forceRefresh: true })) !== null };
    } catch (err) {
      if (err instanceof NeedsReconnectError) throw ApplicationFailure.nonRetryable(err.message, 'IntegrationNeedsReconnect');
      throw err;
    }
  }

  /** After a connect: the 15-minute sync schedule for providers with a task list. */
  async function ensureSyncSchedule(input: { userId: string; provider: ProviderName }): Promise<void> {
    await upsertSyncSchedule(deps.temporal, { ...input, taskQueue: deps.taskQueue });
  }

  const activities = {
    ...createCheckinActivities({ orm: deps.orm, temporal: deps.temporal, taskQueue: deps.taskQueue, calendarEvents: tools.calendarEvents }),
    agenda: tools.agenda,
    createCalendarEvent: tools.createCalendarEvent,
    noteToNotion: tools.noteToNotion,
    listNotionTargets: notionPicker.listNotionTargets,
    chooseNotionTarget: notionPicker.chooseNotionTarget,
    findVideo: tools.findVideo,
    createConnectLink: tools.createConnectLink,
    syncTasks,
    requestTaskSync,
    refreshIntegrationToken,
    ensureSyncSchedule,
    setEventReminders: eventReminders.setEventReminders,
    scanEventReminders: eventReminders.scanEventReminders,
  };
  return { activities, calendarEvents: tools.calendarEvents };
}
