import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import express from 'express';
import { temporal } from '@temporalio/proto';
import { signAccessToken } from '../../api/auth/tokens';
import { problemHandler } from '../../api/problem';
import { createCodecRouter } from '../../api/routes/codec';
import { createLogger } from '../../services/infra/logger';
import { loadConfig, type Config } from '../../schemas/config';
import { conversationWorkflowId } from '../../temporal/conversations';
import { freePort, waitFor } from '../helpers/ports';
import { startStack, type Stack } from '../helpers/stack';

type JsonPayload = { metadata: Record<string, string>; data: string };
const UI_ORIGIN = 'https://temporal.example.test';

/**
 * Every Payload in a history (arguments, results, signals, memos, failure details…), as the UI
 * sends them to the codec, except search attributes (never encoded: the server indexes them).
 */
function collectPayloads(node: unknown, out: JsonPayload[] = []): JsonPayload[] {
  if (!node || typeof node !== 'object' || node instanceof Uint8Array) return out;
  const o = node as Record<string, unknown>;
  if ('indexedFields' in o) return out;
  if (o.metadata && typeof o.metadata === 'object' && (o.metadata as Record<string, unknown>).encoding instanceof Uint8Array) {
    const metadata = Object.fromEntries(Object.entries(o.metadata as Record<string, Uint8Array>).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
    out.push({ metadata, data: Buffer.from((o.data as Uint8Array | undefined) ?? []).toString('base64') });
    return out;
  }
  for (const value of Object.values(o)) {
    if (Array.isArray(value)) value.forEach((v) => collectPayloads(v, out));
    else collectPayloads(value, out);
  }
  return out;
}

/** Names of the search attributes set anywhere in a history. */
function collectSearchAttributes(node: unknown, out: string[] = []): string[] {
  if (!node || typeof node !== 'object' || node instanceof Uint8Array) return out;
  const o = node as Record<string, unknown>;
  if (o.indexedFields && typeof o.indexedFields === 'object') out.push(...Object.keys(o.indexedFields));
  for (const value of Object.values(o)) {
    if (Array.isArray(value)) value.forEach((v) => collectSearchAttributes(v, out));
    else collectSearchAttributes(value, out);
  }
  return out;
}

const encodingOf = (p: JsonPayload) => Buffer.from(p.metadata.encoding ?? '', 'base64').toString();

describe('Temporal payload encryption and the codec server (real stack)', function () {
  this.timeout(120_000);
  let stack: Stack;
  let adminToken: string;

  before(async () => {
    stack = await startStack({ db: 'sqlite', env: { TEMPORAL_UI_ORIGIN: UI_ORIGIN } });
    adminToken = signAccessToken(stack.config.auth.jwtSecret, 'operator-1', 'admin');
  });
  after(async () => {
    await stack?.close();
  });

  const codec = (op: 'encode' | 'decode', body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${stack.baseUrl}/codec/${op}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}`, 'x-namespace': 'default', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  let history: JsonPayload[] = [];
  let secret = '';

  it('keeps an SMS out of the raw workflow history, and the codec server reads it back for an admin', async () => {
    const user = await stack.addUser({ language: 'fr' });
    secret = `souviens-toi que mon NIP bancaire est ${randomBytes(3).readUIntBE(0, 3)} zebrelune`;
    expect((await stack.inbound(user, secret)).status).to.equal(200);
    await stack.twilio.waitForMessages(1, { to: user.phone });

    const raw = await waitFor(async () => {
      const res = await stack.temporal.workflowService.getWorkflowExecutionHistory({
        namespace: 'default',
        execution: { workflowId: conversationWorkflowId(user.id) },
        maximumPageSize: 1000,
      });
      // Wait until the reply's activity result is in the history too.
      const events = res.history?.events ?? [];
      return events.filter((e) => e.activityTaskCompletedEventAttributes).length >= 3 ? res.history! : null;
    }, { what: 'the conversation history with its activities', timeoutMs: 30_000 });
    const bytes = Buffer.from(temporal.api.history.v1.History.encode(raw).finish());
    for (const plaintext of ['zebrelune', 'NIP bancaire', user.phone, user.phone.slice(2), 'Salut', "C'est not"]) {
      expect(bytes.includes(plaintext), `"${plaintext}" in the raw history`).to.equal(false);
    }
    // Search attributes stay plaintext by design (the server indexes them): only the user's opaque id.
    const indexed = collectSearchAttributes(raw);
    expect([...new Set(indexed)]).to.deep.equal(['UserId']);
    history = collectPayloads(raw);
    expect(history.length).to.be.greaterThan(4);
    expect([...new Set(history.map(encodingOf))]).to.deep.equal(['binary/encrypted']);

    const res = await codec('decode', { payloads: history });
    expect(res.status).to.equal(200);
    const decoded = ((await res.json()) as { payloads: JsonPayload[] }).payloads;
    expect(decoded).to.have.length(history.length);
    const texts = decoded.map((p) => Buffer.from(p.data, 'base64').toString('utf8'));
    expect(texts.some((t) => t.includes(secret))).to.equal(true);
    expect(texts.some((t) => t.includes('zebrelune') && /C'est not/.test(t))).to.equal(true); // the reply, from the memory tool
    expect(new Set(decoded.map(encodingOf))).to.include('json/plain');
  });

  it('encrypts failure messages too (an activity failure in the history is readable only through the codec)', async () => {
    const user = await stack.addUser({ language: 'en' });
    stack.twilio.failNext(1, { status: 400, code: 21211, message: `The 'To' number ${user.phone} is not a valid phone number.` });
    await stack.inbound(user, 'hello there');
    const raw = await waitFor(async () => {
      const res = await stack.temporal.workflowService.getWorkflowExecutionHistory({
        namespace: 'default',
        execution: { workflowId: conversationWorkflowId(user.id) },
        maximumPageSize: 1000,
      });
      return res.history?.events?.some((e) => e.activityTaskFailedEventAttributes) ? res.history : null;
    }, { what: 'the failed send in the history', timeoutMs: 30_000 });
    const failed = raw.events!.find((e) => e.activityTaskFailedEventAttributes)!.activityTaskFailedEventAttributes!.failure!;
    expect(failed.message).to.equal('Encoded failure');
    const bytes = Buffer.from(temporal.api.history.v1.History.encode(raw).finish());
    expect(bytes.includes('not a valid mobile number')).to.equal(false);
    const [encoded] = collectPayloads({ failed: failed.encodedAttributes });
    const res = (await (await codec('decode', { payloads: [encoded] })).json()) as { payloads: JsonPayload[] };
    const attributes = JSON.parse(Buffer.from(res.payloads[0]!.data, 'base64').toString()) as { message: string };
    expect(attributes.message).to.equal('recipient is not a valid mobile number');
  });

  it('encodes for the UI (e.g. a signal typed in it) what the workers then decode', async () => {
    const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"bonjour"').toString('base64') };
    const encoded = (await (await codec('encode', { payloads: [plain] })).json()) as { payloads: JsonPayload[] };
    expect(encodingOf(encoded.payloads[0]!)).to.equal('binary/encrypted');
    expect(Buffer.from(encoded.payloads[0]!.metadata['encryption-key-id']!, 'base64').toString()).to.equal(stack.config.encryptionKeys[0]!.id);
    const back = (await (await codec('decode', encoded)).json()) as { payloads: JsonPayload[] };
    expect(back.payloads).to.deep.equal([plain]);
  });

  it('refuses callers without an admin token, other namespaces, bad bodies and altered payloads, as problem+json', async () => {
    const body = { payloads: history.slice(0, 1) };
    const cases: [Response, number][] = [
      [await codec('decode', body, { authorization: '' }), 401],
      [await codec('decode', body, { authorization: `Bearer ${signAccessToken(stack.config.auth.jwtSecret, 'u1', 'user')}` }), 403],
      [await codec('decode', body, { authorization: `Bearer ${signAccessToken('x'.repeat(40), 'operator-1', 'admin')}` }), 401],
      [await codec('decode', body, { 'x-namespace': 'someone-else' }), 403],
      [await codec('decode', { payload: [] }), 400],
      [await codec('decode', { payloads: [{ data: 'not base64 !' }] }), 400],
      [await codec('decode', '{"payloads": [', {}), 400],
      [await codec('decode', 'payloads', { 'content-type': 'text/plain' }), 415],
    ];
    const tampered = { ...history[0]!, data: Buffer.from(Buffer.from(history[0]!.data, 'base64').map((b, i) => (i === 30 ? b ^ 1 : b))).toString('base64') };
    cases.push([await codec('decode', { payloads: [tampered] }), 422]);
    const unknownKey = { ...history[0]!, metadata: { ...history[0]!.metadata, 'encryption-key-id': Buffer.from('gone').toString('base64') } };
    cases.push([await codec('decode', { payloads: [unknownKey] }), 422]);
    for (const [res, status] of cases) {
      expect(res.status).to.equal(status);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(await res.text()).to.not.include('zebrelune');
    }
  });

  it("answers the Temporal UI's CORS preflight for its origin only", async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.baseUrl}/codec/decode`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace,authorization' },
      });
    const ok = await preflight(UI_ORIGIN);
    expect(ok.status).to.equal(204);
    expect(ok.headers.get('access-control-allow-origin')).to.equal(UI_ORIGIN);
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).to.include('x-namespace').and.include('authorization');
    expect(ok.headers.get('access-control-allow-methods')).to.include('POST');
    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).to.equal(null);
  });
});

/** Raw HTTP so the test controls Host and X-Forwarded-For like a browser or a proxy would. */
function post(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/codec/encode', method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ payloads: [] }));
  });
}

describe('the codec server for the embedded UI (development, loopback only)', () => {
  let dataDir: string;
  let server: Server;
  let port: number;
  let config: Config;

  async function serve(c: Config): Promise<void> {
    const app = express();
    app.use(createCodecRouter({ config: c, logger: createLogger({ level: 'error', json: true, service: 'test' }) }));
    app.use(problemHandler(() => undefined));
    port = await freePort();
    await new Promise<void>((r) => (server = app.listen(port, '127.0.0.1', () => r())));
  }

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'assistant-codec-'));
    config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, TEMPORAL_UI_PORT: '8233' });
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('trusts the embedded UI and local tools on this machine without a token', async () => {
    expect(config.codec.uiOrigins).to.deep.equal(['http://localhost:8233', 'http://127.0.0.1:8233']);
    await serve(config);
    expect(await post(port, { host: `localhost:${port}`, origin: 'http://localhost:8233' })).to.equal(200);
    expect(await post(port, { host: `127.0.0.1:${port}` })).to.equal(200); // curl, temporal CLI
  });

  it('still wants a token from another origin, a rebound host name, through a proxy, or outside development', async () => {
    await serve(config);
    expect(await post(port, { host: `localhost:${port}`, origin: 'https://evil.example' })).to.equal(401);
    expect(await post(port, { host: `evil.example:${port}`, origin: `http://evil.example:${port}` })).to.equal(401);
    expect(await post(port, { host: `localhost:${port}`, 'x-forwarded-for': '203.0.113.9' })).to.equal(401);
    await new Promise((r) => server.close(r));
    await serve({ ...config, env: 'production' });
    expect(await post(port, { host: `localhost:${port}`, origin: 'http://localhost:8233' })).to.equal(401);
    const token = signAccessToken(config.auth.jwtSecret, 'operator-1', 'admin');
    expect(await post(port, { host: `localhost:${port}`, authorization: `Bearer ${token}` })).to.equal(200);
  });
});
