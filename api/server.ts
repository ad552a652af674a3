import './tracing-init'; // first: instruments node:http and Express before they load
import { createKeyValueStore } from '../services/infra/kv';
import { createLogger } from '../services/infra/logger';
import { createOutboundLimiter } from '../services/infra/outbound-limiter';
import { loadConfigOrExit } from '../schemas/config';
import { openDatabase } from '../schemas/db';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { connectClient } from '../temporal/connection';
import { getTracing } from '../temporal/tracing';
import { startApi } from './http-server';

/** `npm run start:api`: the HTTP edge alone, against TEMPORAL_ADDRESS (or the local dev server port). */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel, json: config.env !== 'development', service: 'api' });
  const tracing = getTracing();
  const address = config.temporal.address ?? `127.0.0.1:${config.temporal.devServerPort}`;
  const orm = await openDatabase(config.database, { migrate: true });
  const kv = createKeyValueStore(config.redisUrl);
  const temporal = await connectClient(
    { address, namespace: config.temporal.namespace, encryptionKeys: config.encryptionKeys },
    { interceptors: tracing.clientInterceptors },
  );
  await ensureSearchAttributes(temporal.connection, config.temporal.namespace);
  // Sign-in codes share the sending numbers' pacing with the worker's texts (through Redis when set).
  const limiter = createOutboundLimiter({ redisUrl: config.redisUrl, segmentsPerSecond: config.outbound.segmentsPerSecond });
  const api = await startApi({ config, orm, kv, temporal, logger, limiter }, config.port);
  logger.info(`api listening on :${api.port}`, { tracing: tracing.enabled });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: draining`);
    // Stop accepting; in-flight requests get 10 s, then their sockets are closed.
    await api.close(10_000);
    await temporal.connection.close();
    await kv.close();
    await limiter.close();
    await orm.close();
    await tracing.shutdown();
    logger.info('api stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`api crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
