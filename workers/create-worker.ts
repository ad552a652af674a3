import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { integrationDeps } from '../services/integrations/deps';
import type { Config } from '../schemas/config';
import type { DataKey } from '../schemas/keyring';
import { encryptedDataConverter } from '../temporal/codec';

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** DATA_ENCRYPTION_KEYS: payloads in and out of this worker are encrypted (temporal/codec.ts). */
  encryptionKeys: DataKey[];
  /** A prebuilt bundle (tests, production image); otherwise workflows/ is bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Tracing interceptors and the workflow span sink (temporal/tracing.ts); none when tracing is off. */
  telemetry?: Pick<WorkerOptions, 'interceptors' | 'sinks'>;
}

/** The activities' dependencies from the configuration and the process's open services (worker.ts and embedded.ts). */
export function activityDeps(config: Config, services: Pick<ActivityDeps, 'orm' | 'transport' | 'logger' | 'temporal' | 'limiter'>): ActivityDeps {
  return {
    ...services,
    publicBaseUrl: config.publicBaseUrl,
    taskQueue: config.temporal.taskQueue,
    nagMinutes: config.reminders.nagMinutes,
    gemini: config.gemini,
    redis: config.redisUrl ? { url: config.redisUrl, prefix: 'assistant:' } : null,
    backupDir: config.backup.dir,
    config,
    integrations: integrationDeps(config),
  };
}

export const workflowsPath = require.resolve('../workflows');

/** The one worker of the product: every workflow and activity, on the `assistant` task queue. */
export function createWorker(setup: WorkerSetup): Promise<Worker> {
  return Worker.create({
    connection: setup.connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    ...(setup.workflowBundle ? { workflowBundle: setup.workflowBundle } : { workflowsPath }),
    activities: createActivities(setup.deps),
    dataConverter: encryptedDataConverter(setup.encryptionKeys),
    ...setup.telemetry,
    // Graceful SIGTERM: in-flight activities get this long to finish before they are cancelled.
    shutdownGraceTime: '20 seconds',
  });
}
