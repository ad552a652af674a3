import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

/** A child process whose output is kept (shown when a test fails) and whose exit can be awaited. */
export interface Proc {
  name: string;
  child: ChildProcess;
  output(): string;
  /** Lines written to stderr. */
  stderrLines(): string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends SIGTERM and waits for the exit (SIGKILL after timeoutMs). */
  terminate(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** The environment a child gets: only what the test passes, plus what running node/npm needs. */
export function baseEnv(extra: Record<string, string>): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TEMPORAL_CLI_PATH', 'npm_config_cache'];
  const env: Record<string, string> = {};
  for (const k of keep) if (process.env[k]) env[k] = process.env[k]!;
  return { ...env, ...extra };
}

/** Runs `cmd args` in the project root, e.g. `npm run start:api`. */
export function startProc(name: string, cmd: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => {
      // Let the pipes drain before anyone reads the output.
      setTimeout(() => done({ code, signal }), 50);
    }),
  );
  return {
    name,
    child,
    output: () => `--- ${name} stdout\n${out}--- ${name} stderr\n${err}`,
    stderrLines: () => err.split('\n').filter((l) => l.trim() !== ''),
    exited,
    async terminate(timeoutMs = 30_000) {
      const started = Date.now();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      return { ...result, ms: Date.now() - started };
    },
  };
}

/** A pass-through HTTP proxy that can hold the next requests for a while (to catch a worker mid-activity). */
export interface DelayProxy {
  url: string;
  /** The next n POSTs wait `ms` before being forwarded; `onHeld` runs when each arrives. */
  holdNext(n: number, ms: number, onHeld?: () => void): void;
  close(): Promise<void>;
}

export async function startDelayProxy(target: string): Promise<DelayProxy> {
  const upstream = new URL(target);
  let held: { n: number; ms: number; onHeld?: () => void } = { n: 0, ms: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let delay = 0;
      if (req.method === 'POST' && held.n > 0) {
        held.n -= 1;
        delay = held.ms;
        held.onHeld?.();
      }
      setTimeout(() => {
        const fwd = httpRequest(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        fwd.on('error', () => res.writeHead(502).end());
        fwd.end(Buffer.concat(chunks));
      }, delay);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    holdNext(n, ms, onHeld) {
      held = { n, ms, onHeld };
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
