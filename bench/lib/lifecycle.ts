/**
 * Run plumbing for the benchmarks: cleanup that always runs, interruption, option checks.
 * The same behaviour as bench/webhook.ts's own private copies (which stay where they are).
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
