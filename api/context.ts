import type { TemporalClient } from '../temporal/connection';
import type { Logger } from '../services/infra/logger';
import type { KeyValueStore } from '../services/infra/kv';
import type { Config } from '../schemas/config';
import type { Orm } from '../schemas/db';

/** What the HTTP edge needs: it reads the database and starts or signals workflows, nothing more. */
export interface ApiDeps {
  config: Config;
  orm: Orm;
  kv: KeyValueStore;
  temporal: TemporalClient;
  logger: Logger;
}
