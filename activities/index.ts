import type { Client } from '@temporalio/client';
import type { GeminiConfig } from '../schemas/config';
import type { Orm } from '../schemas/db';
import { createBrainActivities } from './brain/activities';
import { createConversationActivities } from './conversation';
import type { Logger } from './infra/logger';
import type { SmsTransport } from './infra/sms-transport';
import { createMemoryActivities } from './memory';
import { createPlanActivities } from './plan';
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
  };
}

export type Activities = ReturnType<typeof createActivities>;
