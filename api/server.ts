import { createKeyValueStore } from '../activities/infra/kv';
import { createLogger } from '../activities/infra/logger';
import { loadConfigOrExit } from '../schemas/config';
import { openDatabase } from '../schemas/db';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { connectClient } from '../temporal/connection';
import { startApi } from './http-server';

/** `npm run start:api`: the HTTP edge alone, against TEMPORAL_ADDRESS (or the local dev server port). */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel, json: config.env !== 'development', service: 'api' });
  const address = config.temporal.address ?? `127.0.0.1:${config.temporal.devServerPort}`;
  const orm = await openDatabase(config.database, { migrate: true });
  const kv = createKeyValueStore(config.redisUrl);
  const temporal = await connectClient({ address, namespace: config.temporal.namespace, encryptionKeys: config.encryptionKeys });
  await ensureSearchAttributes(temporal.connection, config.temporal.namespace);
  const api = await startApi({ config, orm, kv, temporal, logger }, config.port);
  logger.info(`api listening on :${api.port}`);

  const stop = async (signal: string) => {
    logger.info(`${signal}: draining`);
    await api.close();
    await temporal.connection.close();
    await kv.close();
    await orm.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`api crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
