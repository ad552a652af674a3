import { readdir, readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Linux /proc helpers for the benchmarks: who descends from a pid, how much memory they hold,
 * and killing them safely later. A process is named by pid *and* start time, so a pid the
 * kernel recycled after the process died is never mistaken for it (and never killed).
 */
export interface ProcId {
  pid: number;
  /** Parent when last seen (orphans are re-parented, so only meaningful at that moment). */
  ppid: number;
  /** Field 22 of /proc/<pid>/stat, in clock ticks since boot: unique together with the pid. */
  startTime: string;
  comm: string;
}

interface StatLine {
  ppid: number;
  startTime: string;
  comm: string;
}

/** Parses /proc/<pid>/stat; comm sits in parentheses and may itself contain spaces or ')'. */
function parseStat(text: string): StatLine | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < 0) return null;
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  const ppid = Number(fields[1]);
  const startTime = fields[19];
  if (!Number.isInteger(ppid) || startTime === undefined) return null;
  return { ppid, startTime, comm: text.slice(open + 1, close) };
}

async function readStat(pid: number): Promise<StatLine | null> {
  try {
    return parseStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null; // exited between listing and reading
  }
}

/** The process rooted at `root` and all its descendants (children, grandchildren…), root first. */
export async function processTree(root: number): Promise<ProcId[]> {
  const names = await readdir('/proc');
  const stats = await Promise.all(
    names.filter((n) => /^\d+$/.test(n)).map(async (n) => ({ pid: Number(n), stat: await readStat(Number(n)) })),
  );
  const children = new Map<number, ProcId[]>();
  let rootId: ProcId | null = null;
  for (const { pid, stat } of stats) {
    if (!stat) continue;
    const id = { pid, ppid: stat.ppid, startTime: stat.startTime, comm: stat.comm };
    if (pid === root) rootId = id;
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push(id);
    children.set(stat.ppid, siblings);
  }
  if (!rootId) return [];
  const out: ProcId[] = [];
  const queue = [rootId];
  for (let p = queue.shift(); p; p = queue.shift()) {
    out.push(p);
    queue.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

/** Kernel clock ticks per second (USER_HZ): 100 on every mainstream Linux build. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface Usage {
  /** Resident memory (VmRSS) in bytes. */
  rssBytes: number;
  /** User + system CPU time consumed since the process started, in seconds. */
  cpuSeconds: number;
}

/** Memory and CPU time of one process; zeros when it is gone. */
export async function usage(pid: number): Promise<Usage> {
  try {
    const [status, stat] = await Promise.all([
      readFile(`/proc/${pid}/status`, 'utf8'),
      readFile(`/proc/${pid}/stat`, 'utf8'),
    ]);
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    // utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    return { rssBytes: kb ? Number(kb) * 1024 : 0, cpuSeconds: ticks / CLOCK_TICKS };
  } catch {
    return { rssBytes: 0, cpuSeconds: 0 };
  }
}

/** True while that very process (same pid, same start time) exists and is not a zombie. */
export function isAlive(p: ProcId): boolean {
  try {
    const text = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
    const stat = parseStat(text);
    const state = text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
    return stat !== null && stat.startTime === p.startTime && state !== 'Z';
  } catch {
    return false;
  }
}

/** Sends a signal, ignoring "no such process": whatever we kill may have exited on its own. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** SIGKILLs the processes in `procs` that are still the ones we saw (synchronous: usable in 'exit'). */
export function killSurvivors(procs: Iterable<ProcId>): ProcId[] {
  const killed: ProcId[] = [];
  for (const p of procs) {
    if (p.pid === process.pid || !isAlive(p)) continue;
    signal(p.pid, 'SIGKILL');
    killed.push(p);
  }
  return killed;
}

/** CPU seconds the whole machine spent busy, and in total, since boot (all cores summed). */
export async function hostCpu(): Promise<{ busyS: number; totalS: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n', 1)[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal …: idle and iowait are the idle ones.
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busyS: (total - idle) / CLOCK_TICKS, totalS: total / CLOCK_TICKS };
}
