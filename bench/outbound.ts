/**
 * `npm run bench:outbound`: N users (default 1,000), each with its own assistant number and one
 * reminder due at the same minute, plus a few "heavy" users with a burst of reminders at that same
 * minute. The real reminder workflows and sendSms activity run on the embedded Temporal dev server
 * (SQLite) with an in-process worker; SMS go through the twilio library to the fake Twilio, which
 * timestamps each message. Reports the time until the last SMS is sent, lateness percentiles, and
 * the per-number spacing (OUTBOUND_SEGMENTS_PER_SECOND, default 1).
 *
 *   npm run bench:outbound -- [--users 1000] [--heavy-users 10] [--burst 10] [--rate 1] [--redis]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NativeConnection } from '@temporalio/worker';
import { createLogger } from '../services/infra/logger';
import { createOutboundLimiter } from '../services/infra/outbound-limiter';
import { createSmsTransport } from '../services/infra/sms-transport';
import { loadConfig } from '../schemas/config';
import { openDatabase } from '../schemas/db';
import { User } from '../schemas/entities';
import { connectClient } from '../temporal/connection';
import { ensureDevServer } from '../temporal/dev-server';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { startFakeTwilio } from '../test/fakes/twilio-server';
import { freePort } from '../test/helpers/ports';
import { createWorker } from '../workers/create-worker';
import { REMINDER_WORKFLOW, type ReminderWorkflow } from '../workflows/contracts/reminder';
import { distribution, formatMs } from './lib/stats';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function pool(total: number, limit: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, total) }, async () => {
    while (next < total) await work(next++);
  }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '1000' },
      'heavy-users': { type: 'string', default: '10' },
      burst: { type: 'string', default: '10' },
      rate: { type: 'string', default: '1' },
      redis: { type: 'boolean', default: false },
    },
  });
  const users = Number(values.users);
  const heavy = Math.min(users, Number(values['heavy-users']));
  const burst = Number(values.burst);
  const rate = Number(values.rate);
  if (![users, burst, rate].every((n) => Number.isFinite(n) && n > 0) || !(heavy >= 0)) throw new Error('--users, --burst and --rate must be positive numbers');

  const dir = mkdtempSync(join(tmpdir(), 'bench-outbound-'));
  const fake = await startFakeTwilio();
  const port = await freePort();
  const env = {
    NODE_ENV: 'test', DATA_DIR: dir, PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, TEMPORAL_TASK_QUEUE: `bench-${randomBytes(3).toString('hex')}`,
    TWILIO_ACCOUNT_SID: fake.accountSid, TWILIO_AUTH_TOKEN: fake.authToken, TWILIO_API_BASE_URL: fake.url,
    OUTBOUND_SEGMENTS_PER_SECOND: String(rate), ...(values.redis ? { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } : {}),
  };
  const config = loadConfig(env);
  const logger = createLogger({ level: 'error', json: true, service: 'bench' });
  const dev = await ensureDevServer({ port: await freePort(), uiPort: await freePort(), dbFile: join(dir, 'temporal.db'), namespace: 'default' });
  const orm = await openDatabase(config.database, { migrate: true });
  const temporal = await connectClient({ address: dev.address, namespace: 'default', encryptionKeys: config.encryptionKeys });
  await ensureSearchAttributes(temporal.connection, 'default');
  const redisPrefix = `bench-outbound-${randomBytes(3).toString('hex')}:`;
  const limiter = createOutboundLimiter({ redisUrl: config.redisUrl, segmentsPerSecond: rate, prefix: redisPrefix });
  const connection = await NativeConnection.connect({ address: dev.address });
  const worker = await createWorker({
    connection, namespace: 'default', taskQueue: config.temporal.taskQueue, encryptionKeys: config.encryptionKeys,
    deps: {
      orm, logger, temporal, limiter, config,
      transport: createSmsTransport(config.twilio, { dataDir: dir, logger }),
      publicBaseUrl: config.publicBaseUrl, taskQueue: config.temporal.taskQueue, nagMinutes: [],
    },
  });
  const running = worker.run();
  try {
    log(`creating ${users} users with their own numbers`);
    const rows = Array.from({ length: users }, (_, i) => new User({ phone: `+1514${String(2_000_000 + i)}`, assistantNumber: `+1438${String(2_000_000 + i)}` }));
    const em = orm.em.fork();
    for (let i = 0; i < rows.length; i += 200) {
      em.persist(rows.slice(i, i + 200));
      await em.flush();
    }
    const plan = rows.flatMap((u, i) => Array.from({ length: i < heavy ? burst : 1 }, (_, k) => ({ user: u, k })));
    // Due at the start of a minute, far enough ahead for every workflow to be started and asleep.
    const startBy = Date.now() + 20_000 + plan.length * 15;
    const dueAt = Math.ceil(startBy / 60_000) * 60_000;
    log(`starting ${plan.length} reminder workflows due at ${new Date(dueAt).toISOString()} (${heavy} heavy users × ${burst})`);
    await pool(plan.length, 50, async (i) => {
      const { user, k } = plan[i]!;
      await temporal.workflow.start<ReminderWorkflow>(REMINDER_WORKFLOW, {
        workflowId: `bench-reminder-${user.id}-${k}`,
        taskQueue: config.temporal.taskQueue,
        args: [{
          reminderId: `bench-${user.id.slice(0, 8)}-${k}`, userId: user.id, text: `tache ${k}`, language: 'fr', timezone: 'America/Toronto',
          rrule: null, explicitTime: true, nagMinutes: [], quietHours: { start: '00:00', end: '00:00' }, dueAt: new Date(dueAt).toISOString(),
        }],
      });
    });
    log(`all started ${((dueAt - Date.now()) / 1000).toFixed(1)} s before due; waiting for ${plan.length} SMS`);
    await fake.waitForMessages(plan.length, { timeoutMs: Math.max(600_000, (burst / rate) * 1000 * 4) });

    const heavyNumbers = new Set(rows.slice(0, heavy).map((u) => u.assistantNumber));
    const lateness = (list: typeof fake.messages) => list.map((m) => m.dateCreated.getTime() - dueAt);
    const single = fake.messages.filter((m) => !heavyNumbers.has(m.from));
    const bursty = fake.messages.filter((m) => heavyNumbers.has(m.from));
    const byNumber = new Map<string, number[]>();
    for (const m of fake.messages) byNumber.set(m.from, [...(byNumber.get(m.from) ?? []), m.dateCreated.getTime()]);
    const interval = 1000 / rate;
    const gaps: number[] = [];
    for (const times of byNumber.values()) {
      times.sort((a, b) => a - b);
      for (let i = 1; i < times.length; i += 1) gaps.push(times[i]! - times[i - 1]!);
    }
    const last = Math.max(...fake.messages.map((m) => m.dateCreated.getTime()));
    const d1 = distribution(lateness(single));
    const d2 = distribution(lateness(bursty));
    const dg = distribution(gaps);
    const report = {
      users, heavyUsers: heavy, burst, segmentsPerSecond: rate, limiter: limiter.kind, smsSent: fake.messages.length,
      lastSentAfterDueMs: last - dueAt,
      latenessMs: { singleUsers: d1, heavyUsers: d2 },
      spacing: { expectedMs: interval, gaps: dg, under90pct: gaps.filter((g) => g < interval * 0.9).length },
      duplicates: fake.messages.length - new Set(fake.messages.map((m) => `${m.to}|${m.body}`)).size,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    log(`${report.smsSent} SMS; last sent ${formatMs(report.lastSentAfterDueMs)} after due; ` +
      `lateness p50 ${formatMs(d1.p50)} p99 ${formatMs(d1.p99)} max ${formatMs(d1.max)} (one reminder per number); ` +
      `heavy users p99 ${formatMs(d2.p99)}; same-number gaps min ${formatMs(dg.p50 === null ? null : Math.min(...gaps))} (expected ≥ ${interval} ms), ` +
      `${report.spacing.under90pct} under 90 %`);
  } finally {
    worker.shutdown();
    await running.catch(() => undefined);
    await connection.close();
    await temporal.connection.close();
    await limiter.close();
    await orm.close();
    await fake.close();
    await dev.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
