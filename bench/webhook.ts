import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import twilio from 'twilio';
import { loadConfig, type DatabaseConfig } from '../schemas/config';
import { openDatabase } from '../schemas/db';
import { fieldCrypto, PHONE_INDEX } from '../schemas/field-crypto';
import { User } from '../schemas/entities';
import { startFakeTwilio, type FakeMessage, type FakeTwilio } from '../test/fakes/twilio-server';
import { freePort } from '../test/helpers/ports';
import { type Cleanup, Interrupted, UsageError, abortable, benchMain, errorText, log, positive } from './lib/lifecycle';
import { startProduct, type UsageSample, type Product, type StopResult } from './lib/product';
import { distribution, formatMb, formatMs, round, roundDistribution, table, type Distribution } from './lib/stats';

const USAGE = `usage: npm run bench:webhook -- [--rate 50] [--duration 30] [--users 50] [--json]
       npm run bench:webhook -- --url http://127.0.0.1:3000 --auth-token TOKEN [--public-base-url URL] …

Open-loop load on POST /webhooks/twilio/sms: --rate signed inbound-SMS webhooks per second for
--duration seconds, round-robin over --users bench users. Reports webhook ack latency, SMS-in →
reply-out latency, replies, errors, and the memory of the product and its Temporal dev server.

By default it starts its own product (tsx workers/embedded.ts) on free ports with a temporary
DATA_DIR and a fake Twilio, and stops it (SIGINT) at the end; nothing of yours is touched.

--url benches a product that is already running instead. Then:
  --auth-token       the token its webhooks are signed with (TWILIO_AUTH_TOKEN, or in development
                     without Twilio, "twilioWebhookToken" in DATA_DIR/local-secrets.json);
  --public-base-url  its PUBLIC_BASE_URL, which signatures cover (default: --url);
  users are created (or reused) in the database that DATABASE_URL / DATA_DIR name in this shell,
  which must be that product's; their numbers are +1555100xxxx → +1555200xxxx (area code 555
  is not in service). Its replies go wherever that product sends SMS, not to this bench's fake
  Twilio, so only ack latency is reported (never run it against a product with real Twilio
  credentials).`;

const ROOT = resolve(__dirname, '..');
const WEBHOOK_PATH = '/webhooks/twilio/sms';
const BODIES = ['bonjour', 'hello', 'Bonjour!', 'hi there', 'salut', 'Hello :)'];
/** After the sending window: how long replies may still trickle in. */
const REPLY_WAIT_MS = 60_000;
const READY_TIMEOUT_MS = 180_000;
const REQUEST_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 30_000;
const PROGRESS_EVERY_MS = 5_000;
const MAX_USERS = 10_000;
/**
 * The variables schemas/config.ts reads, by name or family: the child gets ours, never the
 * caller's DATABASE_URL, TEMPORAL_ADDRESS or Twilio credentials. TEMPORAL_CLI_PATH stays: it only
 * says where the binary is.
 */
const PRODUCT_ENV = /^(NODE_ENV|PORT|PUBLIC_BASE_URL|DATA_DIR|DATABASE_URL|REDIS_URL|LOG_LEVEL|TEMPORAL_(?!CLI_PATH$).*|TWILIO_.*|GEMINI_.*|REMINDER_.*)$/;

interface Options {
  rate: number;
  duration: number;
  users: number;
  url: string | null;
  authToken: string | null;
  publicBaseUrl: string | null;
  json: boolean;
}

interface BenchUser {
  phone: string;
  assistantNumber: string;
}

/** What the load goes to: a product we started (with our fake Twilio) or one already running. */
interface Target {
  postUrl: string;
  signedUrl: string;
  authToken: string;
  accountSid: string;
  fake: FakeTwilio | null;
  product: Product | null;
  startupMs: number | null;
}

interface Send {
  user: number;
  sid: string;
  /** Wall clock (ms since epoch, sub-ms precision) when the request started: comparable with the fake's dateCreated. */
  startedAt: number;
  ackMs: number | null;
  status: number | null;
  error: string | null;
}

const wallClock = () => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------------------
// Options

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      rate: { type: 'string', default: '50' },
      duration: { type: 'string', default: '30' },
      users: { type: 'string', default: '50' },
      url: { type: 'string' },
      'auth-token': { type: 'string' },
      'public-base-url': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  const url = values.url?.replace(/\/+$/, '') ?? null;
  if (url && !values['auth-token']) throw new UsageError('--url needs --auth-token (the token its webhooks are signed with)');
  if (!url && (values['auth-token'] || values['public-base-url'])) {
    throw new UsageError('--auth-token and --public-base-url only make sense with --url');
  }
  return {
    rate: positive('rate', values.rate, { max: 10_000 }),
    duration: positive('duration', values.duration, { max: 3600 }),
    users: positive('users', values.users, { integer: true, max: MAX_USERS }),
    url,
    authToken: values['auth-token'] ?? null,
    publicBaseUrl: values['public-base-url']?.replace(/\/+$/, '') ?? url,
    json: values.json,
  };
}

// ---------------------------------------------------------------------------
// Setup

function benchUser(i: number): BenchUser {
  const n = String(i).padStart(4, '0');
  return { phone: `+1555100${n}`, assistantNumber: `+1555200${n}` };
}

/**
 * Creates the bench users that do not exist yet, straight in the product's database. Only a
 * database of our own is migrated: a running product's schema is its own business.
 */
async function ensureUsers(database: DatabaseConfig, count: number, migrate: boolean): Promise<BenchUser[]> {
  const users = Array.from({ length: count }, (_, i) => benchUser(i));
  const orm = await openDatabase(database, { migrate });
  try {
    const em = orm.em.fork();
    const crypto = fieldCrypto(orm);
    const existing = await em.find(User, { phoneHash: { $in: users.map((u) => crypto.blindIndex(PHONE_INDEX, u.phone)) } });
    const have = new Set(existing.map((u) => u.phone));
    users.forEach((u, i) => {
      if (!have.has(u.phone)) em.persist(new User({ ...u, language: i % 2 === 0 ? 'fr' : 'en' }));
    });
    await em.flush();
    return users;
  } finally {
    await orm.close();
  }
}

async function distinctFreePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

function productEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !PRODUCT_ENV.test(key)));
  return { ...env, ...vars };
}

async function startLocalTarget(opts: Options, cleanup: Cleanup, abort: AbortSignal): Promise<{ target: Target; users: BenchUser[] }> {
  const fake = await startFakeTwilio();
  cleanup.add('fake Twilio', () => fake.close(), () => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), 'assistant-bench-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  cleanup.add('temporary DATA_DIR', async () => removeDir(), removeDir);

  // The product generates its local data key in DATA_DIR; the bench reads the same one.
  const database: DatabaseConfig = { kind: 'sqlite', path: join(dataDir, 'assistant.db'), encryptionKeys: loadConfig({ DATA_DIR: dataDir }).encryptionKeys };
  // Users first, while nothing else writes the SQLite file: the product starts on a settled database.
  const users = await ensureUsers(database, opts.users, true);
  const [port, devPort, uiPort] = await distinctFreePorts(3);
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = Date.now();
  const product = startProduct({
    root: ROOT,
    baseUrl,
    env: productEnv({
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
    }),
  });
  cleanup.add('product', () => stopAndReport(product), () => product.killNow());
  log(`product starting (pid ${product.pid}, ${baseUrl}, Temporal on 127.0.0.1:${devPort}, DATA_DIR ${dataDir})`);
  await abortable(product.waitReady(READY_TIMEOUT_MS), abort);
  const startupMs = Date.now() - started;
  log(`product ready in ${(startupMs / 1000).toFixed(1)} s`);
  return {
    users,
    target: {
      postUrl: `${baseUrl}${WEBHOOK_PATH}`,
      signedUrl: `${baseUrl}${WEBHOOK_PATH}`,
      authToken: fake.authToken,
      accountSid: fake.accountSid,
      fake,
      product,
      startupMs,
    },
  };
}

async function startRemoteTarget(opts: Options): Promise<{ target: Target; users: BenchUser[] }> {
  const users = await ensureUsers(loadConfig(process.env).database, opts.users, false);
  const res = await fetch(`${opts.url}/readyz`, { signal: AbortSignal.timeout(5000) });
  if (res.status !== 200) throw new Error(`${opts.url}/readyz answered ${res.status}: ${await res.text()}`);
  return {
    users,
    target: {
      postUrl: `${opts.url}${WEBHOOK_PATH}`,
      signedUrl: `${opts.publicBaseUrl}${WEBHOOK_PATH}`,
      authToken: opts.authToken!,
      accountSid: `AC${'0'.repeat(32)}`,
      fake: null,
      product: null,
      startupMs: null,
    },
  };
}

// ---------------------------------------------------------------------------
// Load

/** POSTs one signed inbound-SMS webhook like Twilio does, filling in `send` as it completes. */
async function sendWebhook(target: Target, user: BenchUser, body: string, send: Send): Promise<void> {
  const params = { MessageSid: send.sid, AccountSid: target.accountSid, From: user.phone, To: user.assistantNumber, Body: body };
  const signature = twilio.getExpectedTwilioSignature(target.authToken, target.signedUrl, params);
  const started = performance.now();
  send.startedAt = wallClock();
  try {
    const res = await fetch(target.postUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await res.arrayBuffer(); // the ack is complete when its body is, as for Twilio
    send.status = res.status;
    if (res.status !== 200) send.error = `HTTP ${res.status}`;
  } catch (err) {
    send.error = err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : errorText(err);
  }
  send.ackMs = performance.now() - started;
}

/**
 * Fires `fire(i)` for i = 0…total-1 at t0 + i·interval, by absolute time: a late timer catches
 * up at once instead of shifting the rest of the schedule (open loop: responses never slow it).
 */
function runOpenLoop(total: number, intervalMs: number, abort: AbortSignal, fire: (i: number) => void): Promise<{ maxLagMs: number; elapsedMs: number }> {
  const t0 = performance.now();
  let next = 0;
  let maxLagMs = 0;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (abort.aborted) return reject(new Interrupted('interrupted'));
      const now = performance.now();
      for (; next < total && t0 + next * intervalMs <= now; next += 1) {
        maxLagMs = Math.max(maxLagMs, now - (t0 + next * intervalMs));
        fire(next);
      }
      // The window is `total` intervals long: the last send opens the last interval.
      if (next >= total) return resolve({ maxLagMs, elapsedMs: performance.now() - t0 + intervalMs });
      setTimeout(tick, Math.max(0, t0 + next * intervalMs - performance.now()));
    };
    tick();
  });
}

function startProgress(sends: Send[], fake: FakeTwilio | null): () => void {
  const started = Date.now();
  const timer = setInterval(() => {
    const acked = sends.filter((s) => s.status === 200).length;
    const inflight = sends.filter((s) => s.ackMs === null).length;
    const replies = fake ? ` replies=${fake.messages.length}` : '';
    log(`t=${Math.round((Date.now() - started) / 1000)}s sent=${sends.length} acked=${acked} in-flight=${inflight}${replies}`);
  }, PROGRESS_EVERY_MS);
  return () => clearInterval(timer);
}

/** Samples RSS and CPU time every second without overlapping reads; the first sample is the idle baseline. */
function startUsageSampler(product: Product): { samples: UsageSample[]; stop: () => Promise<void>; cancel: () => void } {
  const samples: UsageSample[] = [];
  let busy: Promise<void> | null = null;
  const take = () => {
    busy ??= product
      .sampleUsage()
      .then((s) => void samples.push(s))
      .catch(() => undefined)
      .finally(() => (busy = null));
    return busy;
  };
  void take();
  const timer = setInterval(() => void take(), 1000);
  return {
    samples,
    async stop() {
      clearInterval(timer);
      await busy;
      await take(); // the final sample: after the drain, just before the product is stopped
    },
    cancel: () => clearInterval(timer),
  };
}

/** Waits until every acked webhook has its reply, or until the deadline. */
async function waitForReplies(fake: FakeTwilio, expected: number, deadline: number, abort: AbortSignal): Promise<void> {
  const timeoutMs = deadline - Date.now();
  if (fake.messages.length >= expected || timeoutMs <= 0) return;
  log(`waiting up to ${Math.ceil(timeoutMs / 1000)} s for ${expected - fake.messages.length} more replies`);
  await abortable(
    fake.waitForMessages(expected, { timeoutMs }).catch(() => undefined), // a shortfall is a result, not a failure
    abort,
  );
}

// ---------------------------------------------------------------------------
// Results

interface ReplyStats {
  latencies: number[];
  received: number;
  unmatched: number;
  lastReplyAt: number | null;
}

/**
 * Pairs each reply with the oldest unanswered acked webhook of the same user: a conversation
 * answers its messages one at a time, in arrival order.
 */
function correlateReplies(sends: Send[], users: BenchUser[], replies: FakeMessage[]): ReplyStats {
  const waiting = new Map<string, Send[]>();
  for (const send of sends) {
    if (send.status !== 200) continue;
    const phone = users[send.user]!.phone;
    const queue = waiting.get(phone) ?? [];
    queue.push(send);
    waiting.set(phone, queue);
  }
  const latencies: number[] = [];
  let unmatched = 0;
  let lastReplyAt: number | null = null;
  for (const reply of replies) {
    const send = waiting.get(reply.to)?.shift();
    if (!send) {
      unmatched += 1;
      continue;
    }
    const at = reply.dateCreated.getTime();
    latencies.push(at - send.startedAt);
    lastReplyAt = Math.max(lastReplyAt ?? at, at);
  }
  return { latencies, received: replies.length, unmatched, lastReplyAt };
}

function errorCounts(sends: Send[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of sends) if (s.error) counts[s.error] = (counts[s.error] ?? 0) + 1;
  return counts;
}

interface CpuStats {
  /** Averaged from the first sample (ready) to the last (after the drain). */
  avg: number | null;
  /** Highest value between two consecutive samples. */
  peak: number | null;
}

/**
 * Percentages of a cumulative counter over another: a process's CPU seconds over wall seconds
 * (% of one core), or the machine's busy over total CPU seconds (% of all cores).
 */
function cpuStats(samples: UsageSample[], used: (s: UsageSample) => number, elapsed: (s: UsageSample) => number = (s) => s.at): CpuStats {
  const pct = (a: UsageSample, b: UsageSample) => ((used(b) - used(a)) / (elapsed(b) - elapsed(a))) * 100;
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || elapsed(last) <= elapsed(first)) return { avg: null, peak: null };
  let peak = 0;
  for (let i = 1; i < samples.length; i += 1) {
    const [a, b] = [samples[i - 1]!, samples[i]!];
    // The final sample may follow the previous one closely: a short interval only adds noise.
    if (b.at - a.at >= 0.5) peak = Math.max(peak, pct(a, b));
  }
  return { avg: round(pct(first, last), 0), peak: round(peak, 0) };
}

interface MemoryStats {
  ready: number | null;
  max: number | null;
  final: number | null;
}

function memoryStats(samples: UsageSample[], pick: (s: UsageSample) => number): MemoryStats {
  const values = samples.map(pick);
  return {
    ready: values[0] ?? null,
    max: values.length > 0 ? Math.max(...values) : null,
    final: values[values.length - 1] ?? null,
  };
}

interface Report {
  mode: 'started' | 'url';
  target: string;
  rate: number;
  durationS: number;
  users: number;
  startupMs: number | null;
  sent: number;
  acked: number;
  errors: Record<string, number>;
  achievedRate: number | null;
  senderMaxLagMs: number | null;
  ackLatencyMs: Distribution;
  replies: { expected: number; received: number; unmatched: number; lastReplyAfterWindowMs: number | null } | null;
  replyLatencyMs: Distribution | null;
  rssBytes: { product: MemoryStats; temporal: MemoryStats; samples: number } | null;
  cpuPercent: { product: CpuStats; temporal: CpuStats; bench: CpuStats; hostAllCores: CpuStats; cores: number } | null;
  productWarnings: Record<string, number> | null;
  shutdown: StopResult | null;
}

const percent = (v: number | null | undefined) => (v === null || v === undefined ? '-' : `${v}%`);

function usageRow(label: string, m: MemoryStats | null, c: CpuStats | undefined): string[] {
  const mb = (v: number | null | undefined) => (m ? formatMb(v ?? null) : '');
  return [label, mb(m?.ready), mb(m?.max), mb(m?.final), percent(c?.avg), percent(c?.peak)];
}

function humanReport(r: Report): string {
  const pct = (d: Distribution) => [formatMs(d.p50), formatMs(d.p90), formatMs(d.p99), formatMs(d.max)];
  const errorList = Object.entries(r.errors).map(([k, n]) => `${n} × ${k}`).join(', ');
  const out = [
    '',
    `Webhook benchmark: ${r.rate}/s for ${r.durationS} s over ${r.users} users → ${r.target}` +
      (r.startupMs !== null ? ` (started by the bench in ${(r.startupMs / 1000).toFixed(1)} s)` : ''),
    '',
    table([
      ['webhooks sent', String(r.sent), `achieved ${r.achievedRate?.toFixed(1) ?? '-'}/s, sender lag max ${formatMs(r.senderMaxLagMs)}`],
      ['acked 200', String(r.acked), ''],
      ['errors', String(r.sent - r.acked), errorList],
      ...(r.replies
        ? [[
            'replies',
            `${r.replies.received}/${r.replies.expected}`,
            `unmatched ${r.replies.unmatched}, last one ${formatMs(r.replies.lastReplyAfterWindowMs)} after the window`,
          ]]
        : []),
    ]),
    '',
    table([
      ['latency', 'p50', 'p90', 'p99', 'max'],
      ['webhook ack', ...pct(r.ackLatencyMs)],
      ...(r.replyLatencyMs ? [['SMS in → reply out', ...pct(r.replyLatencyMs)]] : []),
    ]),
  ];
  if (r.errors['HTTP 403']) {
    out.push("  (403: the product rejected the signature: check --auth-token, and --public-base-url against its PUBLIC_BASE_URL, which defaults to http://localhost:PORT)");
  }
  if (!r.replies) out.push('  (replies not observable with --url: only ack latency is measured)');
  if (r.rssBytes) {
    out.push(
      '',
      table([
        ['1 s samples', 'RSS ready', 'RSS max', 'RSS final', 'CPU avg', 'CPU peak'],
        usageRow('product (tsx + node)', r.rssBytes.product, r.cpuPercent?.product),
        usageRow('temporal dev server', r.rssBytes.temporal, r.cpuPercent?.temporal),
        usageRow('this bench (load + fake Twilio)', null, r.cpuPercent?.bench),
      ]),
      `CPU in % of one core, from ready to the end of the drain. Whole machine (${r.cpuPercent?.cores ?? '?'} cores): ` +
        `${percent(r.cpuPercent?.hostAllCores.avg)} busy on average, ${percent(r.cpuPercent?.hostAllCores.peak)} at peak.`,
    );
  }
  if (r.productWarnings) {
    const top = Object.entries(r.productWarnings).sort((a, b) => b[1] - a[1]).slice(0, 8);
    out.push('', top.length === 0 ? 'product warn/error lines: none' : 'product warn/error lines:');
    for (const [message, n] of top) out.push(`  ${String(n).padStart(6)} × ${message.slice(0, 160)}`);
  }
  if (r.shutdown) {
    const s = r.shutdown;
    const how = `exit code ${s.exitCode ?? '-'}${s.exitSignal ? `, signal ${s.exitSignal}` : ''} in ${(s.ms / 1000).toFixed(1)} s`;
    out.push('', `shutdown (SIGINT): ${s.clean ? 'clean' : 'NOT clean'}, ${how}${s.killed.length ? `; SIGKILLed ${s.killed.join(', ')}` : ''}`);
  }
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------

let shutdownResult: StopResult | null = null;

async function stopAndReport(product: Product): Promise<void> {
  log('stopping the product (SIGINT)');
  shutdownResult = await product.stop(STOP_GRACE_MS);
  if (shutdownResult.clean) log(`product stopped cleanly in ${(shutdownResult.ms / 1000).toFixed(1)} s`);
  else log(`product did not stop cleanly (${JSON.stringify(shutdownResult)}); last output:\n${product.logTail()}`);
}

async function run(opts: Options, cleanup: Cleanup, abort: AbortSignal): Promise<Report> {
  const { target, users } = opts.url ? await startRemoteTarget(opts) : await startLocalTarget(opts, cleanup, abort);
  const total = Math.max(1, Math.round(opts.rate * opts.duration));
  const sampler = target.product ? startUsageSampler(target.product) : null;
  target.product?.markLogs();
  log(`sending ${total} webhooks at ${opts.rate}/s to ${target.postUrl}`);

  const sends: Send[] = [];
  const inflight: Promise<void>[] = [];
  const stopProgress = startProgress(sends, target.fake);
  let loop: { maxLagMs: number; elapsedMs: number };
  try {
    loop = await runOpenLoop(total, 1000 / opts.rate, abort, (i) => {
      const send: Send = { user: i % users.length, sid: `SM${randomBytes(16).toString('hex')}`, startedAt: 0, ackMs: null, status: null, error: null };
      sends.push(send);
      inflight.push(sendWebhook(target, users[send.user]!, BODIES[i % BODIES.length]!, send));
    });
    const windowEnd = wallClock();
    await abortable(Promise.all(inflight), abort);
    const acked = sends.filter((s) => s.status === 200).length;
    if (target.fake) await waitForReplies(target.fake, acked, windowEnd + REPLY_WAIT_MS, abort);
    await sampler?.stop();
    return buildReport(opts, target, users, sends, loop, windowEnd, sampler?.samples ?? null);
  } finally {
    stopProgress();
    sampler?.cancel();
  }
}

function buildReport(
  opts: Options,
  target: Target,
  users: BenchUser[],
  sends: Send[],
  loop: { maxLagMs: number; elapsedMs: number },
  windowEnd: number,
  samples: UsageSample[] | null,
): Report {
  const acked = sends.filter((s) => s.status === 200).length;
  const replies = target.fake ? correlateReplies(sends, users, [...target.fake.messages]) : null;
  return {
    mode: opts.url ? 'url' : 'started',
    target: target.postUrl,
    rate: opts.rate,
    durationS: opts.duration,
    users: opts.users,
    startupMs: target.startupMs,
    sent: sends.length,
    acked,
    errors: errorCounts(sends),
    achievedRate: round(sends.length / (loop.elapsedMs / 1000), 2),
    senderMaxLagMs: round(loop.maxLagMs),
    ackLatencyMs: roundDistribution(distribution(sends.flatMap((s) => (s.ackMs === null ? [] : [s.ackMs])))),
    replies: replies && {
      expected: acked,
      received: replies.received,
      unmatched: replies.unmatched,
      lastReplyAfterWindowMs: replies.lastReplyAt === null ? null : round(Math.max(0, replies.lastReplyAt - windowEnd)),
    },
    replyLatencyMs: replies && roundDistribution(distribution(replies.latencies)),
    rssBytes: samples && {
      product: memoryStats(samples, (s) => s.productBytes),
      temporal: memoryStats(samples, (s) => s.temporalBytes),
      samples: samples.length,
    },
    cpuPercent: samples && {
      product: cpuStats(samples, (s) => s.productCpuS),
      temporal: cpuStats(samples, (s) => s.temporalCpuS),
      bench: cpuStats(samples, (s) => s.benchCpuS),
      hostAllCores: cpuStats(samples, (s) => s.hostBusyS, (s) => s.hostTotalS),
      cores: availableParallelism(),
    },
    productWarnings: target.product ? Object.fromEntries(target.product.warnings()) : null,
    shutdown: null,
  };
}

benchMain<Options, Report>({
  usage: USAGE,
  parse: parseOptions,
  // Whatever hangs, the process exits (and 'exit' kills what it started).
  timeoutMs: (opts) => READY_TIMEOUT_MS + opts.duration * 1000 + REQUEST_TIMEOUT_MS + REPLY_WAIT_MS + STOP_GRACE_MS + 30_000,
  run,
  report(report, opts) {
    report.shutdown = shutdownResult;
    process.stdout.write(humanReport(report));
    if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  },
});
