import { availableParallelism } from 'node:os';
import { hostCpu, processTree, usage } from './proc';
import { round } from './stats';

/**
 * Memory and CPU of the two sides of a scheduler under test, sampled every second: the
 * "worker" (what the Node user runs: the product, or a BullMQ worker) and the "server" it
 * relies on (the Temporal dev server, or Redis).
 */
export interface SideSample {
  /** Seconds, on any clock that only moves forward (differences are what count). */
  at: number;
  /** Wall clock (ms since epoch) of the sample, to cut the run into phases. */
  wallMs: number;
  workerBytes: number;
  serverBytes: number;
  /** Cumulative CPU seconds. */
  workerCpuS: number;
  serverCpuS: number;
  /** This benchmark process (scheduling client, fake Twilio). */
  benchCpuS: number;
  /** The whole machine, all cores summed. */
  hostBusyS: number;
  hostTotalS: number;
}

/** A process tree (the root and its descendants) and, optionally, one more process, e.g. Redis. */
export async function sampleTrees(workerRoot: number, serverPid: number | null): Promise<SideSample> {
  const tree = await processTree(workerRoot);
  const [workers, server, host] = await Promise.all([
    Promise.all(tree.map((p) => usage(p.pid))),
    serverPid === null ? Promise.resolve({ rssBytes: 0, cpuSeconds: 0 }) : usage(serverPid),
    hostCpu(),
  ]);
  const own = process.cpuUsage();
  return {
    at: performance.now() / 1000,
    wallMs: Date.now(),
    workerBytes: workers.reduce((n, u) => n + u.rssBytes, 0),
    serverBytes: server.rssBytes,
    workerCpuS: workers.reduce((n, u) => n + u.cpuSeconds, 0),
    serverCpuS: server.cpuSeconds,
    benchCpuS: (own.user + own.system) / 1e6,
    hostBusyS: host.busyS,
    hostTotalS: host.totalS,
  };
}

/** Samples every second without overlapping reads; the first sample is the idle baseline. */
export function startSampler(take: () => Promise<SideSample>): { samples: SideSample[]; stop: () => Promise<void>; cancel: () => void } {
  const samples: SideSample[] = [];
  let busy: Promise<void> | null = null;
  const once = () => {
    busy ??= take()
      .then((s) => void samples.push(s))
      .catch(() => undefined)
      .finally(() => (busy = null));
    return busy;
  };
  void once();
  const timer = setInterval(() => void once(), 1000);
  return {
    samples,
    async stop() {
      clearInterval(timer);
      await busy;
      await once();
    },
    cancel: () => clearInterval(timer),
  };
}

export interface PhaseUsage {
  /** RSS, bytes: highest sample of the phase. */
  workerRssMax: number | null;
  serverRssMax: number | null;
  /** CPU in % of one core, averaged over the phase (and the highest 1 s value). */
  workerCpuAvg: number | null;
  workerCpuPeak: number | null;
  serverCpuAvg: number | null;
  serverCpuPeak: number | null;
  benchCpuAvg: number | null;
  /** The whole machine, in % of all cores. */
  hostCpuAvg: number | null;
  hostCpuPeak: number | null;
  /** Everything else on the machine (other processes), in % of one core: noise in the figures when high. */
  otherCpuAvg: number | null;
  seconds: number | null;
}

/** Usage between two wall-clock instants (the samples that fall inside, plus the one just before). */
export function phaseUsage(all: SideSample[], fromMs: number, toMs: number): PhaseUsage {
  const firstInside = all.findIndex((s) => s.wallMs >= fromMs);
  const start = firstInside <= 0 ? 0 : firstInside - 1;
  const samples = all.slice(start).filter((s, i) => i === 0 || s.wallMs <= toMs);
  const pick = (f: (s: SideSample) => number) => (samples.length > 0 ? Math.max(...samples.map(f)) : null);
  const cpu = (used: (s: SideSample) => number, elapsed: (s: SideSample) => number = (s) => s.at) => {
    const pct = (a: SideSample, b: SideSample) => ((used(b) - used(a)) / (elapsed(b) - elapsed(a))) * 100;
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (!first || !last || elapsed(last) <= elapsed(first)) return { avg: null, peak: null };
    let peak = 0;
    for (let i = 1; i < samples.length; i += 1) {
      const [a, b] = [samples[i - 1]!, samples[i]!];
      if (b.at - a.at >= 0.5) peak = Math.max(peak, pct(a, b));
    }
    return { avg: round(pct(first, last), 0), peak: round(peak, 0) };
  };
  const worker = cpu((s) => s.workerCpuS);
  const server = cpu((s) => s.serverCpuS);
  const host = cpu((s) => s.hostBusyS, (s) => s.hostTotalS);
  const first = samples[0];
  const last = samples[samples.length - 1];
  const bench = cpu((s) => s.benchCpuS).avg;
  const other =
    host.avg === null || worker.avg === null || server.avg === null || bench === null
      ? null
      : Math.max(0, Math.round(host.avg * availableParallelism() - worker.avg - server.avg - bench));
  return {
    workerRssMax: pick((s) => s.workerBytes),
    serverRssMax: pick((s) => s.serverBytes),
    workerCpuAvg: worker.avg,
    workerCpuPeak: worker.peak,
    serverCpuAvg: server.avg,
    serverCpuPeak: server.peak,
    benchCpuAvg: bench,
    hostCpuAvg: host.avg,
    hostCpuPeak: host.peak,
    otherCpuAvg: other,
    seconds: first && last ? round(last.at - first.at, 0) : null,
  };
}
