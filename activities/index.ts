import type { Client } from '@temporalio/client';
import type { GeminiConfig } from '../schemas/config';
import type { Orm } from '../schemas/db';
import { createBrainActivities } from './brain/activities';
import { createConversationActivities } from './conversation';
import type { Logger } from './infra/logger';
import type { SmsTransport } from './infra/sms-transport';
import { createMemoryActivities } from './memory';
import { createPlanActivities } from './plan';
import { createPrivacyActivities } from './privacy/commands';
import { createErasureActivities } from './privacy/erasure';
import { createRetentionActivities } from './privacy/retention';
import { createReminderActivities } from './reminders';
import { createTaskActivities } from './tasks';
import { createSmsActivities } from './sms';

export interface ActivityDeps {
  orm: Orm;
  transport: SmsTransport;
  publicBaseUrl: string;
  logger: Logger;
  /** Activities start reminder workflows and signal conversations with the client. */
  temporal: Client;
  taskQueue: string;
  nagMinutes: number[];
  /** The Gemini brain (config.gemini); null or absent: the offline brain only. */
  gemini?: GeminiConfig | null;
  /** Privacy: Redis to erase a user's keys from (null: no Redis), where the backups' erasure index lives. */
  redis?: { url: string; prefix: string } | null;
  backupDir?: string | null;
}

/** Every activity the worker registers, wired to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createConversationActivities(deps),
    ...createBrainActivities(deps),
    ...createSmsActivities(deps),
    ...createReminderActivities(deps),
    ...createMemoryActivities(deps),
    ...createTaskActivities(deps),
    ...createPlanActivities(deps),
    ...createPrivacyActivities(deps),
    ...createErasureActivities(deps),
    ...createRetentionActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
