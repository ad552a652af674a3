import type { Client } from '@temporalio/client';
import type { Twilio } from 'twilio';
import type { Config } from '../schemas/config';
import type { Orm } from '../schemas/db';
import type { Logger } from './infra/logger';
import { createMemoryLimiter, type OutboundLimiter } from './infra/outbound-limiter';
import { createSmsTransport, type SmsTransport } from './infra/sms-transport';
import { createTwilioClient } from './infra/twilio-client';
import { createMemoryService } from './memory';
import { createNumberService } from './numbers';
import { createErasureService } from './privacy/erasure';
import { createReminderService } from './reminders';
import { createSmsSender } from './sms';
import { createTaskService } from './tasks';

/**
 * The services layer: business operations with I/O (database, Temporal client, SMS transport)
 * that the activities, the api and the CLIs share. Each process builds them once, here, and
 * injects them: the worker into its activities (activities/index.ts), the api into its routes.
 */
export interface ServiceDeps {
  orm: Orm;
  temporal: Client;
  taskQueue: string;
  /** Minutes between a reminder's nags. */
  nagMinutes: number[];
  logger: Logger;
  publicBaseUrl: string;
  transport: SmsTransport;
  /** Per-sending-number pacing shared by the process's sends (Redis or in-process). */
  limiter?: OutboundLimiter;
  /** Prices and budgets; without them no budget applies. */
  outbound?: Config['outbound'];
  /** Twilio's REST client for numbers; null without credentials (no provisioning). */
  twilio: Twilio | null;
  coolingOffDays: number;
  /** Privacy: Redis to erase a user's keys from (null: no Redis), where the backups' erasure index lives. */
  redis?: { url: string; prefix: string } | null;
  backupDir?: string | null;
}

export function createServices(deps: ServiceDeps) {
  const { orm, temporal, taskQueue, nagMinutes, logger } = deps;
  return {
    /** The one SMS sender of the process: exactly once, paced, budgeted. */
    sms: createSmsSender({
      orm, transport: deps.transport, publicBaseUrl: deps.publicBaseUrl, logger,
      ...(deps.limiter ? { limiter: deps.limiter } : {}),
      ...(deps.outbound ? { outbound: deps.outbound } : {}),
    }),
    reminders: createReminderService({ orm, temporal, taskQueue, nagMinutes }),
    memory: createMemoryService({ orm }),
    tasks: createTaskService({ orm }),
    numbers: createNumberService({ orm, logger, publicBaseUrl: deps.publicBaseUrl, twilio: deps.twilio, coolingOffDays: deps.coolingOffDays }),
    erasure: createErasureService({ orm, temporal, redis: deps.redis ?? null, backupDir: deps.backupDir ?? null }),
  };
}

export type Services = ReturnType<typeof createServices>;

/** Twilio's REST client from the configuration, or null without credentials. */
export function twilioFromConfig(config: Pick<Config, 'twilio'>): Twilio | null {
  const creds = config.twilio.credentials;
  return creds ? createTwilioClient({ ...creds, apiBaseUrl: config.twilio.apiBaseUrl }) : null;
}

/**
 * The services of a process that is not the worker (the api, a CLI), from the configuration:
 * the transport of TWILIO_* (or the outbox), and the pacing given (default: in-process).
 */
export function servicesFromConfig(
  config: Config,
  open: { orm: Orm; temporal: Client; logger: Logger; transport?: SmsTransport; limiter?: OutboundLimiter },
): Services {
  return createServices({
    orm: open.orm,
    temporal: open.temporal,
    logger: open.logger,
    taskQueue: config.temporal.taskQueue,
    nagMinutes: config.reminders.nagMinutes,
    publicBaseUrl: config.publicBaseUrl,
    transport: open.transport ?? createSmsTransport(config.twilio, { dataDir: config.dataDir, logger: open.logger }),
    limiter: open.limiter ?? createMemoryLimiter(config.outbound.segmentsPerSecond),
    outbound: config.outbound,
    twilio: twilioFromConfig(config),
    coolingOffDays: config.numbers.coolingOffDays,
    redis: config.redisUrl ? { url: config.redisUrl, prefix: 'assistant:' } : null,
    backupDir: config.backup.dir,
  });
}
