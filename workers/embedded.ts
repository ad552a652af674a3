import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createKeyValueStore } from '../services/infra/kv';
import { createLogger } from '../services/infra/logger';
import { reconcileCheckinSchedules } from '../activities/checkin';
import { createSmsTransport } from '../services/infra/sms-transport';
import { createOutboundLimiter } from '../services/infra/outbound-limiter';
import { startApi } from '../api/http-server';
import { loadConfigOrExit } from '../schemas/config';
import { openDatabase } from '../schemas/db';
import { connectClient, connectWorker } from '../temporal/connection';
import { ensureDevServer, pidFileOf } from '../temporal/dev-server';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { ensureRetentionSchedule } from '../temporal/retention-schedule';
import { installTemporalRuntime } from '../temporal/runtime';
import { activityDeps, createWorker } from './create-worker';
import { watchNpmLauncher } from './launcher-watch';

/**
 * `npm start`: the whole product in one command. Starts (or reuses) a Temporal dev server
 * persisted in DATA_DIR, migrates the database, runs the api and a worker in this process.
 * Ctrl-C stops everything it started; the next start on the same DATA_DIR resumes every workflow.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfigOrExit();
  // The console scrolls away; the file keeps the lines (without colour codes) for after a crash.
  const logFile = join(config.dataDir, 'assistant.log');
  mkdirSync(config.dataDir, { recursive: true });
  const logger = createLogger({ level: config.logLevel, json: config.env !== 'development', service: 'assistant', file: logFile });
  process.stdout.write(`  Log          ${logFile}\n`);

  installTemporalRuntime(logger);
  const devServer = config.temporal.address
    ? null
    : await ensureDevServer({
        port: config.temporal.devServerPort,
        uiPort: config.temporal.uiPort,
        dbFile: join(config.dataDir, 'temporal.db'),
        namespace: config.temporal.namespace,
        cliPath: config.temporal.cliPath,
        // The UI reads encrypted payloads through our codec server (api/routes/codec.ts).
        codecEndpoint: `http://localhost:${config.port}/codec`,
        onLog: (line) => logger.debug(`temporal: ${line}`),
        // A stale server from an earlier crash stopped, a running one reused: say so.
        log: (level, message) => logger[level](message),
      });
  const address = config.temporal.address ?? devServer!.address;
  const target = { address, namespace: config.temporal.namespace };

  const orm = await openDatabase(config.database, { migrate: true });
  const kv = createKeyValueStore(config.redisUrl);
  const temporal = await connectClient({ ...target, encryptionKeys: config.encryptionKeys });
  await ensureSearchAttributes(temporal.connection, target.namespace);
  await ensureRetentionSchedule(temporal, { taskQueue: config.temporal.taskQueue, messageRetentionDays: config.privacy.messageRetentionDays });
  const workerConnection = await connectWorker(target);
  const limiter = createOutboundLimiter({ redisUrl: config.redisUrl, segmentsPerSecond: config.outbound.segmentsPerSecond });
  const transport = createSmsTransport(config.twilio, { dataDir: config.dataDir, logger });
  const worker = await createWorker({
    connection: workerConnection,
    namespace: target.namespace,
    taskQueue: config.temporal.taskQueue,
    encryptionKeys: config.encryptionKeys,
    deps: activityDeps(config, { orm, transport, logger, temporal, limiter }),
  });
  // One process: the api's texts (sign-in codes) share the worker's transport and pacing.
  const api = await startApi({ config, orm, kv, temporal, logger, limiter, transport }, config.port);
  // Default check-in schedules for people who have none yet (background: never delays start-up).
  void reconcileCheckinSchedules({ orm, temporal, taskQueue: config.temporal.taskQueue }).catch((err: unknown) => logger.warn('check-in schedules not reconciled', { error: String(err) }));
  const running = worker.run();

  const ui = devServer ? devServer.uiUrl : '(the Web UI of your Temporal server)';
  process.stdout.write(
    [
      '',
      `  Assistant TDAH is up (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      `  API          http://localhost:${api.port}  (health: /healthz, /readyz)`,
      `  Temporal UI  ${ui}  (namespace ${target.namespace}, task queue ${config.temporal.taskQueue})`,
      `  Temporal     ${address}${devServer && !devServer.started ? ' (reused a running server: its UI may lack our codec endpoint)' : ''}${devServer?.started ? `  (dev server pid ${devServer.serverPid ?? '?'}, ${pidFileOf(join(config.dataDir, 'temporal.db'))})` : ''}`,
      `  Codec        http://localhost:${api.port}/codec  (the UI decrypts payloads through it; see docs/security.md)`,
      `  Log          ${logFile}`,
      `  Database     ${config.database.kind === 'sqlite' ? config.database.path : 'PostgreSQL'}`,
      `  SMS out      ${transport.name === 'outbox' ? `local outbox (${join(config.dataDir, 'outbox.jsonl')})` : 'Twilio'}`,
      `  Brain        ${config.gemini ? `Gemini ${config.gemini.model}, offline fallback` : 'offline (set GEMINI_API_KEY for Gemini)'}`,
      '',
      '  Try it:      npm run admin -- user add --phone +15145550100 --number +15145550199',
      '               npm run chat -- --phone +15145550100',
      '  Stop:        Ctrl-C',
      '',
    ].join('\n'),
  );

  let stoppingSince = 0;
  const stop = async (signal: string) => {
    if (stoppingSince) {
      // tsx and the terminal may both deliver one Ctrl-C; a second one a moment later forces exit.
      if (Date.now() - stoppingSince > 1000) {
        logger.warn('forced exit');
        process.exit(130);
      }
      return;
    }
    stoppingSince = Date.now();
    logger.info(`${signal}: stopping`);
    await api.close(5000);
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running.catch((err: unknown) => logger.error('worker stopped with an error', { err }));
    await workerConnection.close();
    await temporal.connection.close();
    await kv.close();
    await limiter.close();
    await orm.close();
    await devServer?.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  watchNpmLauncher(() => void stop('npm gone (killed?)'));
  await running.catch(async (err: unknown) => {
    logger.error('worker crashed', { err });
    await stop('worker crash');
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
