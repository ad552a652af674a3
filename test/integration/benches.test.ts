import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, baseEnv } from '../helpers/processes';

/**
 * Every bench in bench/ runs here in a tiny size, so a change cannot silently break one. The
 * figures they print are not asserted (benches measure; docs and closing notes report): only
 * that each runs to the end, exits 0, and prints its report. bench:understanding runs in the time
 * corpus test.
 */
function runBench(script: string, args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      join(ROOT, 'node_modules/.bin/tsx'),
      [join(ROOT, 'bench', script), ...args],
      { cwd: ROOT, env: baseEnv({ CI: 'true' }), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGINT' },
      (err, stdout, stderr) => done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const BENCHES: { script: string; args: string[]; expect: RegExp[]; timeoutMs: number }[] = [
  {
    script: 'webhook.ts', args: ['--rate', '5', '--duration', '2', '--users', '3'], timeoutMs: 240_000,
    expect: [/webhook ack +[\d.]+ m?s/, /SMS in → reply out +[\d.]+ m?s/, /replies +10\/10/],
  },
  {
    script: 'reminders.ts',
    args: ['--count', '20', '--window', '5', '--users', '4', '--lead', '10', '--warmup', '2', '--histories', '5', '--drain', '60', '--timeout', '400'],
    timeoutMs: 420_000,
    expect: [/fired +20\/20 +20\/20/, /lateness p99 +[\d.]+ m?s/, /all recorded by the worker after [\d.]+ s/],
  },
  {
    script: 'api.ts', args: ['--duration', '1', '--connections', '2', '--users', '2'], timeoutMs: 240_000,
    expect: [/GET \/api\/v1\/reminders +[\d.]+/, /POST \/api\/v1\/messages/],
  },
  {
    script: 'conversation.ts', args: ['--turns', '6', '--users', '2', '--gemini-turns', '3', '--gemini-delay', '10'], timeoutMs: 240_000,
    expect: [/offline brain +6 /, /Gemini \(fake/],
  },
  {
    script: 'outbound.ts', args: ['--users', '20', '--heavy-users', '2', '--burst', '3'], timeoutMs: 240_000,
    expect: [/"duplicates": 0/],
  },
  {
    script: 'task-sync.ts', args: ['--tasks', '10', '--runs', '2', '--changes', '2'], timeoutMs: 120_000,
    expect: [/first sync/, /no-op sync ×2: +p50/],
  },
];

describe('the benches, each in a tiny size', function () {
  for (const bench of BENCHES) {
    it(`bench/${bench.script} ${bench.args.join(' ')}`, async function () {
      this.timeout(bench.timeoutMs + 10_000);
      const run = await runBench(bench.script, bench.args, bench.timeoutMs);
      const shown = `exit ${run.code}\n--- stdout\n${run.stdout.slice(-3000)}\n--- stderr\n${run.stderr.slice(-3000)}`;
      expect(run.code, shown).to.equal(0);
      for (const pattern of bench.expect) expect(run.stdout, shown).to.match(pattern);
    });
  }
});
