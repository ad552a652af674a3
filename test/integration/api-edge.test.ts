import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import winston from 'winston';
import { createMemoryStore, createRedisStore, type KeyValueStore } from '../../services/infra/kv';
import { createLogger } from '../../services/infra/logger';
import { createApp } from '../../api/app';
import { startApi, type RunningApi } from '../../api/http-server';
import { DB_KINDS } from '../helpers/databases';
import { freePort, waitFor } from '../helpers/ports';
import { startStack, type Stack } from '../helpers/stack';
import { apiClient } from '../helpers/api-client';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Every route mounted on the app (method + Express path), walking nested routers. */
function mountedRoutes(app: Express): string[] {
  const out: string[] = [];
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) for (const m of Object.keys(layer.route.methods)) out.push(`${m} ${layer.route.path}`);
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

for (const kind of DB_KINDS) {
  describe(`REST API edge on ${kind}: OpenAPI, /metrics, rate limits, CORS, request ids`, function () {
    this.timeout(120_000);
    let stack: Stack;
    let api: ReturnType<typeof apiClient>;
    // A second app on the same stack with tight limits, a CORS allowlist and a logger we read.
    let strict: RunningApi;
    let strictApi: ReturnType<typeof apiClient>;
    let kv: KeyValueStore;
    const prefix = `assistant-test-${randomBytes(4).toString('hex')}:`;
    const lines: Record<string, unknown>[] = [];

    before(async () => {
      stack = await startStack({ db: kind });
      api = apiClient(stack.baseUrl, stack.config.auth.jwtSecret);
      kv = kind === 'postgres' ? createRedisStore(REDIS_URL, prefix) : createMemoryStore();
      const logger = createLogger({ level: 'info', json: true, service: 'edge-test' });
      logger.clear();
      logger.add(new winston.transports.Stream({
        stream: new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } }),
      }));
      const config = { ...stack.config, api: { corsOrigins: ['https://app.example.com'], rateLimits: { perIpPerMinute: 8, perUserPerMinute: 4 } } };
      strict = await startApi({ config, orm: stack.orm, kv, temporal: stack.temporal, logger }, await freePort(), '127.0.0.1');
      strictApi = apiClient(`http://127.0.0.1:${strict.port}`, stack.config.auth.jwtSecret);
    });
    after(async () => {
      await strict?.close(1000);
      await kv?.close();
      if (kind === 'postgres') {
        const redis = new Redis(REDIS_URL);
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length) await redis.del(...keys);
        await redis.quit();
      }
      await stack?.close();
    });

    it('serves an OpenAPI 3 document generated from the schemas, listing every mounted /api route, and Swagger UI', async () => {
      const res = await api.call('GET', '/openapi.json');
      expect(res.status).to.equal(200);
      const doc = res.body;
      expect(doc.openapi).to.match(/^3\.0\.\d$/);
      expect(doc.info.title).to.be.a('string');
      expect(doc.components.securitySchemes).to.have.keys('bearerAuth', 'partnerKey');
      const app = createApp({ config: stack.config, orm: stack.orm, kv: createMemoryStore(), temporal: stack.temporal, logger: createLogger({ level: 'error', json: true, service: 't' }) });
      const mounted = mountedRoutes(app).filter((r) => r.includes(' /api/'));
      expect(mounted.length).to.be.greaterThan(14);
      for (const route of mounted) {
        const [method, path] = route.split(' ') as [string, string];
        const openApiPath = path.replace(/:(\w+)/g, '{$1}');
        expect(doc.paths[openApiPath]?.[method], `${route} in /openapi.json`).to.be.an('object');
      }
      // Structure: every operation has responses and a problem shape for 400; every $ref resolves.
      expect(doc.paths['/metrics']?.get).to.be.an('object');
      for (const [path, item] of Object.entries<Record<string, { responses: Record<string, unknown>; parameters?: { in: string; name: string }[] }>>(doc.paths)) {
        if (!path.startsWith('/api/')) continue;
        for (const [method, op] of Object.entries(item)) {
          expect(op.responses, `${method} ${path}`).to.have.property('400');
          for (const p of path.match(/\{(\w+)\}/g) ?? []) {
            expect(op.parameters?.some((x) => x.in === 'path' && `{${x.name}}` === p), `${method} ${path} documents ${p}`).to.equal(true);
          }
        }
      }
      const refs = JSON.stringify(doc).match(/"#\/components\/[^"]+"/g) ?? [];
      for (const ref of refs) {
        const [, , section, name] = JSON.parse(ref).split('/');
        expect(doc.components[section]?.[name], ref).to.not.equal(undefined);
      }
      expect(doc.components.schemas.ReminderCreate.required).to.include.members(['text', 'dueAt']);
      const ui = await fetch(`${stack.baseUrl}/docs/`);
      expect(ui.status).to.equal(200);
      expect(await ui.text()).to.match(/swagger-ui/);
      expect((await fetch(`${stack.baseUrl}/docs/swagger-ui-bundle.js`)).status).to.equal(200);
      const init = await (await fetch(`${stack.baseUrl}/docs/swagger-ui-init.js`)).text();
      expect(init).to.include('/openapi.json');
      expect((await fetch(`${stack.baseUrl}/docs`, { redirect: 'manual' })).headers.get('location')).to.equal('/docs/');
    });

    it('exposes the named Prometheus series on /metrics, with routes as templates', async () => {
      const user = await stack.addUser({ language: 'en' });
      const token = api.tokenFor(user.id);
      const created = await api.call('POST', '/api/v1/reminders', { token, json: { text: 'metrics check', dueAt: new Date(Date.now() + 1500).toISOString() } });
      await api.call('GET', `/api/v1/reminders/${created.body.id}`, { token });
      await stack.inbound(user, 'hello');
      await stack.twilio.waitForMessages(2, { to: user.phone, timeoutMs: 30_000 });
      // The lateness is observed by the announce activity, right after the reminder's SMS.
      const text = await waitFor(async () => {
        const t = await (await fetch(`${stack.baseUrl}/metrics`)).text();
        return /^assistant_reminder_lateness_seconds_count [1-9]/m.test(t) ? t : null;
      }, { what: 'reminder lateness observed' });
      expect(text).to.match(/^http_request_duration_seconds_bucket\{.*route="\/api\/v1\/reminders\/:id".*\} \d+/m);
      expect(text).to.not.include(created.body.id);
      expect(text).to.match(/^assistant_sms_inbound_total\{outcome="delivered"\} [1-9]/m);
      expect(text).to.match(/^assistant_sms_outbound_total\{result="sent",transport="twilio"\} [1-9]/m);
      expect(text).to.match(/^assistant_sms_outbound_segments_total\{transport="twilio"\} [1-9]/m);
      expect(text).to.match(/^assistant_workflow_starts_total\{workflow_type="reminderWorkflow",operation="start"\} [1-9]/m);
      expect(text).to.match(/^assistant_workflow_starts_total\{workflow_type="conversationWorkflow",operation="signalWithStart"\} [1-9]/m);
      expect(text).to.match(/^assistant_reminder_lateness_seconds_count [1-9]/m);
      expect(text).to.match(/^process_cpu_user_seconds_total /m);
      expect(text).to.match(/^nodejs_eventloop_lag_seconds /m);
    });

    it('honours or generates X-Request-Id, echoes it, and every log line of the request carries it', async () => {
      const user = await stack.addUser();
      const token = strictApi.tokenFor(user.id);
      const given = await strictApi.call('PATCH', '/api/v1/me', { token, json: { language: 'en' }, headers: { 'x-request-id': 'req-abc.123' } });
      expect(given.status).to.equal(200);
      expect(given.headers.get('x-request-id')).to.equal('req-abc.123');
      const line = lines.find((l) => l.message === 'user preferences changed');
      expect(line).to.include({ requestId: 'req-abc.123', userId: user.id });
      const generated = await strictApi.call('GET', '/api/v1/me', { token, headers: { 'x-request-id': 'bad id with spaces' } });
      expect(generated.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
      // Outside a request, lines carry no request id.
      expect(lines.filter((l) => l.requestId === undefined).every((l) => l.message !== 'user preferences changed')).to.equal(true);
    });

    it('answers 429 problem+json with Retry-After past the per-user limit (4/min), then past the per-IP limit (8/min)', async () => {
      // The request-id test above made 2 requests from this address.
      const user = await stack.addUser();
      const token = strictApi.tokenFor(user.id);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await strictApi.call('GET', '/api/v1/tasks', { token })).status);
      expect(statuses).to.deep.equal([200, 200, 200, 200, 429]);
      const limited = await strictApi.call('GET', '/api/v1/tasks', { token });
      expect(limited.status).to.equal(429);
      expect(limited.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
      expect(limited.body).to.include({ status: 429, title: 'Too Many Requests' });
      expect(limited.body.detail).to.match(/per account/);
      // 8 requests from this address so far: the next one, whoever sends it, is refused by address.
      const other = strictApi.tokenFor((await stack.addUser()).id);
      const byIp = await strictApi.call('GET', '/api/v1/tasks', { token: other });
      expect(byIp.status).to.equal(429);
      expect(byIp.body.detail).to.match(/per address/);
      // The main app (default limits) is not affected, and /metrics counted both limiters.
      expect((await api.call('GET', '/api/v1/tasks', { token: other })).status).to.equal(200);
      const text = await (await fetch(`${stack.baseUrl}/metrics`)).text();
      expect(text).to.match(/^http_rate_limited_total\{limiter="user"\} [1-9]/m);
      expect(text).to.match(/^http_rate_limited_total\{limiter="ip"\} [1-9]/m);
    });

    it('allows CORS only for the configured origins', async () => {
      const preflight = (origin: string) =>
        fetch(`http://127.0.0.1:${strict.port}/api/v1/reminders`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
        });
      const allowed = await preflight('https://app.example.com');
      expect(allowed.headers.get('access-control-allow-origin')).to.equal('https://app.example.com');
      expect(allowed.headers.get('access-control-allow-headers')).to.match(/Authorization/);
      const denied = await preflight('https://evil.example.net');
      expect(denied.headers.get('access-control-allow-origin')).to.equal(null);
      const simple = await fetch(`${stack.baseUrl}/openapi.json`, { headers: { origin: 'https://app.example.com' } });
      expect(simple.headers.get('access-control-allow-origin')).to.equal(null); // the main app allows no origin
      expect(simple.headers.get('x-content-type-options')).to.equal('nosniff'); // helmet
    });
  });
}
