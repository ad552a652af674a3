import { createLogger } from '../activities/infra/logger';
import { reconcileCheckinSchedules } from '../activities/checkin';
import { integrationDeps } from '../activities/integrations/deps';
import { createSmsTransport } from '../activities/infra/sms-transport';
import { loadConfigOrExit } from '../schemas/config';
import { openDatabase } from '../schemas/db';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { connectClient, connectWorker } from '../temporal/connection';
import { installTemporalRuntime } from '../temporal/runtime';
import { createWorker } from './create-worker';

/** `npm run start:worker`: the worker alone, against TEMPORAL_ADDRESS (or the local dev server port). */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel, json: config.env !== 'development', service: 'worker' });
  installTemporalRuntime(logger);
  const address = config.temporal.address ?? `127.0.0.1:${config.temporal.devServerPort}`;
  const orm = await openDatabase(config.database, { migrate: true });
  const connection = await connectWorker({ address, namespace: config.temporal.namespace });
  const temporal = await connectClient({ address, namespace: config.temporal.namespace });
  await ensureSearchAttributes(temporal.connection, config.temporal.namespace);
  try {
    const transport = createSmsTransport(config.twilio, { dataDir: config.dataDir, logger });
    const worker = await createWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      deps: {
        orm, transport, logger, temporal,
        publicBaseUrl: config.publicBaseUrl,
        taskQueue: config.temporal.taskQueue,
        nagMinutes: config.reminders.nagMinutes,
        integrations: integrationDeps(config),
      },
    });
    // Default check-in schedules for people who have none yet (background: never delays start-up).
    void reconcileCheckinSchedules({ orm, temporal, taskQueue: config.temporal.taskQueue }).catch((err: unknown) => logger.warn('check-in schedules not reconciled', { error: String(err) }));
    logger.info('worker started', { taskQueue: config.temporal.taskQueue, transport: transport.name });
    await worker.run(); // resolves after SIGINT/SIGTERM once in-flight work has drained
  } finally {
    await connection.close();
    await temporal.connection.close();
    await orm.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`worker crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
