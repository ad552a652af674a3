import type { Orm } from '../schemas/db';
import { createConversationActivities } from './conversation';
import type { Logger } from './infra/logger';
import type { SmsTransport } from './infra/sms-transport';
import { createSmsActivities } from './sms';

export interface ActivityDeps {
  orm: Orm;
  transport: SmsTransport;
  publicBaseUrl: string;
  logger: Logger;
}

/** Every activity the worker registers, wired to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createConversationActivities(deps),
    ...createSmsActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
