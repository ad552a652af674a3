import './tracing-init'; // first: instruments outbound HTTP before the provider clients load
import { createLogger } from '../services/infra/logger';
import { reconcileCheckinSchedules } from '../activities/checkin';
import { createSmsTransport } from '../services/infra/sms-transport';
import { createOutboundLimiter } from '../services/infra/outbound-limiter';
import { loadConfigOrExit } from '../schemas/config';
import { openDatabase } from '../schemas/db';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { ensureRetentionSchedule } from '../temporal/retention-schedule';
import { connectClient, connectWorker } from '../temporal/connection';
import { installTemporalRuntime } from '../temporal/runtime';
import { getTracing } from '../temporal/tracing';
import { activityDeps, createWorker } from './create-worker';
import { serveWorkerMetrics } from './metrics-server';

/** `npm run start:worker`: the worker alone, against TEMPORAL_ADDRESS (or the local dev server port). */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel, json: config.env !== 'development', service: 'worker' });
  installTemporalRuntime(logger);
  const tracing = getTracing();
  const address = config.temporal.address ?? `127.0.0.1:${config.temporal.devServerPort}`;
  const orm = await openDatabase(config.database, { migrate: true });
  const connection = await connectWorker({ address, namespace: config.temporal.namespace });
  const temporal = await connectClient(
    { address, namespace: config.temporal.namespace, encryptionKeys: config.encryptionKeys },
    { interceptors: tracing.clientInterceptors },
  );
  await ensureSearchAttributes(temporal.connection, config.temporal.namespace);
  const metrics = config.workerMetricsPort !== null ? await serveWorkerMetrics(config.workerMetricsPort) : null;
  await ensureRetentionSchedule(temporal, { taskQueue: config.temporal.taskQueue, messageRetentionDays: config.privacy.messageRetentionDays });
  try {
    const limiter = createOutboundLimiter({ redisUrl: config.redisUrl, segmentsPerSecond: config.outbound.segmentsPerSecond });
    const transport = createSmsTransport(config.twilio, { dataDir: config.dataDir, logger });
    const worker = await createWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      encryptionKeys: config.encryptionKeys,
      telemetry: tracing.workerOptions,
      deps: activityDeps(config, { orm, transport, logger, temporal, limiter }),
    });
    // Default check-in schedules for people who have none yet (background: never delays start-up).
    void reconcileCheckinSchedules({ orm, temporal, taskQueue: config.temporal.taskQueue }).catch((err: unknown) => logger.warn('check-in schedules not reconciled', { error: String(err) }));
    logger.info('worker started', {
      taskQueue: config.temporal.taskQueue, transport: transport.name, tracing: tracing.enabled,
      brain: config.gemini ? `gemini:${config.gemini.model}` : 'offline',
    });
    // The SDK handles SIGINT/SIGTERM: it stops polling, lets in-flight activities finish (up to
    // shutdownGraceTime), then run() resolves.
    try {
      await worker.run();
    } finally {
      await limiter.close();
    }
    logger.info('worker stopped');
  } finally {
    metrics?.close();
    await connection.close();
    await temporal.connection.close();
    await orm.close();
    await tracing.shutdown();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`worker crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
