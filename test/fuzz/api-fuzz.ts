/**
 * `npm run fuzz`: schemathesis against the real product, driven by its own /openapi.json.
 *
 * Starts the test stack (api + worker on the Temporal dev server, a fresh database, the fake
 * Twilio), serves a second api on it with rate limits out of the way, creates a user and mints
 * an access token, then runs `st run` from the project venv (.venv/bin/st, pip-installed at the
 * pinned version on first use). Exits non-zero when schemathesis finds a failure.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ref } from '@mikro-orm/core';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createMemoryStore } from '../../services/infra/kv';
import { createLogger } from '../../services/infra/logger';
import { signAccessToken } from '../../api/auth/tokens';
import { startApi } from '../../api/http-server';
import { stopTemporalServers } from '../helpers/temporal';
import { freePort } from '../helpers/ports';
import { startStack } from '../helpers/stack';
import { Memory, User } from '../../schemas/entities';

// The worker's own state changes are noise here.
Runtime.install({ logger: new DefaultLogger('WARN') });

export const SCHEMATHESIS_VERSION = '4.32.5';
const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, '.venv', 'bin');

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    'max-examples': { type: 'string', default: '30' },
    checks: { type: 'string', default: 'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,use_after_free,ignored_auth' },
    phases: { type: 'string', default: 'examples,coverage,fuzzing,stateful' },
    'max-time': { type: 'string' },
    seed: { type: 'string' },
  },
});

function ensureSchemathesis(): string {
  const st = join(BIN, 'st');
  const installed = existsSync(st) ? execFileSync(st, ['--version'], { encoding: 'utf8' }).trim() : '';
  if (installed.endsWith(SCHEMATHESIS_VERSION)) return st;
  if (!existsSync(join(BIN, 'pip'))) throw new Error('No project venv (.venv): run `npm install` first (it creates .venv for the Temporal CLI).');
  process.stderr.write(`installing schemathesis==${SCHEMATHESIS_VERSION} into .venv …\n`);
  execFileSync(join(BIN, 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`], { stdio: 'inherit' });
  return st;
}

async function main(): Promise<number> {
  const st = ensureSchemathesis();
  const db = args.db === 'postgres' ? 'postgres' : 'sqlite';
  const stack = await startStack({ db });
  const port = await freePort();
  const logger = createLogger({ level: 'error', json: true, service: 'fuzz' });
  const kv = createMemoryStore();
  const config = { ...stack.config, api: { ...stack.config.api, rateLimits: { perIpPerMinute: 1_000_000, perUserPerMinute: 1_000_000 } } };
  const api = await startApi({ config, orm: stack.orm, kv, temporal: stack.temporal, logger }, port, '127.0.0.1');
  try {
    const user = await stack.addUser({ language: 'fr' });
    // Memories are only created by conversation: seed a few so GET/DELETE /memories/{id} find ids.
    const em = stack.orm.em.fork();
    for (const text of ['le code de mon casier est 4821', 'ma voiture est au niveau 3', 'le wifi du bureau est tdah2026']) {
      em.persist(new Memory({ user: ref(em.getReference(User, user.id)), text }));
    }
    await em.flush();
    const token = signAccessToken(stack.config.auth.jwtSecret, user.id, 'user', 3600);
    const stArgs = [
      'run', `http://127.0.0.1:${port}/openapi.json`,
      '--header', `Authorization: Bearer ${token}`,
      '--checks', args.checks!,
      '--phases', args.phases!,
      '--max-examples', args['max-examples']!,
      '--workers', '2',
      '--request-timeout', '40',
      '--suppress-health-check', 'too_slow,filter_too_much',
      '--report', 'junit', '--report-dir', join(ROOT, '.data', 'fuzz'),
      ...(args['max-time'] ? ['--max-time', args['max-time']] : []),
      ...(args.seed ? ['--seed', args.seed] : []),
    ];
    process.stderr.write(`fuzzing http://127.0.0.1:${port} (${db}) as user ${user.id}\n`);
    const started = Date.now();
    // Run from .data/fuzz: schemathesis keeps its cache (.schemathesis/) in its working directory.
    const workDir = join(ROOT, '.data', 'fuzz');
    mkdirSync(workDir, { recursive: true });
    const code = await new Promise<number>((done) => {
      const child = spawn(st, stArgs, { cwd: workDir, stdio: 'inherit', env: { ...process.env, NO_COLOR: '1' } });
      child.once('exit', (c) => done(c ?? 1));
    });
    process.stderr.write(`schemathesis exited ${code} after ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    return code;
  } finally {
    await api.close(1000);
    await kv.close();
    await stack.close();
    await stopTemporalServers();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`fuzz crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
