import type { Client } from '@temporalio/client';
import type { GeminiConfig } from '../schemas/config';
import type { Config } from '../schemas/config';
import type { Orm } from '../schemas/db';
import { createBrainActivities } from './brain/activities';
import { createConversationActivities } from './conversation';
import type { Logger } from '../services/infra/logger';
import { createIntegrations, type IntegrationDeps } from './integrations';
import type { SmsTransport } from '../services/infra/sms-transport';
import { createMemoryActivities } from './memory';
import { createPlanActivities } from './plan';
import { createPrivacyActivities } from './privacy/commands';
import { createErasureActivities } from './privacy/erasure';
import { createRetentionActivities } from './privacy/retention';
import { createReminderActivities } from './reminders';
import { createTaskActivities } from './tasks';
import { createSmsActivities } from './sms';
import { createNumberActivities } from './numbers';
import type { OutboundLimiter } from '../services/infra/outbound-limiter';
import { createTwilioClient } from '../services/infra/twilio-client';

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
  /** Connected accounts (activities/integrations); absent: the integration tools answer "not available". */
  integrations?: IntegrationDeps;
}

/** Every activity the worker registers, wired to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  const creds = deps.config?.twilio.credentials;
  const twilio = creds ? createTwilioClient({ ...creds, apiBaseUrl: deps.config!.twilio.apiBaseUrl }) : null;
  const integrations = createIntegrations(deps);
  return {
    ...createConversationActivities(deps),
    ...createBrainActivities(deps),
    ...createSmsActivities({ ...deps, ...(deps.config ? { outbound: deps.config.outbound } : {}) }),
    ...createNumberActivities({ ...deps, twilio, coolingOffDays: deps.config?.numbers.coolingOffDays ?? 90 }),
    ...createReminderActivities(deps),
    ...createMemoryActivities(deps),
    ...createTaskActivities(deps),
    // The day plan names today's events of the connected calendars.
    ...createPlanActivities({ orm: deps.orm, calendarEvents: integrations.calendarEvents }),
    ...createPrivacyActivities(deps),
    ...createErasureActivities(deps),
    ...createRetentionActivities(deps),
    ...integrations.activities,
  };
}

export type Activities = ReturnType<typeof createActivities>;
