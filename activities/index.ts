import type { Client } from '@temporalio/client';
import type { GeminiConfig } from '../schemas/config';
import type { Config } from '../schemas/config';
import type { Orm } from '../schemas/db';
import { createServices, twilioFromConfig } from '../services';
import type { Logger } from '../services/infra/logger';
import type { OutboundLimiter } from '../services/infra/outbound-limiter';
import type { SmsTransport } from '../services/infra/sms-transport';
import type { IntegrationDeps } from '../services/integrations/deps';
import { createBrainActivities } from './brain/activities';
import { createConversationActivities } from './conversation';
import { createIntegrations } from './integrations';
import { createMemoryActivities } from './memory';
import { createNumberActivities } from './numbers';
import { createPlanActivities } from './plan';
import { createPrivacyActivities } from './privacy/commands';
import { createErasureActivities } from './privacy/erasure';
import { createRetentionActivities } from './privacy/retention';
import { createReminderActivities } from './reminders';
import { createSmsActivities } from './sms';
import { createTaskActivities } from './tasks';

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
  /** Numbers, prices, budgets (docs/numbers.md); without it: no provisioning, no budget. */
  config?: Pick<Config, 'twilio' | 'numbers' | 'outbound'>;
  /** Per-sending-number pacing shared by the worker's sends (Redis or in-process). */
  limiter?: OutboundLimiter;
  /** Connected accounts (services/integrations); absent: the integration tools answer "not available". */
  integrations?: IntegrationDeps;
}

/**
 * Every activity the worker registers, wired to its dependencies: the services are built once
 * here (services/index.ts) and each activity factory is a thin layer over the ones it needs.
 */
export function createActivities(deps: ActivityDeps) {
  const { orm, temporal, taskQueue, publicBaseUrl } = deps;
  const services = createServices({
    orm,
    temporal,
    taskQueue,
    nagMinutes: deps.nagMinutes,
    logger: deps.logger,
    publicBaseUrl,
    transport: deps.transport,
    ...(deps.limiter ? { limiter: deps.limiter } : {}),
    ...(deps.config ? { outbound: deps.config.outbound } : {}),
    twilio: deps.config ? twilioFromConfig(deps.config) : null,
    coolingOffDays: deps.config?.numbers.coolingOffDays ?? 90,
    redis: deps.redis ?? null,
    backupDir: deps.backupDir ?? null,
  });
  const sender = services.sms;
  const reminderTools = createReminderActivities({ reminders: services.reminders });
  const memoryTools = createMemoryActivities({ memory: services.memory });
  const integrations = createIntegrations({ ...deps, sender, reminders: services.reminders });
  return {
    ...createConversationActivities(deps),
    ...createBrainActivities({ ...deps, memory: services.memory }),
    ...createSmsActivities({ sender }),
    ...createNumberActivities({ numbers: services.numbers }),
    ...reminderTools,
    ...memoryTools,
    ...createTaskActivities({ tasks: services.tasks }),
    // The day plan names today's events of the connected calendars.
    ...createPlanActivities({ orm, calendarEvents: integrations.calendarEvents }),
    ...createPrivacyActivities({
      orm, temporal, taskQueue, publicBaseUrl, sender,
      heldTools: { remember: memoryTools.remember, createReminder: reminderTools.createReminder },
    }),
    ...createErasureActivities({ erasure: services.erasure, sender }),
    ...createRetentionActivities({ orm, erasure: services.erasure }),
    ...integrations.activities,
  };
}

export type Activities = ReturnType<typeof createActivities>;
