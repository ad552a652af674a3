/**
 * The production shape, run exactly as an operator runs it: PostgreSQL and Redis on 127.0.0.1,
 * a Temporal dev server started apart, `npm run migrate`, then `npm run start:api` and
 * `npm run start:worker` as two child processes with NODE_ENV=production, real secrets and
 * Twilio credentials pointed at the fake Twilio. A signed SMS goes in, the reply comes out,
 * SIGTERM stops both cleanly. Tracing is on (OTLP/HTTP to a local receiver), so the same run
 * shows one trace from the webhook through the workflow to its activities.
 * The built code (`npm run build`, `node dist/…`, what the Docker image runs) gets the same trip.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import twilio from 'twilio';
import { loadConfig } from '../../schemas/config';
import { openDatabase, type Orm } from '../../schemas/db';
import { Message, User } from '../../schemas/entities';
import { connectClient, type TemporalClient } from '../../temporal/connection';
import { ensureDevServer, type DevServer } from '../../temporal/dev-server';
import { startFakeTwilio, type FakeTwilio } from '../fakes/twilio-server';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../fakes/otlp-receiver';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';
import { freePort, waitFor } from '../helpers/ports';
import { baseEnv, ROOT, startDelayProxy, startProc, type DelayProxy, type Proc } from '../helpers/processes';
import { testNumber } from '../helpers/stack';

/**
 * The command an npm script runs (`tsx api/server.ts`, `node dist/api/server.js`), with its binary
 * from node_modules/.bin: run directly, as a container runs it, so SIGTERM reaches the process
 * itself and its exit code is the process's own (npm would stand in between).
 */
function script(name: string): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [bin, ...args] = pkg.scripts[name]!.split(' ');
  const local = join(ROOT, 'node_modules', '.bin', bin!);
  return [existsSync(local) ? local : bin!, ...args];
}

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// One deployment's secrets for the whole file: its runs share one Temporal namespace, and what one
// run stored there (e.g. the retention Schedule's encrypted arguments) is read by the next.
const SECRETS = {
  JWT_SECRET: randomBytes(32).toString('hex'),
  DATA_ENCRYPTION_KEYS: `k2:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`,
};
const secrets = () => ({ ...SECRETS });

describe('production processes (api + worker alone, NODE_ENV=production)', function () {
  this.timeout(240_000);
  let temporalDir: string;
  let temporalServer: DevServer;
  let fake: FakeTwilio;
  let proxy: DelayProxy;
  let otlp: OtlpReceiver;
  const sids: string[] = [];
  let procs: Proc[] = [];
  /** Measured start and stop times, printed once at the end (reported, not asserted). */
  const figures: string[] = [];

  before(async () => {
    temporalDir = mkdtempSync(join(tmpdir(), 'assistant-prod-temporal-'));
    temporalServer = await ensureDevServer({
      port: await freePort(),
      uiPort: await freePort(),
      dbFile: join(temporalDir, 'temporal.db'),
      namespace: 'default',
    });
    fake = await startFakeTwilio();
    proxy = await startDelayProxy(fake.url);
    otlp = await startOtlpReceiver();
  });

  afterEach(function () {
    // A failing test shows what the processes said.
    if (this.currentTest?.state === 'failed') for (const p of procs) process.stderr.write(p.output());
  });

  after(async () => {
    if (figures.length) process.stdout.write(`      figures: ${figures.join('; ')}\n`);
    for (const p of procs) await p.terminate(5000);
    await temporalServer?.stop();
    await fake?.close();
    await proxy?.close();
    await otlp?.close();
    if (sids.length) {
      const redis = new Redis(REDIS_URL);
      await redis.del(...sids.map((s) => `assistant:twilio:sms:${s}`)).finally(() => redis.quit());
    }
    if (temporalDir) rmSync(temporalDir, { recursive: true, force: true });
  });

  it('stops on a malformed OTEL_EXPORTER_OTLP_ENDPOINT with one line and exit code 1', async () => {
    const p = startProc('bad otel', script('start:worker')[0]!, script('start:worker').slice(1), baseEnv({
      NODE_ENV: 'production',
      ...secrets(),
      TWILIO_ACCOUNT_SID: fake.accountSid,
      TWILIO_AUTH_TOKEN: fake.authToken,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318',
    }));
    const { code } = await p.exited;
    expect(code, p.output()).to.equal(1);
    expect(p.stderrLines(), p.output()).to.deep.equal(['Invalid configuration: OTEL_EXPORTER_OTLP_ENDPOINT: must be an http(s) URL']);
  });

  describe('a missing secret', () => {
    const cases: { script: string; missing: 'JWT_SECRET' | 'DATA_ENCRYPTION_KEYS' }[] = [
      { script: 'start:api', missing: 'JWT_SECRET' },
      { script: 'start:worker', missing: 'DATA_ENCRYPTION_KEYS' },
      { script: 'migrate', missing: 'JWT_SECRET' },
    ];
    for (const { script, missing } of cases) {
      it(`stops \`npm run ${script}\` with one line naming ${missing} and exit code 1`, async () => {
        const env: Record<string, string> = baseEnv({
          NODE_ENV: 'production',
          ...secrets(),
          DATA_DIR: mkdtempSync(join(tmpdir(), 'assistant-nosecret-')),
          DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
          TEMPORAL_ADDRESS: temporalServer.address,
          TWILIO_ACCOUNT_SID: fake.accountSid,
          TWILIO_AUTH_TOKEN: fake.authToken,
        });
        delete env[missing];
        const p = startProc(script, 'npm', ['run', script], env);
        const { code } = await p.exited;
        // Nothing was generated in its place: production never writes local secrets.
        const generated = existsSync(join(env.DATA_DIR!, 'local-secrets.json'));
        rmSync(env.DATA_DIR!, { recursive: true, force: true });
        expect(code, p.output()).to.equal(1);
        expect(p.stderrLines(), p.output()).to.deep.equal([
          `Invalid configuration: ${missing}: required when NODE_ENV=production`,
        ]);
        expect(generated).to.equal(false);
      });
    }
  });

  /** One full trip through two processes started by `start`; returns what the test needs to go on. */
  async function twoProcesses(label: string, scripts: { migrate: string[]; api: string[]; worker: string[] }) {
    const db: TestDatabase = await createTestDatabase('postgres');
    const dataDir = mkdtempSync(join(tmpdir(), 'assistant-prod-data-'));
    const port = await freePort();
    const taskQueue = `assistant-prod-${randomBytes(4).toString('hex')}`;
    const env = baseEnv({
      NODE_ENV: 'production',
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      DATABASE_URL: db.url,
      REDIS_URL,
      TEMPORAL_ADDRESS: temporalServer.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: taskQueue,
      TWILIO_ACCOUNT_SID: fake.accountSid,
      TWILIO_AUTH_TOKEN: fake.authToken,
      TWILIO_API_BASE_URL: proxy.url,
      ...secrets(),
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      LOG_LEVEL: 'info',
    });
    // The test reads and writes with the same keys as the two processes.
    const config = loadConfig(env);
    const [mcmd, ...margs] = scripts.migrate;
    const migrate = startProc(`${label} migrate`, mcmd!, margs, env);
    const migrated = await migrate.exited;
    expect(migrated.code, migrate.output()).to.equal(0);
    expect(migrate.output()).to.match(/\d+ migration\(s\) applied to postgres/);

    const [acmd, ...aargs] = scripts.api;
    const [wcmd, ...wargs] = scripts.worker;
    const startedAt = Date.now();
    const api = startProc(`${label} api`, acmd!, aargs, env);
    const worker = startProc(`${label} worker`, wcmd!, wargs, env);
    procs = [api, worker];
    const baseUrl = `http://127.0.0.1:${port}`;
    const temporal: TemporalClient = await connectClient({ address: temporalServer.address, namespace: 'default', encryptionKeys: config.encryptionKeys });
    try {
      // Generous: tsx compiles every file at start, and CI machines are shared.
      await waitFor(async () => (await fetch(`${baseUrl}/readyz`).catch(() => null))?.status === 200, {
        timeoutMs: 150_000,
        intervalMs: 250,
        what: `${label}: the api's /readyz`,
      });
      figures.push(`${label}: api ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      await waitFor(
        async () =>
          (await temporal.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, taskQueueType: 1 }))
            .pollers.length > 0,
        { timeoutMs: 150_000, intervalMs: 250, what: `${label}: the worker process to poll` },
      );
      figures.push(`${label}: worker polling in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    } catch (err) {
      await temporal.connection.close();
      throw new Error(`${(err as Error).message}\n${api.output()}${worker.output()}`);
    }
    const orm: Orm = await openDatabase(config.database);
    const addUser = async () => {
      const user = new User({ phone: testNumber(), assistantNumber: testNumber(), language: 'en' });
      await orm.em.fork().persistAndFlush(user);
      return user;
    };

    const inbound = (user: User, body: string) => {
      const sid = `SM${randomBytes(16).toString('hex')}`;
      sids.push(sid);
      const params = { MessageSid: sid, AccountSid: fake.accountSid, From: user.phone, To: user.assistantNumber, Body: body, NumMedia: '0' };
      const signature = twilio.getExpectedTwilioSignature(fake.authToken, `${env.PUBLIC_BASE_URL}/webhooks/twilio/sms`, params);
      return fetch(`${baseUrl}/webhooks/twilio/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params),
      });
    };
    const cleanup = async () => {
      await temporal.connection.close();
      await orm.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    };
    return { api, worker, addUser, orm, inbound, baseUrl, cleanup };
  }

  describe('with `npm run migrate`, `npm run start:api`, `npm run start:worker`', () => {
    let trip: Awaited<ReturnType<typeof twoProcesses>>;
    before(async function () {
      this.timeout(400_000);
      trip = await twoProcesses('tsx', { migrate: script('migrate'), api: script('start:api'), worker: script('start:worker') });
    });
    after(async () => {
      for (const p of procs) await p.terminate(5000);
      await trip?.cleanup();
    });

    it('answers a signed SMS from the user\'s own number', async () => {
      const user = await trip.addUser();
      const res = await trip.inbound(user, 'hello');
      expect(res.status).to.equal(200);
      const [reply] = await fake.waitForMessages(1, { to: user.phone, timeoutMs: 30_000 });
      expect(reply!.from).to.equal(user.assistantNumber);
      expect(reply!.body).to.match(/\w/);
      // Logs are JSON lines in production, and no secret or phone number appears in them.
      const logs = trip.api.output() + trip.worker.output();
      expect(logs).to.include('"message":"worker started"');
      expect(logs).not.to.include(fake.authToken);
      expect(logs).not.to.include(user.phone);
    });

    it('traces the SMS from the webhook through the workflow to its activities (OTLP/HTTP)', async () => {
      // A new user: their first SMS starts their conversation workflow, all in one trace.
      const user = await trip.addUser();
      expect((await trip.inbound(user, 'hello')).status).to.equal(200);
      const isOurs = (s: ReceivedSpan) =>
        s.name === 'SignalWithStartWorkflow:conversationWorkflow' && s.attributes.temporalWorkflowId === `conversation-${user.id}`;
      // Spans arrive in batches from two processes; a workflow's StartActivity span is exported
      // after its activity completed, so wait for the whole set.
      const expected = ['HandleSignal:inboundSms', ...['recordInbound', 'interpretMessage', 'sendSms'].flatMap((a) => [`StartActivity:${a}`, `RunActivity:${a}`])];
      const spans = await otlp.waitFor(
        (all) => {
          const signal = all.find(isOurs);
          if (!signal) return false;
          const names = new Set(all.filter((s) => s.traceId === signal.traceId).map((s) => s.name));
          return expected.every((n) => names.has(n)) && names.has('POST /webhooks/twilio/sms') && names.has('POST');
        },
        { timeoutMs: 30_000, what: `the SMS trace (${expected.join(', ')})` },
      );
      const signal = spans.find(isOurs)!;
      const trace = spans.filter((s) => s.traceId === signal.traceId);
      const names = trace.map((s) => `${s.service}:${s.name}`);
      const byId = new Map(trace.map((s) => [s.spanId, s]));
      const parentOf = (s: ReceivedSpan) => (s.parentSpanId ? byId.get(s.parentSpanId) : undefined);
      const one = (name: string) => {
        const found = trace.filter((s) => s.name === name);
        expect(found, `${name} in ${names.join(', ')}`).to.have.length(1);
        return found[0]!;
      };

      // api: the webhook's HTTP server span is the root; Express' spans and the Temporal client span below it.
      const root = trace.find((s) => s.parentSpanId === null)!;
      expect([root.service, root.name, root.kind]).to.deep.equal(['assistant-api', 'POST /webhooks/twilio/sms', 2]);
      expect(signal.service).to.equal('assistant-api');
      expect(parentOf(signal)?.scope).to.equal('@opentelemetry/instrumentation-express');
      expect(parentOf(parentOf(signal)!)).to.equal(root);

      // worker: the signal handled inside the workflow (exported through the sink), with the api's span as parent.
      const handled = one('HandleSignal:inboundSms');
      expect([handled.service, handled.parentSpanId]).to.deep.equal(['assistant-worker', signal.spanId]);
      // Each activity: scheduled by the workflow, run by the worker.
      for (const activity of ['recordInbound', 'interpretMessage', 'sendSms']) {
        const run = one(`RunActivity:${activity}`);
        expect(run.service).to.equal('assistant-worker');
        expect(parentOf(run)?.name).to.equal(`StartActivity:${activity}`);
      }
      // Activities are scheduled from the workflow's main span (RunWorkflow), which is exported
      // when that run ends; a conversation runs for weeks, so it is the only parent not yet seen.
      const openParents = new Set(trace.filter((s) => s.parentSpanId && !byId.has(s.parentSpanId)).map((s) => s.parentSpanId));
      expect(openParents.size, names.join(', ')).to.equal(1);
      expect(trace.filter((s) => openParents.has(s.parentSpanId)).every((s) => s.name.startsWith('StartActivity:'))).to.equal(true);
      // The Twilio call: an outbound HTTP client span under the sendSms activity.
      const send = one('RunActivity:sendSms');
      const twilioCall = trace.find((s) => s.parentSpanId === send.spanId);
      expect([twilioCall?.kind, twilioCall?.name]).to.deep.equal([3, 'POST']);

      // Health probes are not traced.
      await fetch(`${trip.baseUrl}/healthz`);
      await fetch(`${trip.baseUrl}/readyz`);
      await new Promise((r) => setTimeout(r, 2500)); // past the 1 s export interval
      expect(otlp.spans.filter((s) => /^GET \/(healthz|readyz)/.test(s.name))).to.deep.equal([]);
    });

    it('stops on SIGTERM: the worker first finishes the activity in flight, both exit 0', async () => {
      const user = await trip.addUser();
      const before = fake.messages.filter((m) => m.to === user.phone).length;
      // Hold the next Twilio call for 3 s: SIGTERM lands while sendSms is in flight.
      let held = false;
      proxy.holdNext(1, 3000, () => (held = true));
      expect((await trip.inbound(user, 'hello')).status).to.equal(200);
      await waitFor(() => held, { timeoutMs: 30_000, what: 'sendSms to reach Twilio' });
      const workerStop = trip.worker.terminate(60_000);
      const worker = await workerStop;
      figures.push(`tsx: worker stopped ${(worker.ms / 1000).toFixed(1)} s after SIGTERM (a 3 s Twilio call in flight)`);
      expect(worker.code, trip.worker.output()).to.equal(0);
      expect(worker.ms).to.be.greaterThan(1500); // it waited for the held request
      // The send completed inside the grace period: Twilio got it once and the row has its sid.
      const sent = fake.messages.filter((m) => m.to === user.phone);
      expect(sent).to.have.length(before + 1);
      const rows = await trip.orm.em.fork().find(Message, { user: user.id, direction: 'outbound' });
      expect(rows.map((r) => r.twilioSid).sort()).to.deep.equal(sent.map((m) => m.sid).sort());

      const api = await trip.api.terminate(30_000);
      figures.push(`tsx: api stopped ${(api.ms / 1000).toFixed(1)} s after SIGTERM`);
      expect(api.code, trip.api.output()).to.equal(0);
      expect(trip.api.output()).to.match(/SIGTERM: draining/);
      const after = await fetch(`${trip.baseUrl}/healthz`).then(() => 'answered', () => 'refused');
      expect(after).to.equal('refused');
    });
  });

  describe('with the built code (`npm run build`, then node dist/…, as in the Docker image)', () => {
    let trip: Awaited<ReturnType<typeof twoProcesses>>;
    before(async function () {
      this.timeout(500_000);
      const build = startProc('build', 'npm', ['run', 'build'], baseEnv({}));
      const built = await build.exited;
      expect(built.code, build.output()).to.equal(0);
      trip = await twoProcesses('dist', {
        migrate: script('migrate:prod'),
        api: script('start:api:prod'),
        worker: script('start:worker:prod'),
      });
    });
    after(async () => {
      for (const p of procs) await p.terminate(5000);
      await trip?.cleanup();
    });

    it('answers an SMS and stops cleanly on SIGTERM', async () => {
      const user = await trip.addUser();
      expect((await trip.inbound(user, 'hello')).status).to.equal(200);
      const [reply] = await fake.waitForMessages(1, { to: user.phone, timeoutMs: 30_000 });
      expect(reply!.from).to.equal(user.assistantNumber);
      const [worker, api] = await Promise.all([trip.worker.terminate(60_000), trip.api.terminate(30_000)]);
      figures.push(`dist: worker stopped in ${(worker.ms / 1000).toFixed(1)} s, api in ${(api.ms / 1000).toFixed(1)} s after SIGTERM`);
      expect(worker.code, trip.worker.output()).to.equal(0);
      expect(api.code, trip.api.output()).to.equal(0);
    });
  });
});
