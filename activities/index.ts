import type { Client } from '@temporalio/client';
import type { Config } from '../schemas/config';
import type { Orm } from '../schemas/db';
import { createConversationActivities } from './conversation';
import type { Logger } from './infra/logger';
import type { SmsTransport } from './infra/sms-transport';
import { createMemoryActivities } from './memory';
import { createPlanActivities } from './plan';
import { createReminderActivities } from './reminders';
import { createTaskActivities } from './tasks';
import { createSmsActivities } from './sms';
import { createNumberActivities } from './numbers';
import type { OutboundLimiter } from './infra/outbound-limiter';
import { createTwilioClient } from './infra/twilio-client';

export interface ActivityDeps {
  orm: Orm;
  transport: SmsTransport;
  publicBaseUrl: string;
  logger: Logger;
  /** Activities start reminder workflows and signal conversations with the client. */
  temporal: Client;
  taskQueue: string;
  nagMinutes: number[];
  /** Numbers, prices, budgets (docs/numbers.md); without it: no provisioning, no budget. */
  config?: Pick<Config, 'twilio' | 'numbers' | 'outbound'>;
  /** Per-sending-number pacing shared by the worker's sends (Redis or in-process). */
  limiter?: OutboundLimiter;
}

/** Every activity the worker registers, wired to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  const creds = deps.config?.twilio.credentials;
  const twilio = creds ? createTwilioClient({ ...creds, apiBaseUrl: deps.config!.twilio.apiBaseUrl }) : null;
  return {
    ...createConversationActivities(deps),
    ...createSmsActivities({ ...deps, ...(deps.config ? { outbound: deps.config.outbound } : {}) }),
    ...createNumberActivities({ ...deps, twilio, coolingOffDays: deps.config?.numbers.coolingOffDays ?? 90 }),
    ...createReminderActivities(deps),
    ...createMemoryActivities(deps),
    ...createTaskActivities(deps),
    ...createPlanActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
