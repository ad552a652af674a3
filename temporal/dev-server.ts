import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { connect as tcpConnect } from 'node:net';
import { Connection } from '@temporalio/client';
import { resolveTemporalCli } from './cli-path';
import { CUSTOM_SEARCH_ATTRIBUTES } from './search-attributes';
import { claimDbFile, type DevServerLog } from './dev-server-lock';

export { pidFileOf } from './dev-server-lock';

export interface DevServerOptions {
  port: number;
  uiPort: number;
  /** SQLite file the dev server persists workflows in (survives restarts). */
  dbFile: string;
  namespace: string;
  cliPath?: string | null;
  /** Lines the server prints go here (default: dropped). */
  onLog?: (line: string) => void;
  /** What the launcher did that an operator should know (a stale server stopped, a server reused). */
  log?: DevServerLog;
  /**
   * The codec server the Web UI decrypts payloads with (`--ui-codec-endpoint`), e.g.
   * `http://localhost:3000/codec`: the browser calls `<endpoint>/decode` itself.
   */
  codecEndpoint?: string;
  /** Extra `start-dev` flags. */
  extraArgs?: string[];
  startTimeoutMs?: number;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  /** false when an already-running server on the port was reused. */
  started: boolean;
  /** The guard's pid (temporal/dev-server-guard.mjs): the leader of the server's process group. */
  pid: number | null;
  /** The `temporal` server process itself (null when reused and unknown). */
  serverPid: number | null;
  stop(): Promise<void>;
}

/** True when something accepts TCP connections on host:port. */
export function isListening(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const GUARD = join(__dirname, 'dev-server-guard.mjs');

async function waitUntilServing(address: string, namespace: string, child: ChildProcess | null, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`Temporal dev server exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`Temporal dev server not ready on ${address} after ${timeoutMs} ms: ${String(lastError)}`);
}

/**
 * Starts `temporal server start-dev` on a persistent SQLite file, or reuses a server already
 * listening on the port (a second `npm start`, or a developer's own dev server).
 */
export async function ensureDevServer(opts: DevServerOptions): Promise<DevServer> {
  const address = `127.0.0.1:${opts.port}`;
  const uiUrl = `http://localhost:${opts.uiPort}`;
  const timeoutMs = opts.startTimeoutMs ?? 30_000;
  const log: DevServerLog = opts.log ?? (() => undefined);
  const reused = (serverPid: number | null): DevServer => ({ address, uiUrl, started: false, pid: null, serverPid, stop: async () => undefined });
  mkdirSync(dirname(opts.dbFile), { recursive: true });
  // First the file: a server left by a crash holds it (and maybe the port) and must go.
  const claim = await claimDbFile({ dbFile: opts.dbFile, port: opts.port, log, listening: () => isListening(opts.port) });
  if (claim.kind === 'running') {
    log('info', `reusing the Temporal dev server already on ${opts.dbFile} (pid ${claim.serverPid}, ${claim.how})`);
    await waitUntilServing(address, opts.namespace, null, timeoutMs);
    return reused(claim.serverPid);
  }
  if (await isListening(opts.port)) {
    // Someone else's server (not on our file): use it as is, as before.
    claim.release();
    await waitUntilServing(address, opts.namespace, null, timeoutMs);
    return reused(null);
  }
  let cli: string;
  try {
    cli = resolveTemporalCli(opts.cliPath ?? null);
  } catch (err) {
    claim.release();
    throw err;
  }
  const args = [
    'server', 'start-dev',
    '--db-filename', opts.dbFile,
    '--ip', '127.0.0.1',
    '--port', String(opts.port),
    '--ui-port', String(opts.uiPort),
    '--namespace', opts.namespace,
    '--log-level', 'warn',
    // Measured (bench/reminders.ts, 2,000 reminders in 2 min): the default rollback journal with
    // synchronous=full puts p99 lateness at ~50 s; WAL + synchronous=normal brings it to ~0.5 s.
    // WAL survives a crash of the process (SIGKILL); only a power cut can lose the last commits.
    '--sqlite-pragma', 'journal_mode=wal',
    '--sqlite-pragma', 'synchronous=normal',
    ...CUSTOM_SEARCH_ATTRIBUTES.flatMap((a) => ['--search-attribute', `${a.name}=Keyword`]),
    ...(opts.codecEndpoint ? ['--ui-codec-endpoint', opts.codecEndpoint] : []),
    ...(opts.extraArgs ?? []),
  ];
  // Own process group: Ctrl-C in the terminal reaches us, and we stop the server last, after
  // the worker has drained, instead of it dying first under the worker's feet. The guard between
  // us and the server stops it when we die, even by SIGKILL (no handler of ours runs then).
  const child = spawn(process.execPath, [GUARD, cli, ...args], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true });
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const onExit = () => {
    killGroup();
    claim.release();
  };
  process.once('exit', onExit);
  child.once('exit', () => {
    process.removeListener('exit', onExit);
    claim.release();
  });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) opts.onLog?.(line);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  let serverPid: number | null = null;
  child.once('message', (m: { serverPid?: number }) => {
    serverPid = m.serverPid ?? null;
    claim.record({ guardPid: child.pid ?? null, serverPid });
    // The channel only tells the guard we are alive: it must not keep this process alive.
    child.channel?.unref();
  });
  claim.record({ guardPid: child.pid ?? null, serverPid: null });
  try {
    await waitUntilServing(address, opts.namespace, child, timeoutMs);
  } catch (err) {
    killGroup();
    throw err;
  }
  return {
    address,
    uiUrl,
    started: true,
    pid: child.pid ?? null,
    get serverPid() {
      return serverPid;
    },
    stop: () => stopGroup(child),
  };
}

/** Stops the guard (which stops the server); SIGKILL to the whole group if that takes over `graceMs`. */
function stopGroup(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
