/**
 * `npm run bench:task-sync`: the two-way task sync (services/integrations/task-sync.ts) of one
 * person's list with Microsoft To Do, through the real Graph code against the fake Graph server
 * on 127.0.0.1 (paged at 100 tasks, as Graph does), on SQLite (default) or PostgreSQL.
 *
 * Reports: the first sync of N local + N remote tasks (everything created on the other side),
 * no-op syncs (the 15-minute schedule's usual case: nothing changed) as p50/p90/p99, a sync after
 * a handful of changes on both sides, the Graph requests each made, and the process's RSS.
 *
 *   npm run bench:task-sync -- [--tasks 200] [--runs 30] [--changes 10] [--db sqlite|postgres]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ref } from '@mikro-orm/core';
import { createAccounts } from '../services/integrations/accounts';
import { createBreakers } from '../services/integrations/breaker';
import { integrationDeps } from '../services/integrations/deps';
import { todoTaskAdapter } from '../services/integrations/microsoft';
import { exchangeCode } from '../services/integrations/oauth';
import { createTaskSync, type SyncResult } from '../services/integrations/task-sync';
import { createLogger } from '../services/infra/logger';
import { loadConfig } from '../schemas/config';
import { openDatabase } from '../schemas/db';
import { Task, User } from '../schemas/entities';
import { startFakeGraph } from '../test/fakes/graph-server';
import { createTestDatabase } from '../test/helpers/databases';
import { distribution, formatMb, formatMs } from './lib/stats';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tasks: { type: 'string', default: '200' },
      runs: { type: 'string', default: '30' },
      changes: { type: 'string', default: '10' },
      db: { type: 'string', default: 'sqlite' },
    },
  });
  const tasks = Number(values.tasks);
  const runs = Number(values.runs);
  const changes = Math.min(Number(values.changes), tasks);
  if (![tasks, runs, changes].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--tasks, --runs and --changes must be positive whole numbers');
  if (values.db !== 'sqlite' && values.db !== 'postgres') throw new Error('--db is sqlite or postgres');

  const dir = mkdtempSync(join(tmpdir(), 'bench-task-sync-'));
  const graph = await startFakeGraph();
  const pg = values.db === 'postgres' ? await createTestDatabase('postgres') : null;
  const config = loadConfig({
    NODE_ENV: 'test', DATA_DIR: dir, PUBLIC_BASE_URL: 'http://127.0.0.1:9',
    MS_CLIENT_ID: graph.clientId, MS_CLIENT_SECRET: graph.clientSecret, MS_LOGIN_BASE_URL: graph.url, MS_GRAPH_BASE_URL: graph.url,
  });
  const orm = await openDatabase(pg ? pg.config : config.database, { migrate: true });
  try {
    const em = orm.em.fork();
    const user = new User({ phone: '+15145550100', assistantNumber: '+15145550199' });
    await em.persistAndFlush(user);

    // Connected the way the callback does it: a code from the consent page, exchanged for tokens.
    const integrations = integrationDeps(config);
    const accounts = createAccounts({ orm, integrations, logger: createLogger({ level: 'error', json: true, service: 'bench' }), notify: async () => undefined });
    const code = graph.issueCode({ challenge: null, redirectUri: `${config.publicBaseUrl}/oauth/microsoft/callback`, scope: 'offline_access Tasks.ReadWrite' });
    await accounts.save(user.id, 'microsoft', await exchangeCode({ provider: 'microsoft', config: integrations.config, publicBaseUrl: config.publicBaseUrl, code, codeVerifier: null, now: new Date() }));
    const sync = createTaskSync({ orm, integrations, accounts, breakers: createBreakers(), adapters: { microsoft: todoTaskAdapter(integrations.config) } });

    for (let i = 1; i <= tasks; i += 1) {
      em.persist(new Task({ user: ref(user), title: `tâche locale ${i}`, position: i }));
      graph.todo.add(`tâche To Do ${i}`);
    }
    await em.flush();
    const calls = () => graph.calls.length;
    const timed = async (): Promise<{ ms: number; result: SyncResult; requests: number }> => {
      const before = calls();
      const started = performance.now();
      const result = await sync.sync(user.id, 'microsoft');
      return { ms: performance.now() - started, result, requests: calls() - before };
    };

    log(`first sync: ${tasks} local and ${tasks} To Do tasks (${values.db})`);
    const first = await timed();
    const created = first.result.created;
    if (created.local !== tasks || created.remote !== tasks) throw new Error(`first sync created ${JSON.stringify(created)}`);

    log(`${runs} no-op syncs`);
    const noop: number[] = [];
    let noopRequests = 0;
    for (let i = 0; i < runs; i += 1) {
      const run = await timed();
      if (run.result.created.local + run.result.created.remote + run.result.updated.local + run.result.updated.remote > 0) throw new Error('a no-op sync changed something');
      noop.push(run.ms);
      noopRequests = run.requests;
    }

    log(`${changes} changes on each side`);
    const edits = em.fork();
    const mine = await edits.find(Task, { user: user.id }, { orderBy: { position: 'asc' }, limit: changes });
    for (const t of mine) {
      t.status = 'done';
      t.completedAt = new Date();
    }
    await edits.flush();
    for (let i = 1; i <= changes; i += 1) graph.todo.rename(`tâche To Do ${i}`, `tâche To Do ${i} (modifiée)`);
    const changed = await timed();
    if (changed.result.updated.local !== changes || changed.result.updated.remote !== changes) throw new Error(`the changed sync updated ${JSON.stringify(changed.result.updated)}`);
    const rss = process.memoryUsage().rss;

    const d = distribution(noop);
    const total = 2 * tasks;
    process.stdout.write(
      [
        `task sync with Microsoft To Do (fake Graph, real client code), ${values.db}, ${total} tasks after the first sync`,
        `  first sync (${tasks} created each way):  ${formatMs(first.ms)}  (${first.requests} Graph requests)`,
        `  no-op sync ×${runs}:  p50 ${formatMs(d.p50)}  p90 ${formatMs(d.p90)}  p99 ${formatMs(d.p99)}  max ${formatMs(d.max)}  (${noopRequests} Graph requests each)`,
        `  sync after ${changes}+${changes} changes:  ${formatMs(changed.ms)}  (updated local ${changed.result.updated.local}, remote ${changed.result.updated.remote}; ${changed.requests} requests)`,
        `  RSS ${formatMb(rss)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await orm.close();
    await pg?.drop();
    await graph.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
