import { spawn } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { resolveTemporalCli } from '../../temporal/cli-path';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../temporal/search-attributes';
import { signal } from './proc';

/**
 * A Temporal dev server started by the bench itself, for experiments the product cannot be asked
 * for (extra `start-dev` flags, in-memory SQLite): started on the port the product will use, the
 * product finds it listening and reuses it (temporal/dev-server.ts), exactly as a second
 * `npm start` would. Same flags as the product's own, plus `extraArgs`.
 */
export interface BenchDevServer {
  pid: number;
  metricsUrl: string;
  stop(): Promise<void>;
  killNow(): void;
}

export async function startDevServer(opts: {
  port: number;
  uiPort: number;
  metricsPort: number;
  /** null: in memory (no --db-filename). */
  dbFile: string | null;
  namespace: string;
  extraArgs: string[];
  timeoutMs: number;
  onLog?: (line: string) => void;
}): Promise<BenchDevServer> {
  const args = [
    'server', 'start-dev',
    ...(opts.dbFile ? ['--db-filename', opts.dbFile] : []),
    '--ip', '127.0.0.1',
    '--port', String(opts.port),
    '--ui-port', String(opts.uiPort),
    '--metrics-port', String(opts.metricsPort),
    '--namespace', opts.namespace,
    '--log-level', 'warn',
    ...CUSTOM_SEARCH_ATTRIBUTES.flatMap((a) => ['--search-attribute', `${a.name}=Keyword`]),
    ...opts.extraArgs,
  ];
  const child = spawn(resolveTemporalCli(), args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn the Temporal dev server');
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) opts.onLog?.(line);
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  const killNow = () => signal(-pid, 'SIGKILL');
  const address = `127.0.0.1:${opts.port}`;
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Temporal dev server exited with code ${child.exitCode} (args: ${args.join(' ')})`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: opts.namespace });
        break;
      } finally {
        await connection.close();
      }
    } catch (err) {
      if (Date.now() > deadline) {
        killNow();
        throw new Error(`the Temporal dev server was not ready after ${opts.timeoutMs} ms: ${String(err)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    pid,
    metricsUrl: `http://127.0.0.1:${opts.metricsPort}/metrics`,
    async stop() {
      signal(-pid, 'SIGTERM');
      const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
      if (!done) killNow();
    },
    killNow,
  };
}
