import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ProviderName } from '../../schemas/config';
import type { Orm } from '../../schemas/db';
import { upsertSyncSchedule } from '../../temporal/sync-schedules';
import type { Lang } from '../../workflows/lib/time';
import { createCheckinActivities } from '../checkin';
import type { Logger } from '../infra/logger';
import type { SmsTransport } from '../infra/sms-transport';
import { createSmsActivities } from '../sms';
import { createAccounts, NeedsReconnectError } from './accounts';
import { createBreakers } from './breaker';
import type { IntegrationDeps } from './deps';
import { createTaskSync, type SyncResult } from './task-sync';
import { createIntegrationTools } from './tools';

export type { IntegrationDeps } from './deps';
export { integrationDeps } from './deps';

export interface IntegrationActivityDeps {
  orm: Orm;
  temporal: Client;
  taskQueue: string;
  transport: SmsTransport;
  publicBaseUrl: string;
  logger: Logger;
  integrations?: IntegrationDeps;
}

/** The daily check-in and the integration tools (calendar, task sync, Notion, YouTube, connect links). */
export function createIntegrationActivities(deps: IntegrationActivityDeps) {
  return createIntegrations(deps).activities;
}

/**
 * The integration activities, and the calendar read other activities use (the day plan), sharing
 * one set of accounts and circuit breakers per worker.
 */
export function createIntegrations(deps: IntegrationActivityDeps) {
  const { sendSms } = createSmsActivities(deps);
  const accounts = deps.integrations
    ? createAccounts({
        orm: deps.orm,
        integrations: deps.integrations,
        logger: deps.logger,
        notify: (userId, body, idempotencyKey) => sendSms({ userId, body, idempotencyKey }),
      })
    : null;
  const breakers = createBreakers();
  const tools = createIntegrationTools({ orm: deps.orm, logger: deps.logger, publicBaseUrl: deps.publicBaseUrl, integrations: deps.integrations, accounts, breakers });
  const sync = accounts && deps.integrations ? createTaskSync({ orm: deps.orm, integrations: deps.integrations, accounts, breakers }) : null;

  /** The two-way task sync of one provider; lost consent is final for this run (the person was told once). */
  async function syncTasks(input: { userId: string; provider: ProviderName }): Promise<SyncResult> {
    const none: SyncResult = { status: 'not_connected', created: { local: 0, remote: 0 }, updated: { local: 0, remote: 0 }, deleted: { local: 0, remote: 0 }, conflicts: 0 };
    if (!sync || input.provider !== 'google') return none;
    try {
      return await sync.syncGoogleTasks(input.userId);
    } catch (err) {
      if (err instanceof NeedsReconnectError) return { ...none, status: 'needs_reconnect' };
      throw err;
    }
  }

  /** Tool: "synchronise mes tâches": starts a sync of every connected task list now. */
  async function requestTaskSync(input: { userId: string; language: Lang }): Promise<{ reply: string }> {
    const fr = input.language === 'fr';
    if (!(['google', 'microsoft', 'notion'] as const).some(tools.offered)) return { reply: fr ? "La synchronisation des tâches n'est pas disponible pour l'instant." : "Task sync isn't available yet." };
    const connected = accounts ? (await accounts.connected(input.userId)).filter((a) => a.provider === 'google') : [];
    if (connected.length === 0) return { reply: fr ? 'Aucune liste de tâches reliée. Écris "connecte Google" pour synchroniser Google Tasks.' : 'No task list connected. Text "connect Google" to sync Google Tasks.' };
    await deps.temporal.workflow.start('syncWorkflow', {
      workflowId: `sync-${input.userId}-google-now-${Date.now()}`,
      taskQueue: deps.taskQueue,
      args: [{ userId: input.userId, provider: 'google' }],
    });
    return { reply: fr ? 'Synchronisation lancée avec Google Tasks.' : 'Sync with Google Tasks started.' };
  }

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
    findVideo: tools.findVideo,
    createConnectLink: tools.createConnectLink,
    syncTasks,
    requestTaskSync,
    refreshIntegrationToken,
    ensureSyncSchedule,
  };
  return { activities, calendarEvents: tools.calendarEvents };
}
