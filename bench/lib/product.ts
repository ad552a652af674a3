import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { hostCpu, isAlive, killSurvivors, processTree, signal, usage, type ProcId } from './proc';

/**
 * The real product as a child process, started exactly like `npm start` does
 * (`tsx workers/embedded.ts`) in its own process group, so the benchmark can signal the whole
 * group (tsx and the node it spawns) like Ctrl-C in a terminal would.
 */
export interface UsageSample {
  /** Seconds since the product was spawned. */
  at: number;
  /** tsx and the node process it runs, summed (the whole tree minus the Temporal dev server). */
  productBytes: number;
  temporalBytes: number;
  /** Cumulative CPU seconds of the same two groups of processes. */
  productCpuS: number;
  temporalCpuS: number;
  /** This benchmark process (load generator and fake Twilio): it shares the machine. */
  benchCpuS: number;
  /** The whole machine, all cores summed: busy and total CPU seconds since boot. */
  hostBusyS: number;
  hostTotalS: number;
}

export interface StopResult {
  clean: boolean;
  exitCode: number | null;
  exitSignal: string | null;
  ms: number;
  /** Processes still alive after the grace period and SIGKILLed by us. */
  killed: string[];
}

export interface Product {
  pid: number;
  baseUrl: string;
  waitReady(timeoutMs: number): Promise<void>;
  sampleUsage(): Promise<UsageSample>;
  /** Warn/error lines the product logged since `markLogs()`, grouped by message. */
  warnings(): Map<string, number>;
  markLogs(): void;
  logTail(): string;
  stop(graceMs: number): Promise<StopResult>;
  /** Synchronous last resort for process 'exit': SIGKILL everything we ever saw. */
  killNow(): void;
}

const TAIL_LINES = 40;
const ANSI = /\x1b\[[0-9;]*m/g;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function startProduct(opts: { root: string; env: NodeJS.ProcessEnv; baseUrl: string }): Product {
  const child = spawn(join(opts.root, 'node_modules/.bin/tsx'), ['workers/embedded.ts'], {
    cwd: opts.root,
    env: opts.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn the product (tsx workers/embedded.ts)');
  const spawnedAt = Date.now();
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, sig) => resolve({ code, signal: sig })),
  );
  // Every process seen in the tree, kept after it leaves it: the Temporal dev server runs in its
  // own process group (kill(-pid) misses it) and is orphaned if the product dies abruptly.
  const known = new Map<string, ProcId>();
  const logs = captureLogs(child);

  async function refreshTree(): Promise<ProcId[]> {
    const tree = await processTree(pid!);
    for (const p of tree) known.set(`${p.pid}:${p.startTime}`, p);
    return tree;
  }

  return {
    pid,
    baseUrl: opts.baseUrl,
    async waitReady(timeoutMs) {
      await waitReady(opts.baseUrl, exited, timeoutMs, logs.tail);
      await refreshTree();
    },
    async sampleUsage() {
      const tree = await refreshTree();
      const temporal = temporalSubtree(tree);
      const [usages, host] = await Promise.all([
        Promise.all(tree.map(async (p) => ({ p, u: await usage(p.pid) }))),
        hostCpu(),
      ]);
      const own = process.cpuUsage();
      const sample = {
        at: (Date.now() - spawnedAt) / 1000,
        productBytes: 0,
        temporalBytes: 0,
        productCpuS: 0,
        temporalCpuS: 0,
        benchCpuS: (own.user + own.system) / 1e6,
        hostBusyS: host.busyS,
        hostTotalS: host.totalS,
      };
      for (const { p, u } of usages) {
        if (temporal.has(p.pid)) {
          sample.temporalBytes += u.rssBytes;
          sample.temporalCpuS += u.cpuSeconds;
        } else {
          sample.productBytes += u.rssBytes;
          sample.productCpuS += u.cpuSeconds;
        }
      }
      return sample;
    },
    warnings: () => logs.counts,
    markLogs: () => logs.counts.clear(),
    logTail: () => logs.tail().join('\n'),
    async stop(graceMs) {
      const tree = await refreshTree().catch(() => []);
      const started = Date.now();
      // tsx re-sends a SIGINT to its child unless the child acknowledges it within 30 ms, so a
      // whole-group SIGINT (what Ctrl-C does) can reach a busy product twice, and the second one
      // exits it at once (code 130) without draining. The node process running embedded.ts gets
      // exactly one this way; tsx then exits with its code.
      const node = tree.find((p) => p.ppid === pid && p.comm === 'node');
      signal(node ? node.pid : -pid, 'SIGINT');
      const exit = await Promise.race([exited, sleep(graceMs).then(() => null)]);
      if (!exit) signal(-pid, 'SIGKILL');
      // A process SIGKILLed by the product's own exit handler may take a moment to die.
      await waitGone([...known.values()], 2000);
      const killed = killSurvivors(known.values()).map((p) => `${p.comm} (${p.pid})`);
      const final = exit ?? (await exited);
      return {
        clean: exit !== null && exit.code === 0 && killed.length === 0,
        exitCode: final.code,
        exitSignal: final.signal,
        ms: Date.now() - started,
        killed,
      };
    },
    killNow() {
      signal(-pid, 'SIGKILL');
      killSurvivors(known.values());
    },
  };
}

async function waitGone(procs: ProcId[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (procs.some(isAlive) && Date.now() < deadline) await sleep(50);
}

/** The Temporal CLI process (`temporal server start-dev`) and anything it spawned. */
function temporalSubtree(tree: ProcId[]): Set<number> {
  const out = new Set<number>();
  // processTree lists parents before children, so one pass finds every descendant.
  for (const p of tree) if (p.comm === 'temporal' || out.has(p.ppid)) out.add(p.pid);
  return out;
}

/** Keeps the last lines of output for error reports, and counts warn/error lines by message. */
function captureLogs(child: ChildProcess): { tail: () => string[]; counts: Map<string, number> } {
  const lines: string[] = [];
  const counts = new Map<string, number>();
  const onLine = (line: string, isStderr: boolean) => {
    const clean = line.replace(ANSI, '').trimEnd();
    if (!clean) return;
    lines.push(clean);
    if (lines.length > TAIL_LINES) lines.shift();
    // The product logs warn and error to stderr, as "HH:MM:SS level [service] message {meta}".
    if (isStderr) {
      const key = clean.replace(/^\d\d:\d\d:\d\d /, '').replace(/ \{.*$/, '');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  };
  for (const [stream, isStderr] of [[child.stdout, false], [child.stderr, true]] as const) {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) onLine(line, isStderr);
    });
  }
  return { tail: () => [...lines], counts };
}

async function waitReady(
  baseUrl: string,
  exited: Promise<{ code: number | null; signal: string | null }>,
  timeoutMs: number,
  tail: () => string[],
): Promise<void> {
  let exit: { code: number | null; signal: string | null } | null = null;
  void exited.then((e) => (exit = e));
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (exit) {
      const e: { code: number | null; signal: string | null } = exit;
      throw new Error(`the product exited (code ${e.code}, signal ${e.signal}) before /readyz answered 200:\n${tail().join('\n')}`);
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) {
        await res.arrayBuffer();
        return;
      }
      last = `HTTP ${res.status}: ${await res.text()}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(250);
  }
  throw new Error(`/readyz not 200 after ${timeoutMs} ms (last: ${last}):\n${tail().join('\n')}`);
}
