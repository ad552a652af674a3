import { closeSync, existsSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * One Temporal dev server per SQLite file, ever. Two servers on one file both start (SQLite lets
 * them), fight over the history shard and serve stale state: a signal accepted by one can be
 * missing from what the other shows. `<db>.pid` is the lock: created exclusively by the process
 * that starts the server, holding who owns it and the server's pid, removed on a clean stop.
 */
export interface DevServerPidFile {
  /** The process that started the server (`npm start`, a test). */
  ownerPid: number;
  /** The guard (temporal/dev-server-guard.mjs), leader of the server's process group. */
  guardPid: number | null;
  serverPid: number | null;
  port: number;
  dbFile: string;
  startedAt: string;
}

export type DevServerLog = (level: 'info' | 'warn', message: string) => void;

export type Claim =
  | { kind: 'owned'; pidFile: string; record(info: Pick<DevServerPidFile, 'guardPid' | 'serverPid'>): void; release(): void }
  /** A live server on this file that we may use: another running owner's, or one without a pid file on our port. */
  | { kind: 'running'; serverPid: number; how: string };

export const pidFileOf = (dbFile: string) => `${resolve(dbFile)}.pid`;

export function isAlive(pid: number | null | undefined): pid is number {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The db file a `temporal server start-dev` process serves, or null if `pid` is not one (Linux: /proc). */
function dbFileServedBy(pid: number): string | null {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    // The guard's argv holds the server's too: only the server itself counts.
    if (!argv.includes('start-dev') || argv.some((a) => a.endsWith('dev-server-guard.mjs'))) return null;
    const i = argv.indexOf('--db-filename');
    const file = i >= 0 ? argv[i + 1] : undefined;
    if (!file) return null;
    return resolve(readlinkSync(`/proc/${pid}/cwd`), file);
  } catch {
    return null;
  }
}

const HAS_PROC = existsSync('/proc/self/cmdline');

/** `pid` is (still) the dev server on `dbFile`, not a recycled pid. Without /proc, a live pid is trusted. */
function isServerOn(pid: number | null, dbFile: string): pid is number {
  if (!isAlive(pid) || isZombie(pid)) return false;
  return HAS_PROC ? dbFileServedBy(pid) === dbFile : true;
}

/** A live node process (after a reboot a recycled pid is something else, and the lock is stale). */
function isNodeProcess(pid: number): boolean {
  if (!isAlive(pid) || isZombie(pid)) return false;
  if (!HAS_PROC) return true;
  try {
    return /node|tsx/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '');
  } catch {
    return false;
  }
}

function isGuard(pid: number | null): pid is number {
  if (!isAlive(pid) || isZombie(pid)) return false;
  if (!HAS_PROC) return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dev-server-guard');
  } catch {
    return false;
  }
}

/** Every live dev server process on `dbFile` (Linux; elsewhere only the pid file is known). */
export function serversOn(dbFile: string): number[] {
  if (!HAS_PROC) return [];
  const target = resolve(dbFile);
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid !== process.pid && dbFileServedBy(pid) === target) found.push(pid);
  }
  return found;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when every pid is gone. */
export async function killAndWait(pids: number[], graceMs = 10_000): Promise<void> {
  const live = () => pids.filter((p) => isAlive(p) && !isZombie(p));
  for (const p of live()) process.kill(p, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (live().length > 0) {
    if (Date.now() > deadline) for (const p of live()) process.kill(p, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
  }
}

function isZombie(pid: number): boolean {
  try {
    return / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ''));
  } catch {
    return false;
  }
}

function readPidFile(path: string): DevServerPidFile | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DevServerPidFile;
  } catch {
    return null;
  }
}

/**
 * Takes the lock on `dbFile` before a server is started on it. A pid file left by a process that
 * is gone (SIGKILL, power cut) is stale: its server, if still running, is stopped first and a
 * line says so. A live owner's server is `running` (reused, as a second `npm start` does); so is
 * a server started by hand on this file and listening on our port. Anything else on the file
 * stops the start with a message: never a second server.
 */
export async function claimDbFile(opts: { dbFile: string; port: number; log: DevServerLog; listening: () => Promise<boolean> }): Promise<Claim> {
  const pidFile = pidFileOf(opts.dbFile);
  const dbFile = resolve(opts.dbFile);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const mine: DevServerPidFile = { ownerPid: process.pid, guardPid: null, serverPid: null, port: opts.port, dbFile, startedAt: new Date().toISOString() };
    let fd: number;
    try {
      fd = openSync(pidFile, 'wx', 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const held = readPidFile(pidFile);
      if (!held) {
        // Being written by a concurrent start, or torn by a crash: look again, then treat as stale.
        await new Promise((r) => setTimeout(r, 200));
        if (attempt >= 2) unlinkSync(pidFile);
        continue;
      }
      const serverPid = isServerOn(held.serverPid, dbFile) ? held.serverPid : null;
      const serverUp = serverPid !== null;
      const self = held.ownerPid === process.pid;
      const ownerUp = self || isNodeProcess(held.ownerPid);
      if (serverPid !== null && ownerUp && held.port === opts.port) {
        return { kind: 'running', serverPid, how: `started by pid ${held.ownerPid}, still running` };
      }
      if (self ? serverUp : ownerUp) {
        throw new Error(
          `${dbFile} belongs to the Temporal dev server of a running process (pid ${held.ownerPid}, port ${held.port}): ` +
            'stop it, or give this one another DATA_DIR',
        );
      }
      const leftovers = [isServerOn(held.serverPid, dbFile) ? held.serverPid : null, isGuard(held.guardPid) ? held.guardPid : null]
        .filter((p): p is number => p !== null);
      if (leftovers.length > 0) {
        opts.log('warn', `stopping the Temporal dev server left running by an earlier crash (pid ${leftovers.join(', ')}, started ${held.startedAt} by pid ${held.ownerPid}, which is gone) on ${dbFile}`);
        await killAndWait(leftovers);
        opts.log('info', `stale Temporal dev server stopped; starting a fresh one on ${dbFile}`);
      } else {
        opts.log('info', `removed a stale ${pidFile} (pid ${held.ownerPid} ended without stopping its dev server, which is gone too)`);
      }
      unlinkSync(pidFile);
      continue;
    }
    writeSync(fd, JSON.stringify(mine));
    closeSync(fd);
    // A server on this file the pid file does not know (started by hand, or by a version without it).
    const strangers = serversOn(dbFile);
    if (strangers.length > 0) {
      unlinkSync(pidFile);
      if (await opts.listening()) return { kind: 'running', serverPid: strangers[0]!, how: 'found running on this file' };
      throw new Error(`${dbFile} is already open by a Temporal server (pid ${strangers.join(', ')}) not listening on port ${opts.port}: stop it first`);
    }
    return {
      kind: 'owned',
      pidFile,
      record(info) {
        Object.assign(mine, info);
        // Atomic: a reader never sees half a file.
        writeFileSync(`${pidFile}.tmp`, JSON.stringify(mine));
        renameSync(`${pidFile}.tmp`, pidFile);
      },
      release() {
        if (readPidFile(pidFile)?.ownerPid === process.pid) unlinkSync(pidFile);
      },
    };
  }
  throw new Error(`could not take ${pidFile}: it keeps changing (another start on the same DATA_DIR?)`);
}
