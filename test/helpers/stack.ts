import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { Redis } from 'ioredis';
import twilio from 'twilio';
import { createMemoryStore, createRedisStore } from '../../services/infra/kv';
import { createLogger } from '../../services/infra/logger';
import { integrationDeps } from '../../services/integrations/deps';
import { createSmsTransport } from '../../services/infra/sms-transport';
import { createOutboundLimiter, type OutboundLimiter } from '../../services/infra/outbound-limiter';
import { startApi, type RunningApi } from '../../api/http-server';
import { loadConfig, type Config } from '../../schemas/config';
import { openDatabase, type Orm } from '../../schemas/db';
import { Message, User } from '../../schemas/entities';
import { connectClient, type TemporalClient } from '../../temporal/connection';
import { stopChild } from '../../temporal/dev-server';
import { ensureSearchAttributes } from '../../temporal/search-attributes';
import { createWorker } from '../../workers/create-worker';
import { startFakeTwilio, type FakeTwilio } from '../fakes/twilio-server';
import { createTestDatabase, type DbKind, type TestDatabase } from './databases';
import { freePort, waitFor } from './ports';
import { getDevServer, getWorkflowBundle } from './temporal';

const ROOT = resolve(__dirname, '../..');

/**
 * The real product for integration tests: the api and a worker against the shared Temporal dev
 * server, a fresh database of the given kind, and the fake Twilio REST server. Each stack has
 * its own task queue, so stacks never see each other's workflows.
 */
export interface Stack {
  config: Config;
  env: Record<string, string>;
  orm: Orm;
  twilio: FakeTwilio;
  temporal: TemporalClient;
  api: RunningApi;
  baseUrl: string;
  /** Users have consented to keep health data (Law 25) unless `consentedAt: null` is passed. */
  addUser(opts?: Partial<Pick<User, 'phone' | 'assistantNumber' | 'language' | 'timezone' | 'consentedAt'>>): Promise<User>;
  /** POSTs a signed inbound-SMS webhook like Twilio does; returns the HTTP response. */
  inbound(user: Pick<User, 'phone' | 'assistantNumber'>, body: string, opts?: { sid?: string; from?: string; to?: string; signature?: string }): Promise<Response>;
  messages(userId: string): Promise<Message[]>;
  startWorker(): Promise<void>;
  /** SIGKILLs the worker (child mode) or shuts it down (in-process mode). */
  killWorker(): Promise<void>;
  close(): Promise<void>;
}

/** Tests clean up the Redis keys they made. */
async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}

let phoneCounter = 0;
/** Unique North American test numbers (555-01xx range is reserved for fiction). */
export function testNumber(): string {
  phoneCounter += 1;
  return `+1514${String(Math.floor(Math.random() * 900) + 100)}${String(phoneCounter % 10000).padStart(4, '0')}`;
}

export async function startStack(opts: {
  db: DbKind;
  worker?: 'in-process' | 'child';
  /** A Temporal server of the test's own (e.g. one it will kill); default: the shared dev server. */
  temporalAddress?: string;
  /** Extra environment (integrations: client ids, fake provider URLs). */
  env?: Record<string, string>;
  /** Overrides of the integration deps (e.g. a pinned clock). */
  integrations?: { now?: () => Date };
}): Promise<Stack> {
  const workerMode = opts.worker ?? 'in-process';
  const dev = opts.temporalAddress ? { address: opts.temporalAddress } : await getDevServer();
  const db: TestDatabase = await createTestDatabase(opts.db);
  const fake = await startFakeTwilio();
  const dataDir = mkdtempSync(join(tmpdir(), 'assistant-data-'));
  const port = await freePort();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: dev.address,
    TEMPORAL_TASK_QUEUE: `assistant-test-${randomBytes(4).toString('hex')}`,
    TWILIO_ACCOUNT_SID: fake.accountSid,
    TWILIO_AUTH_TOKEN: fake.authToken,
    TWILIO_API_BASE_URL: fake.url,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    ...opts.env,
  };
  const config = loadConfig(env);
  const logger = createLogger({ level: config.logLevel, json: true, service: 'test' });
  const orm = await openDatabase(config.database, { migrate: true });
  const temporal = await connectClient({ address: dev.address, namespace: 'default', encryptionKeys: config.encryptionKeys });
  await ensureSearchAttributes(temporal.connection, 'default');
  // PostgreSQL stacks run like production, with Redis; SQLite stacks use the in-process fallback.
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisPrefix = `assistant-test-${randomBytes(4).toString('hex')}:`;
  const kv = opts.db === 'postgres' ? createRedisStore(redisUrl, redisPrefix) : createMemoryStore();
  const limiter: OutboundLimiter = createOutboundLimiter({
    redisUrl: opts.db === 'postgres' ? redisUrl : null, segmentsPerSecond: config.outbound.segmentsPerSecond, prefix: redisPrefix,
  });
  const api = await startApi({ config, orm, kv, temporal, logger, limiter }, port, '127.0.0.1');

  let child: ChildProcess | null = null;
  let inProcess: { worker: Worker; running: Promise<void>; connection: NativeConnection } | null = null;

  async function startWorker(): Promise<void> {
    if (workerMode === 'child') {
      // node itself (not the tsx wrapper), so SIGKILL hits the worker and not a launcher.
      child = spawn(process.execPath, ['--import', 'tsx', 'workers/worker.ts'], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      // Ready when the task queue has a poller.
      await waitFor(
        async () => {
          const r = await temporal.workflowService.describeTaskQueue({
            namespace: 'default',
            taskQueue: { name: env.TEMPORAL_TASK_QUEUE },
            taskQueueType: 1,
          });
          return r.pollers.length > 0;
        },
        { timeoutMs: 60_000, what: 'the worker process to poll' },
      );
      return;
    }
    const connection = await NativeConnection.connect({ address: dev.address });
    const worker = await createWorker({
      connection,
      namespace: 'default',
      taskQueue: config.temporal.taskQueue,
      workflowBundle: await getWorkflowBundle(),
      encryptionKeys: config.encryptionKeys,
      deps: {
        orm,
        transport: createSmsTransport(config.twilio, { dataDir, logger }),
        publicBaseUrl: config.publicBaseUrl,
        logger,
        temporal,
        taskQueue: config.temporal.taskQueue,
        nagMinutes: config.reminders.nagMinutes,
        gemini: config.gemini,
        redis: kv.kind === 'redis' ? { url: redisUrl, prefix: redisPrefix } : null,
        backupDir: config.backup.dir,
        config,
        limiter,
        integrations: { ...integrationDeps(config), ...opts.integrations },
      },
    });
    inProcess = { worker, running: worker.run(), connection };
  }

  /**
   * The dev server outlives this stack (one per test run): the per-person schedules this stack's
   * tests made (check-ins, task syncs, reminders before events) would keep starting workflows on
   * a task queue nobody polls any more, and a later suite listing running workflows would wait on them.
   */
  async function deletePersonSchedules(): Promise<void> {
    for await (const summary of temporal.schedule.list()) {
      if (!/^(checkin|sync|event-reminders)-/.test(summary.scheduleId)) continue;
      const handle = temporal.schedule.getHandle(summary.scheduleId);
      const described = await handle.describe().catch(() => null);
      if (described?.action.type === 'startWorkflow' && described.action.taskQueue === config.temporal.taskQueue) {
        await handle.delete().catch(() => undefined);
      }
    }
  }

  async function killWorker(): Promise<void> {
    if (child) {
      const c = child;
      child = null;
      await new Promise<void>((done) => {
        if (c.exitCode !== null) return done();
        c.once('exit', () => done());
        c.kill('SIGKILL');
      });
    }
    if (inProcess) {
      const w = inProcess;
      inProcess = null;
      w.worker.shutdown();
      await w.running;
      await w.connection.close();
    }
  }

  await startWorker();

  const signedUrl = `${config.publicBaseUrl}/webhooks/twilio/sms`;
  return {
    config,
    env,
    orm,
    twilio: fake,
    temporal,
    api,
    baseUrl: `http://127.0.0.1:${port}`,
    async addUser(u = {}) {
      const em = orm.em.fork();
      const { consentedAt, ...rest } = u;
      const user = new User({ phone: u.phone ?? testNumber(), assistantNumber: u.assistantNumber ?? testNumber(), ...rest });
      user.consentedAt = consentedAt === undefined ? new Date() : consentedAt;
      await em.persistAndFlush(user);
      return user;
    },
    inbound(user, body, o = {}) {
      const params = {
        MessageSid: o.sid ?? `SM${randomBytes(16).toString('hex')}`,
        AccountSid: fake.accountSid,
        From: o.from ?? user.phone,
        To: o.to ?? user.assistantNumber,
        Body: body,
        NumMedia: '0',
      };
      const signature = o.signature ?? twilio.getExpectedTwilioSignature(fake.authToken, signedUrl, params);
      return fetch(`http://127.0.0.1:${port}/webhooks/twilio/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params),
      });
    },
    messages(userId) {
      return orm.em.fork().find(Message, { user: userId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    },
    startWorker,
    killWorker,
    async close() {
      await deletePersonSchedules();
      await killWorker();
      if (child) await stopChild(child);
      await api.close(1000);
      await temporal.connection.close();
      await kv.close();
      await limiter.close();
      if (kv.kind === 'redis') await deleteKeys(redisUrl, redisPrefix);
      await orm.close();
      await fake.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
