import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../schemas/config';

describe('configuration of the REST API edge and worker metrics', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'assistant-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('defaults to no CORS origin, 300 requests per address and 120 per user a minute, no worker metrics port', () => {
    const c = loadConfig({ DATA_DIR: dataDir });
    expect(c.api).to.deep.equal({ corsOrigins: [], rateLimits: { perIpPerMinute: 300, perUserPerMinute: 120 } });
    expect(c.workerMetricsPort).to.equal(null);
  });

  it('reads the allowlist, the limits and the port', () => {
    const c = loadConfig({
      DATA_DIR: dataDir,
      CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
      RATE_LIMIT_PER_IP_PER_MINUTE: '1000',
      RATE_LIMIT_PER_USER_PER_MINUTE: '60',
      WORKER_METRICS_PORT: '9464',
    });
    expect(c.api.corsOrigins).to.deep.equal(['https://app.example.com', 'http://localhost:5173']);
    expect(c.api.rateLimits).to.deep.equal({ perIpPerMinute: 1000, perUserPerMinute: 60 });
    expect(c.workerMetricsPort).to.equal(9464);
  });

  for (const [name, value] of [
    ['CORS_ORIGINS', 'app.example.com'],
    ['CORS_ORIGINS', 'https://app.example.com/path'],
    ['RATE_LIMIT_PER_IP_PER_MINUTE', '0'],
    ['RATE_LIMIT_PER_USER_PER_MINUTE', 'lots'],
    ['WORKER_METRICS_PORT', '70000'],
  ] as const) {
    it(`rejects ${name}=${value} naming the variable`, () => {
      expect(() => loadConfig({ DATA_DIR: dataDir, [name]: value })).to.throw(ConfigError, name);
    });
  }
});
