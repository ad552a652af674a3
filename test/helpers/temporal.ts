import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { resolveTestServer } from '../../temporal/cli-path';
import { ensureDevServer, type DevServer } from '../../temporal/dev-server';
import { temporal } from '@temporalio/proto';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../temporal/search-attributes';
import { encryptedDataConverter, FAILURE_CONVERTER_PATH } from '../../temporal/codec';
import { workflowsPath } from '../../workers/create-worker';
import { freePort } from './ports';

/**
 * Shared, lazily started Temporal servers for the whole mocha run: the time-skipping test
 * server for workflow tests, a real dev server (SQLite, temp dir) for integration tests.
 * Both come from the project's .venv binaries, never from a download. Stopped by the root hook.
 */
let timeSkipping: Promise<TestWorkflowEnvironment> | null = null;
let devServer: Promise<DevServer & { dir: string }> | null = null;
let bundle: Promise<WorkflowBundleWithSourceMap> | null = null;

/**
 * Workflow tests run encrypted like production: the time-skipping env's client and every worker of
 * a workflow test use this data converter (a random key per run).
 */
export const TEST_ENCRYPTION_KEYS = [{ id: 'wftest', key: randomBytes(32) }];
export const testDataConverter = encryptedDataConverter(TEST_ENCRYPTION_KEYS);

export function getTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  timeSkipping ??= createTimeSkippingEnv();
  return timeSkipping;
}

/**
 * A time-skipping test server of a suite's own: its clock starts at now and nothing another suite
 * left behind can hold time skipping. The caller tears it down.
 */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return (async () => {
    const env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: resolveTestServer() } },
      client: { dataConverter: testDataConverter },
    });
    // The Java test server implements AddSearchAttributes but not ListSearchAttributes.
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(
        CUSTOM_SEARCH_ATTRIBUTES.map((a) => [a.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
      ),
    });
    return env;
  })();
}

export function getDevServer(): Promise<DevServer & { dir: string }> {
  devServer ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assistant-temporal-'));
    const server = await ensureDevServer({
      port: await freePort(),
      uiPort: await freePort(),
      dbFile: join(dir, 'temporal.db'),
      namespace: 'default',
    });
    return { ...server, dir };
  })();
  return devServer;
}

/** Bundling takes a few seconds: once per run, shared by every in-process worker. */
export function getWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath, failureConverterPath: FAILURE_CONVERTER_PATH, logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } });
  return bundle;
}

export async function stopTemporalServers(): Promise<void> {
  const env = timeSkipping;
  const dev = devServer;
  timeSkipping = null;
  devServer = null;
  if (env) await (await env).teardown();
  if (dev) {
    const server = await dev;
    await server.stop();
    rmSync(server.dir, { recursive: true, force: true });
  }
}
