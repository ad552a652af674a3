import { readdir, readFile, readlink } from 'node:fs/promises';

/**
 * The Temporal dev server's own Prometheus metrics. `temporal server start-dev` always serves
 * them (on a random port unless --metrics-port is given), so the bench finds the port among the
 * sockets the process listens on, and compares two scrapes to see what the server was busy with.
 */
export type Scrape = Map<string, number>;

/** TCP ports a process listens on (from its socket inodes and /proc/net/tcp{,6}). */
export async function listeningPorts(pid: number): Promise<number[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const m = /^socket:\[(\d+)\]$/.exec(target);
    if (m) inodes.add(m[1]!);
  }
  const ports = new Set<number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address rem_address st … inode: st 0A is LISTEN
      if (f[3] === '0A' && f[9] && inodes.has(f[9])) ports.add(parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** The /metrics URL of a Temporal server process, or null if none of its ports serves it. */
export async function findMetricsUrl(pid: number, skip: number[]): Promise<string | null> {
  for (const port of await listeningPorts(pid)) {
    if (skip.includes(port)) continue;
    const url = `http://127.0.0.1:${port}/metrics`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1500) });
      const text = await res.text();
      if (res.status === 200 && text.includes('persistence_requests')) return url;
    } catch {
      // a gRPC port, or not HTTP at all
    }
  }
  return null;
}

/** Keeps the series the summary needs, keyed `name|operation|service_name`. */
const WANTED = /^(persistence_requests|persistence_latency_(sum|count)|visibility_persistence_latency_(sum|count)|service_latency_(sum|count)|dd_shard_io_semaphore_latency_(sum|count)|lock_latency_(sum|count)|semaphore_latency_(sum|count)|task_latency_queue_(sum|count)|task_latency_schedule_(sum|count)|history_workflow_execution_cache_lock_hold_duration_(sum|count)|cache_miss|cache_requests|poll_success|poll_success_sync|poll_timeouts)$/;

export async function scrape(url: string): Promise<Scrape> {
  const out: Scrape = new Map();
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m || !WANTED.test(m[1]!)) continue;
    const labels = m[2] ?? '';
    const op = /(?:^|,)operation="([^"]*)"/.exec(labels)?.[1] ?? '';
    const service = /(?:^|,)service_name="([^"]*)"/.exec(labels)?.[1] ?? '';
    const key = `${m[1]}|${op}|${service}`;
    out.set(key, (out.get(key) ?? 0) + Number(m[3]));
  }
  return out;
}

export interface OpLatency {
  operation: string;
  service: string;
  perS: number;
  meanMs: number;
  /** Σ latency / wall time, in %: > 100 means requests overlap (queue) on a resource. */
  busyPct: number;
}

export interface ServerMetrics {
  seconds: number;
  persistence: { perS: number; meanMs: number; busyPct: number; top: OpLatency[] };
  visibility: { perS: number; meanMs: number };
  shardIoSemaphore: { perS: number; meanMs: number };
  shardLock: { perS: number; meanMs: number };
  /** History task queues (timers, transfers…): time a task waited to be processed. */
  historyTaskQueue: OpLatency[];
  /** Frontend/history/matching RPCs, slowest first. */
  services: OpLatency[];
  workflowCacheMissPct: number | null;
}

function delta(before: Scrape, after: Scrape, name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, value] of after) {
    const [n, op, svc] = key.split('|');
    if (n !== name) continue;
    out.set(`${op}|${svc}`, value - (before.get(key) ?? 0));
  }
  return out;
}

function latencies(before: Scrape, after: Scrape, base: string, seconds: number): OpLatency[] {
  const sums = delta(before, after, `${base}_sum`);
  const counts = delta(before, after, `${base}_count`);
  const out: OpLatency[] = [];
  for (const [key, count] of counts) {
    if (count <= 0) continue;
    const [operation, service] = key.split('|') as [string, string];
    const sum = sums.get(key) ?? 0;
    out.push({
      operation,
      service,
      perS: round(count / seconds),
      meanMs: round((sum / count) * 1000),
      busyPct: Math.round((sum / seconds) * 100),
    });
  }
  return out;
}

const round = (v: number) => Math.round(v * 10) / 10;

function total(ops: OpLatency[], seconds: number): { perS: number; meanMs: number; busyPct: number } {
  const count = ops.reduce((n, o) => n + o.perS * seconds, 0);
  const sum = ops.reduce((n, o) => n + (o.meanMs / 1000) * o.perS * seconds, 0);
  return { perS: round(count / seconds), meanMs: count > 0 ? round((sum / count) * 1000) : 0, busyPct: Math.round((sum / seconds) * 100) };
}

export function summarize(before: Scrape, after: Scrape, seconds: number): ServerMetrics {
  const persistence = latencies(before, after, 'persistence_latency', seconds);
  const visibility = total(latencies(before, after, 'visibility_persistence_latency', seconds), seconds);
  const shardIo = total(latencies(before, after, 'dd_shard_io_semaphore_latency', seconds), seconds);
  const shardLock = total(latencies(before, after, 'lock_latency', seconds), seconds);
  const misses = [...delta(before, after, 'cache_miss')].filter(([k]) => k.startsWith('HistoryCache')).reduce((n, [, v]) => n + v, 0);
  const requests = [...delta(before, after, 'cache_requests')].filter(([k]) => k.startsWith('HistoryCache')).reduce((n, [, v]) => n + v, 0);
  const byTotal = (a: OpLatency, b: OpLatency) => b.busyPct - a.busyPct || b.perS - a.perS;
  return {
    seconds: round(seconds),
    persistence: { ...total(persistence, seconds), top: persistence.sort(byTotal).slice(0, 8) },
    visibility: { perS: visibility.perS, meanMs: visibility.meanMs },
    shardIoSemaphore: { perS: shardIo.perS, meanMs: shardIo.meanMs },
    shardLock: { perS: shardLock.perS, meanMs: shardLock.meanMs },
    historyTaskQueue: latencies(before, after, 'task_latency_queue', seconds).sort(byTotal).slice(0, 6),
    services: latencies(before, after, 'service_latency', seconds)
      .filter((o) => !/^Poll/.test(o.operation) && o.perS >= 0.5)
      .sort(byTotal)
      .slice(0, 10),
    workflowCacheMissPct: requests > 0 ? round((misses / requests) * 100) : null,
  };
}
