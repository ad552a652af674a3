import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ref } from '@mikro-orm/core';
import { TypedSearchAttributes } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { loadConfig, type DatabaseConfig } from '../schemas/config';
import { openDatabase } from '../schemas/db';
import { Reminder, User } from '../schemas/entities';
import { connectClient, type TemporalClient } from '../temporal/connection';
import { startFakeTwilio, type FakeTwilio } from '../test/fakes/twilio-server';
import { freePort } from '../test/helpers/ports';
import type { ReminderInput } from '../workflows/contracts/reminder';
import { USER_ID } from '../workflows/contracts/search-attributes';
import type { BenchJob } from './lib/bullmq-worker';
import { breakdown, type BreakdownReport } from './lib/history';
import { type Cleanup, Interrupted, UsageError, abortable, benchMain, log, pause, pool, positive, sleep } from './lib/lifecycle';
import { startDevServer, type BenchDevServer } from './lib/devserver';
import { isAlive, processTree, signal, killSurvivors, usage, type ProcId } from './lib/proc';
import { startProduct, type Product, type StopResult } from './lib/product';
import { distribution, formatMb, formatMs, round, roundDistribution, table, type Distribution } from './lib/stats';
import { findMetricsUrl, scrape, summarize, type Scrape, type ServerMetrics } from './lib/temporal-metrics';
import { phaseUsage, sampleTrees, startSampler, type PhaseUsage, type SideSample } from './lib/usage';
import { REMINDER_WORKFLOW, reminderWorkflowId, type ReminderWorkflow } from '../workflows/contracts/reminder';

const USAGE = `usage: npm run bench:reminders -- [--count 10000] [--window 120] [--users 500] [--json]
       [--lead 30] [--warmup 100] [--concurrency 50] [--bullmq-concurrency 50] [--drain 480]
       [--histories 300] [--timeout 1200] [--redis-url redis://127.0.0.1:6379]
       [--skip-temporal] [--skip-bullmq]
       [--product-env KEY=VALUE]… [--extra-workers N] [--dev-server file|memory] [--dev-server-arg ARG]…

Schedules --count one-off reminders due uniformly over --window seconds and measures how late
they fire (fire time − dueAt; fire time = when the fake Twilio receives the SMS), how fast they
were scheduled, and the memory and CPU of the worker and of the server it relies on. Twice:

  Temporal  the real product (tsx workers/embedded.ts, its embedded dev server on SQLite) on free
            ports with a temporary DATA_DIR and a fake Twilio; --users users are created in its
            database, then for each reminder the bench writes the Reminder row and starts
            reminderWorkflow (explicit time, no quiet hours, one nag after 60 min, so nags stay
            out of the window), --concurrency starts in flight.
  BullMQ    delayed jobs (Queue.addBulk, delay = dueAt − now) on Redis at --redis-url under a
            queue prefix of its own (deleted at the end), and a Worker (--bullmq-concurrency)
            in a child process whose processor sends the SMS with the product's Twilio client to
            a fake Twilio of its own: the same measuring point, without the product's database.

The due window opens once scheduling is expected to be over: a warm-up of --warmup reminders
(due in 2 h, not counted) measures the scheduling rate, the window starts that estimate × 1.25
plus --lead seconds after scheduling starts, and the report says how much margin was left.
After the window, late reminders are waited for up to --drain seconds (less if --timeout, the
bound on the whole run, would be exceeded). The Temporal side also reads --histories workflow
histories to split lateness into timer / workflow task / activity waits.

The Temporal side also compares two scrapes of the dev server's own Prometheus metrics (which
start-dev always serves, on a port the bench finds) to show what the server was busy with.

Experiments, to find out what limits the Temporal side (defaults: none, the product as is):
  --product-env KEY=VALUE  an extra variable for the product (and extra workers), e.g.
                           NODE_OPTIONS=--max-old-space-size=… (the SDK sizes its default workflow
                           cache from the heap limit); repeatable.
  --extra-workers N        N more worker processes (tsx workers/worker.ts, the product's standalone
                           worker) on the same task queue, database and fake Twilio: more pollers,
                           slots and workflow threads, on the same two cores.
  --dev-server file|memory the bench starts the dev server itself on the product's port (the
                           product reuses it, as a second npm start would), on a SQLite file in
                           DATA_DIR as the product does, or in memory;
  --dev-server-arg ARG     … with extra start-dev flags, e.g. --dev-server-arg=--sqlite-pragma
                           --dev-server-arg=journal_mode=wal or --dev-server-arg=--dynamic-config-value
                           --dev-server-arg=history.hostLevelCacheMaxSize=20000; repeatable.`;

const ROOT = resolve(__dirname, '..');
const TASK_QUEUE = 'assistant'; // TEMPORAL_TASK_QUEUE's default: the product gets no TEMPORAL_* of ours but its ports
const NAMESPACE = 'default';
const READY_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 30_000;
const PROGRESS_EVERY_MS = 5_000;
/** Rows written per transaction: the product writes one per reminder, the bench batches them to stay out of the way. */
const ROW_CHUNK = 500;
const BULK_CHUNK = 1000;
/** After the window, give up waiting once nothing fired for this long. */
const STALL_MS = 90_000;
const WARMUP_DUE_MS = 2 * 3600_000;
const MAX_USERS = 10_000;
const PRODUCT_ENV = /^(NODE_ENV|PORT|PUBLIC_BASE_URL|DATA_DIR|DATABASE_URL|REDIS_URL|LOG_LEVEL|TEMPORAL_(?!CLI_PATH$).*|TWILIO_.*|GEMINI_.*|REMINDER_.*)$/;
const TOKEN = /bench ([0-9a-f]{8})-(\d+)\b/;

interface Options {
  count: number;
  window: number;
  users: number;
  lead: number;
  warmup: number;
  concurrency: number;
  bullmqConcurrency: number;
  drain: number;
  histories: number;
  timeout: number;
  redisUrl: string;
  skipTemporal: boolean;
  skipBullmq: boolean;
  productEnv: Record<string, string>;
  extraWorkers: number;
  devServer: 'file' | 'memory' | null;
  devServerArgs: string[];
  json: boolean;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: 'string', default: '10000' },
      window: { type: 'string', default: '120' },
      users: { type: 'string', default: '500' },
      lead: { type: 'string', default: '30' },
      warmup: { type: 'string', default: '100' },
      concurrency: { type: 'string', default: '50' },
      'bullmq-concurrency': { type: 'string', default: '50' },
      drain: { type: 'string', default: '480' },
      histories: { type: 'string', default: '300' },
      timeout: { type: 'string', default: '1200' },
      'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
      'skip-temporal': { type: 'boolean', default: false },
      'skip-bullmq': { type: 'boolean', default: false },
      'product-env': { type: 'string', multiple: true, default: [] },
      'extra-workers': { type: 'string', default: '0' },
      'dev-server': { type: 'string' },
      'dev-server-arg': { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  if (values['skip-temporal'] && values['skip-bullmq']) throw new UsageError('--skip-temporal and --skip-bullmq together leave nothing to run');
  if (!/^rediss?:\/\//.test(values['redis-url'])) throw new UsageError('--redis-url must start with redis:// or rediss://');
  const devServer = values['dev-server'] ?? (values['dev-server-arg'].length > 0 ? 'file' : null);
  if (devServer !== null && devServer !== 'file' && devServer !== 'memory') throw new UsageError(`--dev-server must be file or memory, got ${devServer}`);
  if ((values['skip-temporal']) && (devServer || values['extra-workers'] !== '0' || values['product-env'].length > 0)) {
    throw new UsageError('--product-env, --extra-workers and --dev-server are Temporal-side options: not with --skip-temporal');
  }
  const productEnv: Record<string, string> = {};
  for (const pair of values['product-env']) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(pair);
    if (!m) throw new UsageError(`--product-env must be KEY=VALUE, got ${pair}`);
    productEnv[m[1]!] = m[2]!;
  }
  return {
    count: positive('count', values.count, { integer: true, max: 1_000_000 }),
    window: positive('window', values.window, { max: 3600 }),
    users: positive('users', values.users, { integer: true, max: MAX_USERS }),
    lead: positive('lead', values.lead, { max: 3600, zero: true }),
    warmup: positive('warmup', values.warmup, { integer: true, max: 10_000, zero: true }),
    concurrency: positive('concurrency', values.concurrency, { integer: true, max: 1000 }),
    bullmqConcurrency: positive('bullmq-concurrency', values['bullmq-concurrency'], { integer: true, max: 1000 }),
    drain: positive('drain', values.drain, { max: 7200, zero: true }),
    histories: positive('histories', values.histories, { integer: true, max: 10_000, zero: true }),
    timeout: positive('timeout', values.timeout, { max: 24 * 3600 }),
    redisUrl: values['redis-url'],
    skipTemporal: values['skip-temporal'],
    skipBullmq: values['skip-bullmq'],
    productEnv,
    extraWorkers: positive('extra-workers', values['extra-workers'], { integer: true, max: 8, zero: true }),
    devServer,
    devServerArgs: values['dev-server-arg'],
    json: values.json,
  };
}

// ---------------------------------------------------------------------------
// The plan both sides follow: same count, same due offsets within the window.

interface BenchUser {
  phone: string;
  assistantNumber: string;
  language: 'fr' | 'en';
}

function benchUser(i: number): BenchUser {
  const n = String(i).padStart(4, '0');
  return { phone: `+1555100${n}`, assistantNumber: `+1555200${n}`, language: i % 2 === 0 ? 'fr' : 'en' };
}

/** Deterministic PRNG (mulberry32): both sides get the very same due offsets. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Offsets (ms from the window's start) spread uniformly, one per stratum, ascending: scheduled in due order. */
function dueOffsets(count: number, windowMs: number): number[] {
  const rand = prng(0x5eed);
  return Array.from({ length: count }, (_, i) => Math.floor((windowMs * (i + rand())) / count));
}

/** When the due window opens: after the expected end of scheduling (rate from the warm-up, × 1.25) plus --lead. */
function windowStart(scheduleStart: number, count: number, warmupRate: number | null, leadS: number): number {
  const expectedMs = warmupRate ? (count / warmupRate) * 1000 * 1.25 : 0;
  return scheduleStart + Math.ceil(expectedMs + leadS * 1000);
}

// ---------------------------------------------------------------------------
// Results

interface Fire {
  index: number;
  at: number;
}

interface SideReport {
  side: 'temporal' | 'bullmq';
  count: number;
  fired: number;
  missing: number;
  duplicates: number;
  /** Fire − dueAt over all reminders, the missing ones as lower bounds (see censoredFromMs; negative: early). */
  latenessMs: Distribution;
  /** The same over the fired reminders only. */
  latenessFiredMs: Distribution;
  /** When some never fired: values of latenessMs from this one on are lower bounds. */
  censoredFromMs: number | null;
  early: number;
  /** BullMQ: when the processor picked the job up − dueAt (before the SMS was posted). */
  pickupLatenessMs: Distribution | null;
  scheduling: {
    warmup: number;
    /** Temporal: until the worker recorded them (what the window start is estimated from); BullMQ: addBulk. */
    warmupRatePerS: number | null;
    warmupStartRatePerS: number | null;
    seconds: number;
    ratePerS: number | null;
    /** Latency of one schedule call (workflow start / one addBulk chunk of BULK_CHUNK). */
    callMs: Distribution;
    /** Temporal: until the product recorded every reminder as scheduled (its first activity ran). */
    settledSeconds: number | null;
    settledRatePerS: number | null;
    /** Due window start − scheduling start, and what was left of it when scheduling was over. */
    leadS: number;
    marginS: number | null;
    /** Reminders scheduled after their own dueAt (the window opened too early for them). */
    scheduledAfterDue: number;
  };
  windowS: number;
  /** Last fire − window end (how long the tail took). */
  lastFireAfterWindowMs: number | null;
  usage: { scheduling: PhaseUsage; firing: PhaseUsage; whole: PhaseUsage; samples: number };
  backlogMax: { workflow: number; activity: number } | null;
  breakdown: BreakdownReport | null;
  /** The dev server's own metrics over the scheduling and the firing phases. */
  serverMetrics: { scheduling: ServerMetrics | null; firing: ServerMetrics | null } | null;
  readModel: { firing: number; scheduled: number; other: number } | null;
  productWarnings: Record<string, number> | null;
  startupMs: number | null;
  shutdown: StopResult | null;
  notes: string[];
}

/**
 * Lateness over all `count` reminders: one never fired counts as at least (stoppedAt − its dueAt),
 * so the percentiles are not flattered by leaving out the worst; `censoredFromMs` says from which
 * value on a figure is such a lower bound.
 */
function lateness(
  count: number,
  dues: number[],
  fires: Fire[],
  stoppedAt: number,
): Pick<SideReport, 'fired' | 'missing' | 'duplicates' | 'latenessMs' | 'latenessFiredMs' | 'censoredFromMs' | 'early'> & { last: number | null } {
  const seen = new Set<number>();
  const values: number[] = [];
  let duplicates = 0;
  let last: number | null = null;
  for (const f of fires) {
    if (seen.has(f.index)) {
      duplicates += 1;
      continue;
    }
    seen.add(f.index);
    values.push(f.at - dues[f.index]!);
    last = Math.max(last ?? f.at, f.at);
  }
  const bounds: number[] = [];
  for (let i = 0; i < count; i += 1) if (!seen.has(i)) bounds.push(stoppedAt - dues[i]!);
  return {
    fired: seen.size,
    missing: count - seen.size,
    duplicates,
    latenessMs: roundDistribution(distribution([...values, ...bounds])),
    latenessFiredMs: roundDistribution(distribution(values)),
    censoredFromMs: bounds.length > 0 ? round(Math.min(...bounds), 0) : null,
    early: values.filter((v) => v < 0).length,
    last,
  };
}

/** SMS the fake received for this run, as (reminder index, receive time). */
function firesFrom(fake: FakeTwilio, runId: string): Fire[] {
  const out: Fire[] = [];
  for (const m of fake.messages) {
    const match = TOKEN.exec(m.body);
    if (match && match[1] === runId) out.push({ index: Number(match[2]), at: m.dateCreated.getTime() });
  }
  return out;
}

function firedCount(fake: FakeTwilio): number {
  return fake.messages.length;
}

// ---------------------------------------------------------------------------
// Shared waiting: the window, then the tail.

interface Budget {
  /** Epoch ms by which this side must have stopped waiting for fires. */
  fireDeadline: number;
}

async function waitForFires(
  label: string,
  count: number,
  fired: () => number,
  windowEnd: number,
  drainS: number,
  budget: Budget,
  abort: AbortSignal,
  extra: () => string = () => '',
): Promise<void> {
  const deadline = Math.min(windowEnd + drainS * 1000, budget.fireDeadline);
  let lastCount = fired();
  let lastChange = Date.now();
  let lastLog = 0;
  for (;;) {
    const now = Date.now();
    const n = fired();
    if (n !== lastCount) {
      lastCount = n;
      lastChange = now;
    }
    if (n >= count) return;
    if (now >= deadline) {
      log(`${label}: stopped waiting with ${count - n} reminders not fired (${now >= budget.fireDeadline ? '--timeout' : '--drain'} reached)`);
      return;
    }
    if (now > windowEnd && now - lastChange > STALL_MS) {
      log(`${label}: nothing fired for ${STALL_MS / 1000} s after the window: ${count - n} reminders missing`);
      return;
    }
    if (now - lastLog >= PROGRESS_EVERY_MS) {
      lastLog = now;
      const phase = now < windowEnd ? `window ends in ${Math.ceil((windowEnd - now) / 1000)} s` : `${Math.round((now - windowEnd) / 1000)} s after the window`;
      log(`${label}: fired ${n}/${count} (${phase})${extra()}`);
    }
    await pause(250, abort);
  }
}

// ---------------------------------------------------------------------------
// Temporal: the product

function productEnv(vars: Record<string, string>, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !PRODUCT_ENV.test(key)));
  return { ...env, ...vars, ...extra };
}

async function distinctFreePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

/** Bench users, straight in the product's database before it starts (quiet hours off). */
async function createUsers(database: DatabaseConfig, count: number): Promise<{ id: string; user: BenchUser }[]> {
  const orm = await openDatabase(database, { migrate: true });
  try {
    const em = orm.em.fork();
    const out = Array.from({ length: count }, (_, i) => {
      const u = benchUser(i);
      const entity = new User({ phone: u.phone, assistantNumber: u.assistantNumber, language: u.language });
      entity.quietStart = '00:00';
      entity.quietEnd = '00:00';
      em.persist(entity);
      return { id: entity.id, user: u };
    });
    await em.flush();
    return out;
  } finally {
    await orm.close();
  }
}

async function backlog(client: TemporalClient): Promise<{ workflow: number; activity: number } | null> {
  const one = async (type: proto.api.enums.v1.TaskQueueType) => {
    const res = await client.workflowService.describeTaskQueue({
      namespace: NAMESPACE,
      taskQueue: { name: TASK_QUEUE, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: type,
      reportStats: true,
    });
    return Number(String(res.stats?.approximateBacklogCount ?? 0));
  };
  try {
    const [workflow, activity] = await Promise.all([
      one(proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
      one(proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY),
    ]);
    return { workflow, activity };
  } catch {
    return null;
  }
}

/** Waits until `n` distinct worker identities poll the task queue (extra workers are up). */
async function waitForPollers(client: TemporalClient, n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.workflowService.describeTaskQueue({
      namespace: NAMESPACE,
      taskQueue: { name: TASK_QUEUE, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    const identities = new Set((res.pollers ?? []).map((p) => p.identity));
    if (identities.size >= n) return;
    if (Date.now() > deadline) throw new Error(`only ${identities.size} of ${n} workers polling after ${timeoutMs / 1000} s`);
    await sleep(1000);
  }
}

let productShutdown: StopResult | null = null;

async function stopProduct(product: Product): Promise<void> {
  log('stopping the product (SIGINT)');
  productShutdown = await product.stop(STOP_GRACE_MS);
  if (productShutdown.clean) log(`product stopped cleanly in ${(productShutdown.ms / 1000).toFixed(1)} s`);
  else log(`product did not stop cleanly (${JSON.stringify(productShutdown)}); last output:\n${product.logTail()}`);
}

async function runTemporal(opts: Options, cleanup: Cleanup, abort: AbortSignal, budget: Budget): Promise<SideReport> {
  const mark = cleanup.mark();
  try {
    return await temporalSide(opts, cleanup, abort, budget);
  } finally {
    await cleanup.runAll(mark);
  }
}

async function temporalSide(opts: Options, cleanup: Cleanup, abort: AbortSignal, budget: Budget): Promise<SideReport> {
  const runId = randomBytes(4).toString('hex');
  const notes: string[] = [];
  const fake = await startFakeTwilio();
  cleanup.add('fake Twilio (Temporal side)', () => fake.close(), () => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), 'assistant-bench-reminders-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  cleanup.add('temporary DATA_DIR', async () => removeDir(), removeDir);

  // The product generates its local data key in DATA_DIR; the bench reads the same one.
  const { encryptionKeys } = loadConfig({ DATA_DIR: dataDir });
  const database: DatabaseConfig = { kind: 'sqlite', path: join(dataDir, 'assistant.db'), encryptionKeys };
  const users = await createUsers(database, opts.users);
  const [port, devPort, uiPort, metricsPort] = (await distinctFreePorts(4)) as [number, number, number, number];
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = Date.now();
  let benchServer: BenchDevServer | null = null;
  if (opts.devServer) {
    // Registered before the product, so it is stopped after it (cleanup runs newest first).
    const server = await startDevServer({
      port: devPort,
      uiPort,
      metricsPort,
      dbFile: opts.devServer === 'memory' ? null : join(dataDir, 'temporal.db'),
      namespace: NAMESPACE,
      extraArgs: opts.devServerArgs,
      timeoutMs: 60_000,
    });
    benchServer = server;
    cleanup.add('bench dev server', () => server.stop(), () => server.killNow());
    log(`temporal: bench started the dev server itself (pid ${server.pid}, ${opts.devServer}${opts.devServerArgs.length ? `, ${opts.devServerArgs.join(' ')}` : ''})`);
  }
  const env = productEnv(
      {
        NODE_ENV: 'development',
        PORT: String(port),
        PUBLIC_BASE_URL: baseUrl,
        DATA_DIR: dataDir,
        TEMPORAL_DEV_SERVER_PORT: String(devPort),
        TEMPORAL_UI_PORT: String(uiPort),
        TWILIO_ACCOUNT_SID: fake.accountSid,
        TWILIO_AUTH_TOKEN: fake.authToken,
        TWILIO_API_BASE_URL: fake.url,
        LOG_LEVEL: 'warn',
      },
      opts.productEnv,
    );
  const product = startProduct({ root: ROOT, baseUrl, env });
  cleanup.add('product', () => stopProduct(product), () => product.killNow());
  log(`temporal: product starting (pid ${product.pid}, ${baseUrl}, Temporal on 127.0.0.1:${devPort}, DATA_DIR ${dataDir})`);
  await abortable(product.waitReady(READY_TIMEOUT_MS), abort);
  const startupMs = Date.now() - started;
  log(`temporal: product ready in ${(startupMs / 1000).toFixed(1)} s`);

  const orm = await openDatabase(database, { migrate: false });
  cleanup.add('bench database connection', () => orm.close(), () => undefined);
  const client = await connectClient({ address: `127.0.0.1:${devPort}`, namespace: NAMESPACE, encryptionKeys });
  cleanup.add('Temporal client', () => client.connection.close(), () => undefined);

  const extras: Child[] = [];
  for (let i = 0; i < opts.extraWorkers; i += 1) {
    const w = startChild(['workers/worker.ts'], env, null);
    extras.push(w);
    cleanup.add(`extra worker ${i + 1}`, () => w.stop(), () => w.killNow());
  }
  if (extras.length > 0) {
    await abortable(waitForPollers(client, 1 + extras.length, 90_000), abort);
    log(`temporal: ${extras.length} extra worker process(es) polling (pids ${extras.map((w) => w.pid).join(', ')})`);
  }

  const temporalPid = benchServer?.pid ?? (await processTree(product.pid)).find((p) => p.comm === 'temporal')?.pid ?? null;
  const metricsUrl = benchServer?.metricsUrl ?? (temporalPid === null ? null : await findMetricsUrl(temporalPid, [devPort, uiPort]));
  if (!metricsUrl) notes.push('dev server metrics not found: no server-side breakdown');
  const snap = async (): Promise<{ at: number; data: Scrape } | null> => {
    if (!metricsUrl) return null;
    try {
      return { at: performance.now(), data: await scrape(metricsUrl) };
    } catch {
      return null;
    }
  };
  const between = (a: { at: number; data: Scrape } | null, b: { at: number; data: Scrape } | null) =>
    a && b && b.at > a.at ? summarize(a.data, b.data, (b.at - a.at) / 1000) : null;

  const sampler = startSampler(async () => {
    const s = toSide(await product.sampleUsage());
    for (const w of extras) {
      const t = await sampleTrees(w.pid, null);
      s.workerBytes += t.workerBytes;
      s.workerCpuS += t.workerCpuS;
    }
    if (benchServer) {
      const u = await usage(benchServer.pid);
      s.serverBytes += u.rssBytes;
      s.serverCpuS += u.cpuSeconds;
    }
    return s;
  });
  cleanup.add('usage sampler', async () => sampler.cancel(), () => sampler.cancel());
  product.markLogs();

  /** Writes the rows of reminders [from, to) in one transaction: what createReminder does one by one. */
  const writeRows = async (texts: { index: number; text: string; dueAt: Date }[], ids: string[]) => {
    const em = orm.em.fork();
    for (const t of texts) {
      const owner = users[t.index % users.length]!;
      const row = new Reminder({ user: ref(em.getReference(User, owner.id)), text: t.text, dueAt: t.dueAt, timezone: 'America/Toronto' });
      ids[t.index] = row.id;
      em.persist(row);
    }
    await em.flush();
  };
  const startOne = async (reminderId: string, index: number, text: string, dueAt: Date) => {
    const owner = users[index % users.length]!;
    const input: ReminderInput = {
      reminderId,
      userId: owner.id,
      text,
      language: owner.user.language,
      timezone: 'America/Toronto',
      dueAt: dueAt.toISOString(),
      rrule: null,
      explicitTime: true,
      nagMinutes: [60],
      quietHours: { start: '00:00', end: '00:00' },
    };
    await client.workflow.start<ReminderWorkflow>(REMINDER_WORKFLOW, {
      workflowId: reminderWorkflowId(reminderId),
      taskQueue: TASK_QUEUE,
      args: [input],
      typedSearchAttributes: new TypedSearchAttributes([{ key: USER_ID, value: owner.id }]),
    });
  };

  /** Rows whose reminder the product has recorded as scheduled (its first activity ran: the workflow is under way). */
  // By id: the text column is encrypted at rest (schemas/field-crypto.ts), so it cannot be matched.
  const recorded = async (ids: readonly string[]) => {
    let n = 0;
    const conn = orm.em.fork().getConnection();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500).filter(Boolean);
      if (chunk.length === 0) continue;
      const rows = await conn.execute<{ n: number }[]>(`select count(*) as n from reminders where updated_at > created_at and id in (${chunk.map(() => '?').join(',')})`, chunk);
      n += Number(rows[0]?.n ?? 0);
    }
    return n;
  };

  // Warm-up: same path, due in 2 h (never within the run), not counted. Its rate is taken until
  // the worker has recorded them all, not just until the starts returned: that is what the
  // window must wait for.
  let warmupRate: number | null = null;
  let warmupStartRate: number | null = null;
  if (opts.warmup > 0) {
    const ids: string[] = [];
    const due = new Date(Date.now() + WARMUP_DUE_MS);
    const items = Array.from({ length: opts.warmup }, (_, index) => ({ index, text: `warmup ${runId}-${index}`, dueAt: due }));
    const begun = performance.now();
    await writeRows(items, ids);
    await pool(items.length, opts.concurrency, abort, (i) => startOne(ids[i]!, i, items[i]!.text, due));
    warmupStartRate = opts.warmup / ((performance.now() - begun) / 1000);
    const deadline = Date.now() + 120_000;
    while ((await recorded(ids)) < opts.warmup && Date.now() < deadline) await pause(100, abort);
    warmupRate = opts.warmup / ((performance.now() - begun) / 1000);
    log(`temporal: warm-up of ${opts.warmup} reminders: started at ${warmupStartRate.toFixed(0)}/s, recorded by the worker at ${warmupRate.toFixed(0)}/s`);
  }

  const scrapeScheduling = await snap();
  const scheduleStart = Date.now();
  const windowMs = opts.window * 1000;
  const t0 = windowStart(scheduleStart, opts.count, warmupRate, opts.lead);
  const offsets = dueOffsets(opts.count, windowMs);
  const dues = offsets.map((o) => t0 + o);
  log(
    `temporal: scheduling ${opts.count} reminders (${opts.concurrency} in flight); due window opens in ${((t0 - scheduleStart) / 1000).toFixed(0)} s ` +
      `and lasts ${opts.window} s`,
  );

  const ids: string[] = new Array<string>(opts.count);
  const chunks = new Map<number, Promise<void>>();
  const chunkRows = (chunk: number) => {
    let p = chunks.get(chunk);
    if (!p) {
      const from = chunk * ROW_CHUNK;
      const items = [];
      for (let i = from; i < Math.min(opts.count, from + ROW_CHUNK); i += 1) items.push({ index: i, text: `bench ${runId}-${i}`, dueAt: new Date(dues[i]!) });
      p = writeRows(items, ids);
      chunks.set(chunk, p);
    }
    return p;
  };
  const callMs: number[] = [];
  let scheduled = 0;
  let scheduledAfterDue = 0;
  let backlogMax: { workflow: number; activity: number } | null = null;
  let lastBacklog: { workflow: number; activity: number } | null = null;
  let backlogBusy = false;
  const backlogTimer = setInterval(() => {
    if (backlogBusy) return;
    backlogBusy = true;
    void backlog(client)
      .then((b) => {
        lastBacklog = b;
        if (b) backlogMax = { workflow: Math.max(backlogMax?.workflow ?? 0, b.workflow), activity: Math.max(backlogMax?.activity ?? 0, b.activity) };
      })
      .finally(() => (backlogBusy = false));
  }, 1000);
  cleanup.add('backlog poller', async () => clearInterval(backlogTimer), () => clearInterval(backlogTimer));
  const backlogText = () => {
    const b: { workflow: number; activity: number } | null = lastBacklog;
    return b ? `, task queue backlog: ${b.workflow} workflow / ${b.activity} activity tasks` : '';
  };
  const progress = setInterval(() => log(`temporal: scheduled ${scheduled}/${opts.count}, fired ${firedCount(fake)}${backlogText()}`), PROGRESS_EVERY_MS);
  cleanup.add('progress', async () => clearInterval(progress), () => clearInterval(progress));
  await pool(opts.count, opts.concurrency, abort, async (i) => {
    await chunkRows(Math.floor(i / ROW_CHUNK));
    const begun = performance.now();
    await startOne(ids[i]!, i, `bench ${runId}-${i}`, new Date(dues[i]!));
    callMs.push(performance.now() - begun);
    scheduled += 1;
    if (Date.now() > dues[i]!) scheduledAfterDue += 1;
  });
  const scheduleEnd = Date.now();
  const scheduleS = (scheduleEnd - scheduleStart) / 1000;
  log(`temporal: ${opts.count} workflows started in ${scheduleS.toFixed(1)} s (${(opts.count / scheduleS).toFixed(0)}/s); window opens in ${((t0 - scheduleEnd) / 1000).toFixed(0)} s`);

  // Settled: the product's first activity (recordReminderState 'scheduled') ran for every reminder.
  let settledAt: number | null = null;
  while (Date.now() < t0 + windowMs) {
    if ((await recorded(ids)) >= opts.count) {
      settledAt = Date.now();
      break;
    }
    await pause(500, abort);
  }
  const scrapeScheduled = await snap();
  if (settledAt) log(`temporal: every reminder recorded as scheduled ${((settledAt - scheduleStart) / 1000).toFixed(1)} s after scheduling began`);
  else notes.push('the product had not recorded every reminder as scheduled by the end of the window');

  const windowEnd = t0 + windowMs;
  if (Date.now() < t0) await pause(t0 - Date.now(), abort);
  clearInterval(progress);
  const scrapeWindow = await snap();
  log(`temporal: due window open (${opts.window} s)`);
  try {
    await waitForFires('temporal', opts.count, () => firedCount(fake), windowEnd, opts.drain, budget, abort, backlogText);
  } finally {
    clearInterval(backlogTimer);
  }
  const scrapeFired = await snap();
  const fires = firesFrom(fake, runId);
  const l = lateness(opts.count, dues, fires, Date.now());
  await sampler.stop();
  const firingEnd = Math.max(l.last ?? windowEnd, windowEnd);

  // Where the lateness comes from: an even sample over the window, plus the latest fires.
  let breakdownReport: BreakdownReport | null = null;
  if (opts.histories > 0 && fires.length > 0) {
    const firstFire = new Map<number, number>();
    for (const f of fires) if (!firstFire.has(f.index)) firstFire.set(f.index, f.at);
    const byLateness = [...firstFire]
      .map(([index, at]) => ({ index, late: at - dues[index]! }))
      .sort((a, b) => a.index - b.index);
    const pick = new Set<number>();
    const even = Math.max(1, Math.floor(opts.histories * 0.9));
    for (let k = 0; k < even; k += 1) pick.add(byLateness[Math.floor((k * byLateness.length) / even)]!.index);
    for (const w of [...byLateness].sort((a, b) => b.late - a.late).slice(0, opts.histories - even)) pick.add(w.index);
    log(`temporal: reading ${pick.size} workflow histories`);
    const { report } = await abortable(
      breakdown(
        client,
        [...pick].map((i) => ({ workflowId: reminderWorkflowId(ids[i]!), dueAtMs: dues[i]! })),
        { concurrency: 8, deadline: Math.min(Date.now() + 120_000, budget.fireDeadline + 60_000) },
      ),
      abort,
    );
    breakdownReport = report;
  }

  const states = await orm.em
    .fork()
    .getConnection()
    .execute<{ status: string; n: number }[]>('select status, count(*) as n from reminders where text like ? group by status', [`bench ${runId}-%`]);
  const byStatus: Record<string, number> = Object.fromEntries(states.map((x: { status: string; n: number }) => [x.status, Number(x.n)]));
  const readModel = {
    firing: byStatus.firing ?? 0,
    scheduled: byStatus.scheduled ?? 0,
    other: Object.entries(byStatus).reduce((n, [k, v]) => (k === 'firing' || k === 'scheduled' ? n : n + v), 0),
  };

  const settledS = settledAt ? (settledAt - scheduleStart) / 1000 : null;
  return {
    side: 'temporal',
    count: opts.count,
    fired: l.fired,
    missing: l.missing,
    duplicates: l.duplicates,
    latenessMs: l.latenessMs,
    latenessFiredMs: l.latenessFiredMs,
    censoredFromMs: l.censoredFromMs,
    early: l.early,
    pickupLatenessMs: null,
    scheduling: {
      warmup: opts.warmup,
      warmupRatePerS: round(warmupRate, 1),
      warmupStartRatePerS: round(warmupStartRate, 1),
      seconds: round(scheduleS, 1)!,
      ratePerS: round(opts.count / scheduleS, 1),
      callMs: roundDistribution(distribution(callMs)),
      settledSeconds: round(settledS, 1),
      settledRatePerS: settledS ? round(opts.count / settledS, 1) : null,
      leadS: round((t0 - scheduleStart) / 1000, 1)!,
      marginS: round((t0 - (settledAt ?? scheduleEnd)) / 1000, 1),
      scheduledAfterDue,
    },
    windowS: opts.window,
    lastFireAfterWindowMs: l.last === null ? null : round(l.last - windowEnd, 0),
    usage: {
      scheduling: phaseUsage(sampler.samples, scheduleStart, settledAt ?? scheduleEnd),
      firing: phaseUsage(sampler.samples, t0, firingEnd),
      whole: phaseUsage(sampler.samples, 0, Infinity),
      samples: sampler.samples.length,
    },
    backlogMax,
    breakdown: breakdownReport,
    serverMetrics: metricsUrl ? { scheduling: between(scrapeScheduling, scrapeScheduled), firing: between(scrapeWindow, scrapeFired) } : null,
    readModel,
    productWarnings: Object.fromEntries(product.warnings()),
    startupMs,
    shutdown: null, // filled in once the product is stopped
    notes,
  };
}

function toSide(s: Awaited<ReturnType<Product['sampleUsage']>>): SideSample {
  return {
    at: s.at,
    wallMs: Date.now(),
    workerBytes: s.productBytes,
    serverBytes: s.temporalBytes,
    workerCpuS: s.productCpuS,
    serverCpuS: s.temporalCpuS,
    benchCpuS: s.benchCpuS,
    hostBusyS: s.hostBusyS,
    hostTotalS: s.hostTotalS,
  };
}

// ---------------------------------------------------------------------------
// BullMQ

interface Child {
  pid: number;
  fired: { jobId: string; pickupMs: number }[];
  warnings: Map<string, number>;
  ready: Promise<void>;
  stop(): Promise<void>;
  killNow(): void;
  tail(): string;
}

/** `tsx <args>` in its own process group; `ready` resolves on a "ready" line (or at once if readyLine is null). */
function startChild(args: string[], env: NodeJS.ProcessEnv, readyLine: string | null): Child {
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), args, {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn tsx ${args.join(' ')}`);
  const fired: { jobId: string; pickupMs: number }[] = [];
  const warnings = new Map<string, number>();
  const lines: string[] = [];
  const known = new Map<string, ProcId>();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let onReady: () => void = () => undefined;
  let onFail: (err: Error) => void = () => undefined;
  const ready = new Promise<void>((res, rej) => {
    onReady = res;
    onFail = rej;
  });
  void exited.then(() => onFail(new Error(`tsx ${args.join(' ')} exited before it was ready:\n${lines.join('\n')}`)));
  if (readyLine === null) onReady();
  let partial = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      if (line === readyLine) onReady();
      const m = /^fired (\S+) (-?\d+)$/.exec(line);
      if (m) fired.push({ jobId: m[1]!, pickupMs: Number(m[2]) });
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) {
      if (!line.trim()) continue;
      warnings.set(line.slice(0, 200), (warnings.get(line.slice(0, 200)) ?? 0) + 1);
      lines.push(line);
      if (lines.length > 40) lines.shift();
    }
  });
  const remember = async () => {
    for (const p of await processTree(pid)) known.set(`${p.pid}:${p.startTime}`, p);
  };
  void ready.then(remember, () => undefined);
  // tsx starts node a moment later: remember it too, so a hard kill finds it.
  void sleep(3000).then(remember);
  return {
    pid,
    fired,
    warnings,
    ready,
    async stop() {
      await remember().catch(() => undefined);
      signal(-pid, 'SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(30_000).then(() => false)]);
      if (!done) signal(-pid, 'SIGKILL');
      const deadline = Date.now() + 2000;
      while ([...known.values()].some(isAlive) && Date.now() < deadline) await sleep(50);
      killSurvivors(known.values());
    },
    killNow() {
      signal(-pid, 'SIGKILL');
      killSurvivors(known.values());
    },
    tail: () => lines.join('\n'),
  };
}

async function redisServerPid(redis: IORedis): Promise<number | null> {
  const info = await redis.info('server');
  const pid = Number(/^process_id:(\d+)/m.exec(info)?.[1]);
  // Only a local Redis can be measured, and only if it is ours to read.
  return Number.isInteger(pid) && pid > 0 && (await processTree(pid)).length > 0 ? pid : null;
}

async function deleteKeys(redis: IORedis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

async function runBullmq(opts: Options, cleanup: Cleanup, abort: AbortSignal, budget: Budget): Promise<SideReport> {
  const mark = cleanup.mark();
  try {
    return await bullmqSide(opts, cleanup, abort, budget);
  } finally {
    await cleanup.runAll(mark);
  }
}

async function bullmqSide(opts: Options, cleanup: Cleanup, abort: AbortSignal, budget: Budget): Promise<SideReport> {
  const runId = randomBytes(4).toString('hex');
  const notes: string[] = [];
  const prefix = `bench-reminders-${runId}`;
  const queueName = 'reminders';
  const url = new URL(opts.redisUrl);
  const connection = {
    host: url.hostname,
    port: Number(url.port || 6379),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    db: Number(url.pathname.slice(1) || 0),
    maxRetriesPerRequest: null,
  };
  const redis = new IORedis({ ...connection, lazyConnect: true });
  await redis.connect();
  cleanup.add('Redis connection', async () => void (await redis.quit()), () => redis.disconnect());
  // Registered before anything is written, so the keys go whatever happens next.
  cleanup.add(
    `Redis keys ${prefix}:*`,
    async () => {
      const n = await deleteKeys(redis, prefix);
      const left = (await redis.scan('0', 'MATCH', `${prefix}:*`, 'COUNT', 1000))[1].length;
      log(`bullmq: deleted ${n} Redis keys under ${prefix}:*${left ? ` (${left} left!)` : ''}`);
    },
    () => log(`bullmq: Redis keys under ${prefix}:* may be left over: redis-cli --scan --pattern '${prefix}:*' | xargs redis-cli del`),
  );
  const serverPid = await redisServerPid(redis).catch(() => null);
  if (serverPid === null) notes.push('Redis server memory/CPU not measured (not a local process we can read)');

  const fake = await startFakeTwilio();
  cleanup.add('fake Twilio (BullMQ side)', () => fake.close(), () => undefined);
  const worker = startChild(['bench/lib/bullmq-worker.ts'], {
    ...process.env,
    BENCH_REDIS_URL: opts.redisUrl,
    BENCH_QUEUE: queueName,
    BENCH_PREFIX: prefix,
    BENCH_CONCURRENCY: String(opts.bullmqConcurrency),
    BENCH_TWILIO_URL: fake.url,
    BENCH_TWILIO_SID: fake.accountSid,
    BENCH_TWILIO_TOKEN: fake.authToken,
  }, 'ready');
  cleanup.add('BullMQ worker', () => worker.stop(), () => worker.killNow());
  const started = Date.now();
  await abortable(worker.ready, abort);
  const startupMs = Date.now() - started;
  log(`bullmq: worker ready in ${(startupMs / 1000).toFixed(1)} s (pid ${worker.pid}, queue ${prefix}:${queueName}, concurrency ${opts.bullmqConcurrency})`);

  const queue = new Queue<BenchJob>(queueName, { prefix, connection });
  cleanup.add('BullMQ queue', () => queue.close(), () => undefined);
  const sampler = startSampler(() => sampleTrees(worker.pid, serverPid));
  cleanup.add('usage sampler', async () => sampler.cancel(), () => sampler.cancel());

  const users = Array.from({ length: opts.users }, (_, i) => benchUser(i));
  const job = (index: number, dueAt: number, token: string): { name: string; data: BenchJob; opts: object } => {
    const u = users[index % users.length]!;
    const body = u.language === 'fr'
      ? `Rappel: ${token}. Réponds OK quand c'est fait, ou 10 min pour reporter.`
      : `Reminder: ${token}. Reply OK when done, or 10 min to snooze.`;
    return {
      name: 'reminder',
      data: { token, dueAt, to: u.phone, from: u.assistantNumber, body },
      // The product's sendSms retry policy, roughly; completed jobs are not kept (Temporal keeps histories, Redis is RAM).
      opts: { jobId: token.replace(/ /g, '-'), delay: Math.max(0, dueAt - Date.now()), attempts: 8, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 1000 },
    };
  };
  const addChunks = async (items: { index: number; dueAt: number; token: string }[], callMs: number[]) => {
    for (let from = 0; from < items.length; from += BULK_CHUNK) {
      if (abort.aborted) throw new Interrupted('interrupted');
      const begun = performance.now();
      // Delays are computed per chunk, right before it is sent.
      await queue.addBulk(items.slice(from, from + BULK_CHUNK).map((it) => job(it.index, it.dueAt, it.token)) as Parameters<typeof queue.addBulk>[0]);
      callMs.push(performance.now() - begun);
    }
  };

  let warmupRate: number | null = null;
  if (opts.warmup > 0) {
    const due = Date.now() + WARMUP_DUE_MS;
    const t = performance.now();
    await addChunks(Array.from({ length: opts.warmup }, (_, index) => ({ index, dueAt: due, token: `warmup ${runId}-${index}` })), []);
    warmupRate = opts.warmup / ((performance.now() - t) / 1000);
    log(`bullmq: warm-up of ${opts.warmup} jobs at ${warmupRate.toFixed(0)}/s`);
  }

  const scheduleStart = Date.now();
  const windowMs = opts.window * 1000;
  const t0 = windowStart(scheduleStart, opts.count, warmupRate, opts.lead);
  const dues = dueOffsets(opts.count, windowMs).map((o) => t0 + o);
  log(`bullmq: adding ${opts.count} delayed jobs; due window opens in ${((t0 - scheduleStart) / 1000).toFixed(0)} s and lasts ${opts.window} s`);
  const callMs: number[] = [];
  await addChunks(dues.map((dueAt, index) => ({ index, dueAt, token: `bench ${runId}-${index}` })), callMs);
  const scheduleEnd = Date.now();
  const scheduleS = Math.max(0.001, (scheduleEnd - scheduleStart) / 1000);
  const scheduledAfterDue = dues.filter((d) => d < scheduleEnd).length; // upper bound: chunks are sent in due order
  log(`bullmq: ${opts.count} jobs added in ${scheduleS.toFixed(1)} s (${(opts.count / scheduleS).toFixed(0)}/s); window opens in ${((t0 - scheduleEnd) / 1000).toFixed(0)} s`);

  const windowEnd = t0 + windowMs;
  if (Date.now() < t0) await pause(t0 - Date.now(), abort);
  log(`bullmq: due window open (${opts.window} s)`);
  await waitForFires('bullmq', opts.count, () => firedCount(fake), windowEnd, opts.drain, budget, abort);
  const fires = firesFrom(fake, runId);
  const l = lateness(opts.count, dues, fires, Date.now());
  await sampler.stop();
  const firingEnd = Math.max(l.last ?? windowEnd, windowEnd);
  const pickups = worker.fired.filter((f) => f.jobId.startsWith(`bench-${runId}-`)).map((f) => f.pickupMs);

  return {
    side: 'bullmq',
    count: opts.count,
    fired: l.fired,
    missing: l.missing,
    duplicates: l.duplicates,
    latenessMs: l.latenessMs,
    latenessFiredMs: l.latenessFiredMs,
    censoredFromMs: l.censoredFromMs,
    early: l.early,
    pickupLatenessMs: roundDistribution(distribution(pickups)),
    scheduling: {
      warmup: opts.warmup,
      warmupRatePerS: round(warmupRate, 1),
      warmupStartRatePerS: round(warmupRate, 1),
      seconds: round(scheduleS, 2)!,
      ratePerS: round(opts.count / scheduleS, 1),
      callMs: roundDistribution(distribution(callMs)),
      settledSeconds: null,
      settledRatePerS: null,
      leadS: round((t0 - scheduleStart) / 1000, 1)!,
      marginS: round((t0 - scheduleEnd) / 1000, 1),
      scheduledAfterDue: scheduleEnd > t0 ? scheduledAfterDue : 0,
    },
    windowS: opts.window,
    lastFireAfterWindowMs: l.last === null ? null : round(l.last - windowEnd, 0),
    usage: {
      scheduling: phaseUsage(sampler.samples, scheduleStart, scheduleEnd),
      firing: phaseUsage(sampler.samples, t0, firingEnd),
      whole: phaseUsage(sampler.samples, 0, Infinity),
      samples: sampler.samples.length,
    },
    backlogMax: null,
    breakdown: null,
    serverMetrics: null,
    readModel: null,
    productWarnings: Object.fromEntries(worker.warnings),
    startupMs,
    shutdown: null,
    notes,
  };
}

// ---------------------------------------------------------------------------
// Report

interface Report {
  options: Omit<Options, 'json'>;
  cores: number;
  /** What was benchmarked: the commit, and the files modified in the work tree at the time. */
  product: { commit: string | null; modified: string[] };
  temporal: SideReport | null;
  bullmq: SideReport | null;
  targets: { p99LatenessMs: number; workerRssBytes: number };
  verdict: { temporal: { p99: boolean; rss: boolean } | null; bullmq: { p99: boolean; rss: boolean } | null };
}

const TARGET_P99_MS = 1500;
const TARGET_RSS = 1024 ** 3;

function verdict(s: SideReport | null): { p99: boolean; rss: boolean } | null {
  if (!s) return null;
  return {
    p99: s.missing === 0 && s.latenessMs.p99 !== null && s.latenessMs.p99 <= TARGET_P99_MS,
    rss: s.usage.whole.workerRssMax !== null && s.usage.whole.workerRssMax <= TARGET_RSS,
  };
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '-' : `${v}%`);
const num = (v: number | null | undefined, digits = 0) => (v === null || v === undefined ? '-' : v.toFixed(digits));

function ratio(a: number | null | undefined, b: number | null | undefined): string {
  if (a === null || a === undefined || b === null || b === undefined || b === 0) return '-';
  const r = a / b;
  return `${r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
}

function humanReport(r: Report): string {
  const t = r.temporal;
  const b = r.bullmq;
  const row = (label: string, pick: (s: SideReport) => number | null | undefined, format: (v: number | null | undefined) => string): string[] => [
    label,
    t ? format(pick(t)) : '(skipped)',
    b ? format(pick(b)) : '(skipped)',
    t && b ? ratio(pick(t), pick(b)) : '',
  ];
  const ms = (v: number | null | undefined) => formatMs(v ?? null);
  const mb = (v: number | null | undefined) => formatMb(v ?? null);
  /** A lateness percentile, marked ≥ when it falls among the reminders that never fired. */
  const late = (pick: (d: Distribution) => number | null) => (side: SideReport): string => {
    const v = pick(side.latenessMs);
    return `${side.censoredFromMs !== null && v !== null && v >= side.censoredFromMs ? '≥ ' : ''}${formatMs(v)}`;
  };
  const lateRow = (label: string, pick: (d: Distribution) => number | null): string[] => [
    label,
    t ? late(pick)(t) : '(skipped)',
    b ? late(pick)(b) : '(skipped)',
    t && b ? ratio(pick(t.latenessMs), pick(b.latenessMs)) : '',
  ];
  const o = r.options;
  const out = [
    '',
    `Reminders benchmark: ${o.count} reminders due uniformly over ${o.window} s, ${o.users} users, ${r.cores} cores`,
    `Product at ${r.product.commit ?? '?'}${r.product.modified.length ? ` with ${r.product.modified.length} modified file(s) in the work tree: ${r.product.modified.join(', ')}` : ''}`,
    ...(experiments(o) ? [`Temporal side modified for an experiment: ${experiments(o)}`] : []),
    '',
    table([
      ['', 'Temporal (product, dev server)', 'BullMQ (Redis)', 'ratio T/B'],
      row('fired', (s) => s.fired, (v) => `${num(v)}/${o.count}`),
      row('missing', (s) => s.missing, num),
      lateRow('lateness p50', (d) => d.p50),
      lateRow('lateness p90', (d) => d.p90),
      lateRow('lateness p99', (d) => d.p99),
      lateRow('lateness max', (d) => d.max),
      row('last fire after window end', (s) => s.lastFireAfterWindowMs, ms),
      row('scheduling (reminders/s)', (s) => s.scheduling.ratePerS, (v) => num(v, 0)),
      row('  … until recorded by the worker', (s) => s.scheduling.settledRatePerS, (v) => num(v, 0)),
      row('scheduling time', (s) => s.scheduling.seconds, (v) => (v === null || v === undefined ? '-' : `${v.toFixed(1)} s`)),
      row('window lead / margin left (s)', (s) => s.scheduling.marginS, (v) => num(v, 0)),
      row('worker RSS max', (s) => s.usage.whole.workerRssMax, mb),
      row('server RSS max (dev server / Redis)', (s) => s.usage.whole.serverRssMax, mb),
      row('worker CPU while scheduling', (s) => s.usage.scheduling.workerCpuAvg, pct),
      row('server CPU while scheduling', (s) => s.usage.scheduling.serverCpuAvg, pct),
      row('worker CPU while firing (avg)', (s) => s.usage.firing.workerCpuAvg, pct),
      row('worker CPU while firing (peak)', (s) => s.usage.firing.workerCpuPeak, pct),
      row('server CPU while firing (avg)', (s) => s.usage.firing.serverCpuAvg, pct),
      row('server CPU while firing (peak)', (s) => s.usage.firing.serverCpuPeak, pct),
      row('machine CPU while firing (all cores)', (s) => s.usage.firing.hostCpuAvg, pct),
      row('other processes CPU while firing', (s) => s.usage.firing.otherCpuAvg, pct),
    ]),
    'CPU in % of one core (machine: % of all cores). Lateness = SMS received by the fake Twilio − dueAt; ' +
      '"≥": among reminders that had not fired when the bench stopped waiting (counted as late as that).',
    `Targets: p99 lateness ≤ ${formatMs(TARGET_P99_MS)}, worker RSS ≤ ${formatMb(TARGET_RSS)}: ` +
      [
        r.verdict.temporal && `Temporal p99 ${r.verdict.temporal.p99 ? 'PASS' : 'FAIL'}, RSS ${r.verdict.temporal.rss ? 'PASS' : 'FAIL'}`,
        r.verdict.bullmq && `BullMQ p99 ${r.verdict.bullmq.p99 ? 'PASS' : 'FAIL'}, RSS ${r.verdict.bullmq.rss ? 'PASS' : 'FAIL'}`,
      ]
        .filter(Boolean)
        .join('; '),
  ];
  if (t) {
    const s = t.scheduling;
    out.push(
      '',
      `Temporal scheduling: warm-up ${s.warmup} started at ${num(s.warmupStartRatePerS)}/s, recorded at ${num(s.warmupRatePerS)}/s; ${o.count} workflow starts in ${s.seconds} s ` +
        `(start call p50 ${ms(s.callMs.p50)}, p99 ${ms(s.callMs.p99)}); all recorded by the worker after ${s.settledSeconds ?? '-'} s; ` +
        `window opened ${s.leadS} s after scheduling began${s.scheduledAfterDue ? `; ${s.scheduledAfterDue} started after their dueAt!` : ''}`,
    );
    if (t.backlogMax) out.push(`Task queue backlog max (normal queue): ${t.backlogMax.workflow} workflow tasks, ${t.backlogMax.activity} activity tasks`);
    if (t.breakdown) {
      const d = t.breakdown;
      const line = (label: string, x: Distribution) => [label, ms(x.p50), ms(x.p90), ms(x.p99), ms(x.max)];
      out.push(
        '',
        `Where Temporal's lateness comes from (${d.analysed} of ${d.sampled} sampled histories, server timestamps; dueAt → sendSms started):`,
        table([
          ['', 'p50', 'p90', 'p99', 'max'],
          line('timer set late (workflow clock skew)', d.timerSetSkewMs),
          line('timer fired − dueAt', d.timerMs),
          line('workflow tasks: queue wait', d.wftWaitMs),
          line('workflow tasks: run on worker', d.wftRunMs),
          line('activities: queue wait', d.actWaitMs),
          line('recordReminderState: run', d.actRunMs),
          line('total: sendSms started − dueAt', d.totalMs),
        ]),
        `Workflow tasks of the fire on the normal (not sticky) queue: ${pct(d.normalQueuePct)} (cache misses, each a full replay); ` +
          `workflow task timeouts ${d.wftTimeouts} (${d.wftScheduleToStartTimeouts} schedule-to-start), failures ${d.wftFailures}`,
      );
    }
    const m = t.serverMetrics?.firing;
    if (m) {
      const op = (x: { operation: string; service: string; perS: number; meanMs: number; busyPct: number }) => [
        `${x.service}: ${x.operation}`, x.perS.toFixed(1), formatMs(x.meanMs), `${x.busyPct}%`,
      ];
      out.push(
        '',
        `Dev server internals while firing (its Prometheus metrics over ${m.seconds} s; all stores share one SQLite connection and one history shard):`,
        `  persistence ${m.persistence.perS} ops/s, mean ${formatMs(m.persistence.meanMs)}, Σ latency / wall ${m.persistence.busyPct}% ` +
          `(> 100%: requests queue for the connection); visibility ${m.visibility.perS} ops/s, mean ${formatMs(m.visibility.meanMs)}`,
        `  shard IO semaphore wait mean ${formatMs(m.shardIoSemaphore.meanMs)} (${m.shardIoSemaphore.perS}/s), shard lock wait mean ${formatMs(m.shardLock.meanMs)}` +
          (m.workflowCacheMissPct === null ? '' : `, history mutable-state cache misses ${m.workflowCacheMissPct}%`),
        table([['  persistence (top by Σ latency)', '/s', 'mean', 'Σ/wall'], ...m.persistence.top.slice(0, 6).map(op)]),
        table([['  RPC handlers (top by Σ latency)', '/s', 'mean', 'Σ/wall'], ...m.services.slice(0, 6).map(op)]),
        table([['  history task queues (wait before processing)', '/s', 'mean', 'Σ/wall'], ...m.historyTaskQueue.slice(0, 4).map(op)]),
      );
    }
    if (t.readModel) out.push(`Read model: ${t.readModel.firing} reminders 'firing', ${t.readModel.scheduled} still 'scheduled', ${t.readModel.other} other`);
    const warnings = Object.entries(t.productWarnings ?? {}).sort((x, y) => y[1] - x[1]).slice(0, 8);
    out.push(warnings.length === 0 ? 'product warn/error lines: none' : 'product warn/error lines:');
    for (const [message, n] of warnings) out.push(`  ${String(n).padStart(6)} × ${message.slice(0, 160)}`);
    if (t.shutdown) {
      const x = t.shutdown;
      out.push(`product shutdown (SIGINT): ${x.clean ? 'clean' : 'NOT clean'}, exit code ${x.exitCode ?? '-'} in ${(x.ms / 1000).toFixed(1)} s${x.killed.length ? `; SIGKILLed ${x.killed.join(', ')}` : ''}`);
    }
    for (const n of t.notes) out.push(`note: ${n}`);
  }
  if (b) {
    const s = b.scheduling;
    out.push(
      '',
      `BullMQ: addBulk of ${o.count} in chunks of ${BULK_CHUNK} took ${s.seconds} s (chunk p50 ${ms(s.callMs.p50)}); ` +
        `processor pick-up − dueAt p50 ${ms(b.pickupLatenessMs?.p50)}, p99 ${ms(b.pickupLatenessMs?.p99)}, max ${ms(b.pickupLatenessMs?.max)}; ` +
        `window opened ${s.leadS} s after adding began`,
    );
    const warnings = Object.entries(b.productWarnings ?? {}).sort((x, y) => y[1] - x[1]).slice(0, 8);
    out.push(warnings.length === 0 ? 'BullMQ worker stderr lines: none' : 'BullMQ worker stderr lines:');
    for (const [message, n] of warnings) out.push(`  ${String(n).padStart(6)} × ${message.slice(0, 160)}`);
    for (const n of b.notes) out.push(`note: ${n}`);
  }
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------

function gitState(): { commit: string | null; modified: string[] } {
  const git = (args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const modified = git(['status', '--porcelain', '--untracked-files=no']).split('\n').filter(Boolean).map((l) => l.slice(3));
    return { commit: git(['rev-parse', '--short', 'HEAD']).trim(), modified };
  } catch {
    return { commit: null, modified: [] };
  }
}

function experiments(o: Omit<Options, 'json'>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(o.productEnv)) parts.push(`product env ${k}=${v}`);
  if (o.extraWorkers) parts.push(`${o.extraWorkers} extra worker process(es)`);
  if (o.devServer) parts.push(`dev server started by the bench (${o.devServer}${o.devServerArgs.length ? ` ${o.devServerArgs.join(' ')}` : ''})`);
  return parts.join('; ');
}

function withoutJson(opts: Options): Omit<Options, 'json'> {
  const { json: _json, ...rest } = opts;
  return rest;
}

interface Outcome { report: Report; failed: boolean; interrupted: boolean }

async function run(opts: Options, cleanup: Cleanup, signal: AbortSignal): Promise<Outcome> {
  const begun = Date.now();
  const timeoutMs = opts.timeout * 1000;
  // Time kept for what comes after waiting for fires: histories, shutdown, and the BullMQ side.
  const bullmqReserveMs = opts.skipBullmq ? 0 : (opts.window + opts.lead + 150) * 1000;
  const temporalBudget: Budget = { fireDeadline: begun + timeoutMs - bullmqReserveMs - 150_000 };

  const report: Report = {
    options: withoutJson(opts),
    cores: availableParallelism(),
    product: gitState(),
    temporal: null,
    bullmq: null,
    targets: { p99LatenessMs: TARGET_P99_MS, workerRssBytes: TARGET_RSS },
    verdict: { temporal: null, bullmq: null },
  };
  let failed = false;
  try {
    if (!opts.skipTemporal) {
      report.temporal = await runTemporal(opts, cleanup, signal, temporalBudget);
      report.temporal.shutdown = productShutdown;
    }
    if (!opts.skipBullmq) {
      report.bullmq = await runBullmq(opts, cleanup, signal, { fireDeadline: begun + timeoutMs - 60_000 });
    }
  } catch (err) {
    // What was measured before the failure is still reported.
    failed = true;
    log(err instanceof Interrupted ? 'interrupted' : `failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  return { report, failed, interrupted: signal.aborted };
}

// The whole run is bounded: at --timeout everything is interrupted and cleaned up.
benchMain<Options, Outcome>({
  usage: USAGE,
  parse: parseOptions,
  timeoutMs: (opts) => opts.timeout * 1000,
  run,
  report({ report, failed, interrupted }, opts) {
    if (report.temporal && !report.temporal.shutdown) report.temporal.shutdown = productShutdown;
    report.verdict = { temporal: verdict(report.temporal), bullmq: verdict(report.bullmq) };
    if (report.temporal || report.bullmq) {
      process.stdout.write(humanReport(report));
      if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    }
    if (failed) return interrupted ? 130 : 1;
    return 0;
  },
});
