import type { TemporalClient } from '../temporal/connection';
import { servicesFromConfig, type Services } from '../services';
import type { Logger } from '../services/infra/logger';
import type { KeyValueStore } from '../services/infra/kv';
import type { OutboundLimiter } from '../services/infra/outbound-limiter';
import type { SmsTransport } from '../services/infra/sms-transport';
import type { Config } from '../schemas/config';
import type { Orm } from '../schemas/db';

/** What the HTTP edge needs: it reads the database and starts or signals workflows, nothing more. */
export interface ApiDeps {
  config: Config;
  orm: Orm;
  kv: KeyValueStore;
  temporal: TemporalClient;
  logger: Logger;
  /**
   * Pacing of the api's own texts (sign-in codes), shared with the worker's: the embedded process
   * passes the worker's, a standalone api one on REDIS_URL. Default: in-process.
   */
  limiter?: OutboundLimiter;
  /** Where the api's texts go; default: Twilio from TWILIO_*, or the local outbox. */
  transport?: SmsTransport;
}

/** The api's dependencies with its services built (once, in createApp): what the routers get. */
export interface AppDeps extends ApiDeps {
  services: Services;
}

/** The services of `deps`, built from its configuration unless already there (once per app). */
export function withServices(deps: ApiDeps | AppDeps): AppDeps {
  return 'services' in deps ? deps : { ...deps, services: servicesFromConfig(deps.config, deps) };
}
