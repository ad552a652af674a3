import type { Client } from '@temporalio/client';
import type { Orm } from '../schemas/db';
import { createConversationActivities } from './conversation';
import type { Logger } from './infra/logger';
import { createIntegrationActivities, type IntegrationDeps } from './integrations';
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
  /** Connected accounts (activities/integrations); absent: the integration tools answer "not available". */
  integrations?: IntegrationDeps;
}

/** Every activity the worker registers, wired to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createConversationActivities(deps),
    ...createSmsActivities(deps),
    ...createReminderActivities(deps),
    ...createMemoryActivities(deps),
    ...createTaskActivities(deps),
    ...createPlanActivities(deps),
    ...createIntegrationActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
