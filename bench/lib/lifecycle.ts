/**
 * Run plumbing for the benchmarks: cleanup that always runs, interruption, option checks.
 * benchMain() is the shared main of the benches: options, signals, a bounded run, cleanup, report.
 */

export class Interrupted extends Error {
  override name = 'Interrupted';
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? err.message;
}

export function positive(name: string, raw: string, opts: { integer?: boolean; max?: number; zero?: boolean } = {}): number {
  const value = Number(raw);
  const ok =
    Number.isFinite(value) &&
    (value > 0 || (opts.zero === true && value === 0)) &&
    (!opts.integer || Number.isInteger(value)) &&
    value <= (opts.max ?? Infinity);
  if (!ok) {
    const what = `${opts.zero ? 'non-negative' : 'positive'} ${opts.integer ? 'integer' : 'number'}`;
    throw new UsageError(`--${name} must be a ${what}${opts.max ? ` ≤ ${opts.max}` : ''}, got ${raw}`);
  }
  return value;
}

/** Cleanup that always runs: in reverse order on the normal path, synchronously on process exit. */
export class Cleanup {
  private readonly entries: { name: string; run: () => Promise<void>; now: () => void; done: boolean }[] = [];

  /** `now` must be synchronous: it is all that can still run inside process.on('exit'). */
  add(name: string, run: () => Promise<void>, now: () => void): void {
    this.entries.push({ name, run, now, done: false });
  }

  /** Runs the entries added after `mark` (a length returned by `mark()`), newest first. */
  async runAll(mark = 0): Promise<void> {
    for (const entry of this.entries.slice(mark).reverse()) {
      if (entry.done) continue;
      entry.done = true;
      await entry.run().catch((err: unknown) => {
        log(`cleanup of ${entry.name} failed: ${errorText(err)}`);
        entry.now();
      });
    }
  }

  /** Where the next entry will go: runAll(mark) later cleans up only what was added since. */
  mark(): number {
    return this.entries.length;
  }

  runNow(): void {
    for (const entry of [...this.entries].reverse()) {
      if (entry.done) continue;
      entry.done = true;
      try {
        entry.now();
      } catch {
        // Exiting anyway: the remaining entries must still get their chance.
      }
    }
  }
}

/** Rejects with Interrupted as soon as `signal` aborts, whatever `work` is doing. */
export function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Interrupted('interrupted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Interrupted('interrupted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Sleeps `ms`, or rejects with Interrupted when `signal` aborts first. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return abortable(sleep(ms), signal);
}

/**
 * Runs `work(i)` for i in [0, total) with at most `limit` in flight; stops starting new ones
 * once `signal` aborts or one fails (and rethrows that failure after the in-flight ones end).
 */
export async function pool(total: number, limit: number, signal: AbortSignal, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const lane = async () => {
    while (next < total && failure === null && !signal.aborted) {
      const i = next;
      next += 1;
      try {
        await work(i);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, total) }, lane));
  if (failure !== null) throw failure;
  if (signal.aborted) throw new Interrupted('interrupted');
}

/**
 * The main of a bench: parse the options (usage on --help or a bad option, exit 2), run the work
 * with a Cleanup and an AbortSignal that the first SIGINT/SIGTERM (or the time limit) aborts, run
 * the cleanup whatever happened, then print the report. A second signal a second later forces
 * the exit; 90 s after the time limit the process exits whatever hangs ('exit' kills what the
 * run started). Exit code: the report's, or 130 when interrupted, 1 when the run failed.
 */
export function benchMain<O, R>(spec: {
  usage: string;
  parse(argv: string[]): O | null;
  timeoutMs(opts: O): number;
  run(opts: O, cleanup: Cleanup, signal: AbortSignal): Promise<R>;
  report(result: R, opts: O): number;
}): void {
  const main = async (): Promise<number> => {
    let opts: O | null;
    try {
      opts = spec.parse(process.argv.slice(2));
    } catch (err) {
      process.stderr.write(`${errorText(err)}\n\n${spec.usage}\n`);
      return 2;
    }
    if (!opts) {
      process.stdout.write(`${spec.usage}\n`);
      return 0;
    }
    const cleanup = new Cleanup();
    const abort = new AbortController();
    process.on('exit', () => cleanup.runNow());
    let firstSignalAt = 0;
    const onSignal = (sig: NodeJS.Signals) => {
      // tsx may relay a Ctrl-C the terminal already delivered: only a later one means "force".
      if (firstSignalAt && Date.now() - firstSignalAt > 1000) process.exit(130);
      if (firstSignalAt) return;
      firstSignalAt = Date.now();
      log(`${sig}: stopping and cleaning up (again to force)`);
      abort.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const timeoutMs = spec.timeoutMs(opts);
    setTimeout(() => {
      log(`time limit (${Math.round(timeoutMs / 1000)} s) reached: interrupting`);
      abort.abort();
      setTimeout(() => {
        log('cleanup did not finish in 90 s: exiting');
        process.exit(3);
      }, 90_000).unref();
    }, timeoutMs).unref();

    let result: { value: R } | null = null;
    try {
      result = { value: await spec.run(opts, cleanup, abort.signal) };
    } catch (err) {
      log(err instanceof Interrupted ? 'interrupted' : `failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    } finally {
      await cleanup.runAll();
    }
    if (!result) return abort.signal.aborted ? 130 : 1;
    return spec.report(result.value, opts);
  };
  void main().then((code) => process.exit(code));
}
