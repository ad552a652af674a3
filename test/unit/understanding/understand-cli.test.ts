import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';

/** `npm run -s understand` as outside checks use it: the real CLI in a child process. */
const ROOT = path.resolve(__dirname, '../../..');

function runCli(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'cli/understand.ts'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const line = (text: string, now: string, timezone: string, language: 'fr' | 'en'): string => JSON.stringify({ text, now, timezone, language });

describe('npm run -s understand', function () {
  this.timeout(60_000);

  it('writes one JSON line per input line, in order, with an error line for each unusable one', async () => {
    const input = [
      line('rappelle-moi de prendre mes médicaments à 20h', '2026-12-03T14:00:00-05:00', 'America/Toronto', 'fr'),
      '{"text": "broken json"',
      line('remind me to call mom every weekday at 8am', '2026-12-03T14:00:00-05:00', 'America/Toronto', 'en'),
      '',
      line('fais-moi penser à sortir les vidanges à soir', '2026-07-01T10:00:00-04:00', 'America/Toronto', 'fr'),
      line('remind me to stretch in 20 minutes', '2026-12-03T14:00:00-08:00', 'America/Vancouver', 'en'),
      JSON.stringify({ text: 'demain 8h', now: '2026-12-03T14:00:00', timezone: 'America/Toronto', language: 'fr' }),
      line('rappelle-moi de payer le loyer', '2026-12-03T14:00:00-05:00', 'America/Toronto', 'fr'),
      line('STOP', '2026-12-03T14:00:00-05:00', 'America/Toronto', 'en'),
      line('ajoute à ma liste: acheter du lait', '2026-12-03T14:00:00-05:00', 'Mars/Olympus', 'fr'),
      line('remind me tomorrow at 9am to pack my gym bag', '2026-03-07T20:00:00-05:00', 'America/Toronto', 'en'),
    ].join('\n');
    const { code, stdout, stderr } = await runCli([], `${input}\n`);
    expect(code, stderr).to.equal(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).to.have.length(11);
    const out = lines.map((l) => JSON.parse(l) as Record<string, unknown>);

    const shape = ['kind', 'dueAt', 'text', 'rrule', 'question'];
    for (const i of [0, 2, 4, 5, 7, 8, 10]) expect(Object.keys(out[i]!), `line ${i + 1}`).to.have.members(shape);

    expect(out[0]).to.deep.equal({ kind: 'reminder', dueAt: '2026-12-03T20:00:00-05:00', text: 'prendre mes médicaments', rrule: null, question: null });
    expect(out[1]).to.include({ kind: 'error' });
    expect(out[2]).to.deep.include({ kind: 'reminder', dueAt: '2026-12-04T08:00:00-05:00', text: 'call mom', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' });
    expect(out[3]).to.include({ kind: 'error' });
    // Summer: the offset written is the zone's at that instant (EDT), and Date.parse agrees.
    expect(out[4]).to.include({ kind: 'reminder', dueAt: '2026-07-01T19:00:00-04:00', text: 'sortir les vidanges' });
    expect(Date.parse(out[4]!.dueAt as string)).to.equal(Date.parse('2026-07-01T23:00:00Z'));
    expect(out[5]).to.include({ kind: 'reminder', dueAt: '2026-12-03T14:20:00-08:00', text: 'stretch' });
    expect(out[6]).to.include({ kind: 'error' });
    expect(String(out[6]!.error)).to.match(/^now:/);
    expect(out[7]).to.include({ kind: 'clarify', text: 'payer le loyer', dueAt: null });
    expect(out[7]!.question).to.be.a('string').and.not.equal('');
    expect(out[8]).to.deep.equal({ kind: 'silent', dueAt: null, text: null, rrule: null, question: null });
    expect(out[9]).to.include({ kind: 'error' });
    expect(String(out[9]!.error)).to.match(/^timezone:/);
    // Across the spring-forward night: 9:00 local is -04:00 the next morning.
    expect(out[10]).to.include({ kind: 'reminder', dueAt: '2026-03-08T09:00:00-04:00', text: 'pack my gym bag' });
  });

  it('reads thousands of lines in one process', async () => {
    const one = line('rappelle-moi de payer le loyer demain à 8h', '2026-12-03T14:00:00-05:00', 'America/Toronto', 'fr');
    const started = Date.now();
    const { code, stdout } = await runCli([], `${Array.from({ length: 3000 }, () => one).join('\n')}\n`);
    const seconds = (Date.now() - started) / 1000;
    expect(code).to.equal(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).to.have.length(3000);
    expect(new Set(lines).size).to.equal(1);
    expect(JSON.parse(lines[0]!)).to.include({ kind: 'reminder', dueAt: '2026-12-04T08:00:00-05:00' });
    // Generous for a shared 2-core machine: measured ~1 s of start-up and >1000 lines/s unloaded.
    expect(seconds).to.be.below(45);
  });

  it('prints one message readably from its arguments, with --now, --timezone and --language', async () => {
    const { code, stdout } = await runCli(
      ['rappelle-moi', 'demain', '8h', 'de', 'payer', 'le', 'loyer', '--now', '2026-12-03T14:00:00-05:00', '--timezone', 'America/Halifax'],
      '',
    );
    expect(code).to.equal(0);
    expect(stdout.split('\n').length).to.be.greaterThan(3);
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out).to.deep.include({ kind: 'reminder', dueAt: '2026-12-04T08:00:00-04:00', text: 'payer le loyer', rrule: null, question: null });
    expect(out.input).to.deep.equal({ now: '2026-12-03T14:00:00-05:00', timezone: 'America/Halifax', language: 'fr' });
  });

  it('answers a bad flag value with an error and exit code 1', async () => {
    const { code, stdout } = await runCli(['remind me at 5pm to call mom', '--timezone', 'Nowhere/Else'], '');
    expect(code).to.equal(1);
    expect(JSON.parse(stdout)).to.include({ kind: 'error' });
  });
});
