import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../schemas/config';

describe('configuration', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'assistant-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs on the embedded defaults with an empty environment', () => {
    const c = loadConfig({ DATA_DIR: dataDir });
    expect(c.port).to.equal(3000);
    expect(c.publicBaseUrl).to.equal('http://localhost:3000');
    expect(c.database).to.deep.equal({ kind: 'sqlite', path: join(dataDir, 'assistant.db'), encryptionKeys: c.encryptionKeys });
    expect(c.redisUrl).to.equal(null);
    expect(c.temporal).to.include({ address: null, namespace: 'default', devServerPort: 7233, uiPort: 8233, taskQueue: 'assistant' });
    expect(c.twilio.credentials).to.equal(null);
    expect(c.twilio.apiBaseUrl).to.equal('https://api.twilio.com');
  });

  it('keeps the generated webhook token stable across loads of the same DATA_DIR', () => {
    const a = loadConfig({ DATA_DIR: dataDir }).twilio.webhookAuthToken;
    const b = loadConfig({ DATA_DIR: dataDir }).twilio.webhookAuthToken;
    expect(a).to.have.length.greaterThan(20).and.equal(b);
  });

  it('uses PostgreSQL when DATABASE_URL says so', () => {
    const c = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://u@db:5432/app' });
    expect(c.database).to.deep.equal({ kind: 'postgres', url: 'postgres://u@db:5432/app', encryptionKeys: c.encryptionKeys });
  });

  it('signs webhooks with the Twilio auth token when credentials are set', () => {
    const c = loadConfig({ DATA_DIR: dataDir, TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'secret-token' });
    expect(c.twilio.webhookAuthToken).to.equal('secret-token');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATA_DIR: dataDir, PORT: '', REDIS_URL: '' })).to.include({ port: 3000, redisUrl: null });
  });

  it('turns the Gemini brain on with GEMINI_API_KEY only, with bounded defaults', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).gemini).to.equal(null);
    expect(loadConfig({ DATA_DIR: dataDir, GEMINI_MODEL: 'gemini-2.5-pro' }).gemini).to.equal(null);
    expect(loadConfig({ DATA_DIR: dataDir, GEMINI_API_KEY: 'k' }).gemini).to.deep.equal({
      apiKey: 'k', model: 'gemini-2.5-flash', baseUrl: null, timeoutMs: 10_000, maxSteps: 4, breakerFailures: 3, breakerHalfOpenMs: 30_000,
    });
    expect(loadConfig({ DATA_DIR: dataDir, GEMINI_API_KEY: 'k', GEMINI_API_BASE_URL: 'http://127.0.0.1:9/', GEMINI_MAX_STEPS: '2' }).gemini).to.include({
      baseUrl: 'http://127.0.0.1:9', maxSteps: 2,
    });
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ GEMINI_MAX_STEPS: '50' }, /^Invalid configuration: GEMINI_MAX_STEPS: /],
    [{ GEMINI_TIMEOUT_MS: 'soon' }, /GEMINI_TIMEOUT_MS/],
    [{ GEMINI_API_BASE_URL: 'ftp://x' }, /GEMINI_API_BASE_URL/],
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT: /],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL: must start with postgres/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL/],
    [{ TEMPORAL_ADDRESS: 'not an address' }, /TEMPORAL_ADDRESS: must be host:port/],
    [{ PUBLIC_BASE_URL: 'ftp://x' }, /PUBLIC_BASE_URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ TWILIO_ACCOUNT_SID: 'AC123' }, /TWILIO_ACCOUNT_SID/],
    [{ TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}` }, /TWILIO_AUTH_TOKEN: required/],
    [{ NODE_ENV: 'production' }, /JWT_SECRET: required when NODE_ENV=production/],
    [{ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32) }, /DATA_ENCRYPTION_KEYS: required when NODE_ENV=production/],
    [
      { NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32), DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}` },
      /TWILIO_AUTH_TOKEN: required when NODE_ENV=production/,
    ],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET: must be at least 32/],
    [{ DATA_ENCRYPTION_KEYS: 'k1:abc' }, /DATA_ENCRYPTION_KEYS: must be id:base64/],
    [{ DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32).toString('base64')},k1:${Buffer.alloc(32).toString('base64')}` }, /unique/],
  ];
  for (const [env, message] of bad) {
    it(`rejects ${JSON.stringify(env)} with one line naming the variable`, () => {
      expect(() => loadConfig({ DATA_DIR: dataDir, ...env }))
        .to.throw(ConfigError)
        .with.property('message')
        .that.matches(message)
        .and.not.include('\n');
    });
  }
});
