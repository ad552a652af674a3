import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { signAccessToken } from '../api/auth/tokens';
import { loadConfig } from '../schemas/config';
import { openDatabase } from '../schemas/db';
import { User } from '../schemas/entities';
import { startFakeTwilio } from '../test/fakes/twilio-server';
import { freePort } from '../test/helpers/ports';
import { Cleanup, errorText, log, positive } from './lib/lifecycle';
import { startProduct } from './lib/product';

// autocannon ships no types; this is the part of its API the bench uses.
interface CannonResult {
  latency: { p50: number; p90: number; p99: number; average: number; max: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  statusCodeStats: Record<string, { count: number }>;
}
type CannonRequest = { method: string; path: string; headers: Record<string, string>; body?: string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<CannonResult>;

const USAGE = `usage: npm run bench:api -- [--duration 15] [--connections 10] [--users 20] [--json]

Starts the product like \`npm start\` (tsx workers/embedded.ts: its own Temporal dev server, SQLite,
the offline brain, a fake Twilio) on free ports with a temporary DATA_DIR, creates --users users
with 5 reminders each, then runs autocannon for --duration seconds with --connections
connections against GET /api/v1/reminders and then POST /api/v1/messages, each request as the
next user in turn. Prints p50/p90/p99 latency (ms) and throughput (req/s).`;

const ROOT = resolve(__dirname, '..');
const PRODUCT_ENV = /^(NODE_ENV|PORT|PUBLIC_BASE_URL|DATA_DIR|DATABASE_URL|REDIS_URL|LOG_LEVEL|JWT_SECRET|CORS_ORIGINS|RATE_LIMIT_.*|TEMPORAL_(?!CLI_PATH$).*|TWILIO_.*|GEMINI_.*|REMINDER_.*)$/;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '15' },
      connections: { type: 'string', default: '10' },
      users: { type: 'string', default: '20' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const duration = positive('--duration', values.duration!, { integer: true, max: 600 });
  const connections = positive('--connections', values.connections!, { integer: true, max: 500 });
  const userCount = positive('--users', values.users!, { integer: true, max: 1000 });

  const cleanup = new Cleanup();
  process.once('exit', () => cleanup.runNow());
  try {
    const fake = await startFakeTwilio();
    cleanup.add('fake Twilio', () => fake.close(), () => undefined);
    const dataDir = mkdtempSync(join(tmpdir(), 'assistant-bench-api-'));
    cleanup.add('DATA_DIR', async () => rmSync(dataDir, { recursive: true, force: true }), () => rmSync(dataDir, { recursive: true, force: true }));
    const jwtSecret = randomBytes(32).toString('hex');

    // Users straight in the database, before the product opens it.
    // Same DATA_DIR as the product: same generated data key, so it reads the phones written here.
    const orm = await openDatabase(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: jwtSecret }).database, { migrate: true });
    const em = orm.em.fork();
    const users = Array.from({ length: userCount }, (_, i) => {
      const n = String(i).padStart(4, '0');
      return new User({ phone: `+1555100${n}`, assistantNumber: `+1555200${n}`, language: i % 2 ? 'en' : 'fr' });
    });
    await em.persistAndFlush(users);
    await orm.close();
    const tokens = users.map((u) => signAccessToken(jwtSecret, u.id, 'user', 3600));

    const [port, devPort, uiPort] = [await freePort(), await freePort(), await freePort()];
    const baseUrl = `http://127.0.0.1:${port}`;
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !PRODUCT_ENV.test(k)));
    const product = startProduct({
      root: ROOT,
      baseUrl,
      env: {
        ...base,
        NODE_ENV: 'development',
        PORT: String(port),
        PUBLIC_BASE_URL: baseUrl,
        DATA_DIR: dataDir,
        JWT_SECRET: jwtSecret,
        RATE_LIMIT_PER_IP_PER_MINUTE: '100000000',
        RATE_LIMIT_PER_USER_PER_MINUTE: '100000000',
        TEMPORAL_DEV_SERVER_PORT: String(devPort),
        TEMPORAL_UI_PORT: String(uiPort),
        TWILIO_ACCOUNT_SID: fake.accountSid,
        TWILIO_AUTH_TOKEN: fake.authToken,
        TWILIO_API_BASE_URL: fake.url,
        LOG_LEVEL: 'warn',
      },
    });
    cleanup.add('product', async () => void (await product.stop(15_000)), () => product.killNow());
    log(`starting the product on ${baseUrl} …`);
    await product.waitReady(120_000);

    // 5 reminders per user, a week ahead (they never fire during the bench).
    log(`creating ${userCount * 5} reminders through POST /api/v1/reminders …`);
    for (let i = 0; i < userCount * 5; i++) {
      const res = await fetch(`${baseUrl}/api/v1/reminders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[i % userCount]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: `bench ${i}`, dueAt: new Date(Date.now() + (7 * 24 + i) * 3600_000).toISOString() }),
      });
      if (res.status !== 201) throw new Error(`seeding: POST /api/v1/reminders answered ${res.status}: ${await res.text()}`);
    }

    let turn = 0;
    const nextToken = () => tokens[turn++ % tokens.length]!;
    const run = (title: string, method: string, path: string, body?: string) =>
      autocannon({
        url: baseUrl,
        connections,
        duration,
        requests: [
          {
            method,
            path,
            setupRequest: (req: CannonRequest) => ({
              ...req,
              headers: { ...req.headers, authorization: `Bearer ${nextToken()}`, ...(body ? { 'content-type': 'application/json' } : {}) },
              ...(body ? { body } : {}),
            }),
          },
        ],
      }).then((r) => {
        const row = {
          route: title,
          reqPerSec: Math.round(r.requests.average * 10) / 10,
          requests: r.requests.total,
          p50ms: r.latency.p50,
          p90ms: r.latency.p90,
          p99ms: r.latency.p99,
          maxMs: r.latency.max,
          non2xx: r.non2xx,
          errors: r.errors + r.timeouts,
        };
        log(`${title}: ${row.reqPerSec} req/s, p50 ${row.p50ms} ms, p99 ${row.p99ms} ms, non-2xx ${row.non2xx}, errors ${row.errors}`);
        return row;
      });

    log(`autocannon: ${connections} connections × ${duration} s per route, ${userCount} users in turn`);
    const rows = [
      await run('GET /api/v1/reminders', 'GET', '/api/v1/reminders'),
      await run('POST /api/v1/messages (offline brain)', 'POST', '/api/v1/messages', JSON.stringify({ text: 'bonjour' })),
    ];
    // The machine is often shared (CI, other benches): say how busy it was.
    const host = { cpus: cpus().length, loadAvg1m: Math.round(loadavg()[0]! * 10) / 10 };
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ connections, duration, users: userCount, host, results: rows }, null, 2)}\n`);
    } else {
      const header = ['route', 'req/s', 'requests', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors'];
      const lines = rows.map((r) => [r.route, r.reqPerSec, r.requests, r.p50ms, r.p90ms, r.p99ms, r.maxMs, r.non2xx, r.errors].map(String));
      const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
      const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
      process.stdout.write(`\n${fmt(header)}\n${lines.map(fmt).join('\n')}\n\nhost: ${host.cpus} CPUs, load average ${host.loadAvg1m} (1 min)\n`);
    }
  } finally {
    await cleanup.runAll();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:api failed: ${errorText(err)}\n`);
  process.exit(1);
});
