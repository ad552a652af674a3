import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { detectMessageLanguage, isoInZone, understandLine, validateInput } from './understand-lib';

/**
 * `npm run -s understand`: how the offline brain reads messages (see cli/understand-lib.ts and
 * docs/understanding.md).
 *
 * - stdin: one JSON object per line {"text", "now", "timezone", "language"}; stdout: one JSON
 *   line per input line, in order {"kind", "dueAt", "text", "rrule", "question"} (or
 *   {"kind":"error","error"} for a line that is not usable). Nothing else is written to stdout.
 * - `npm run -s understand -- "rappelle-moi demain 8h de payer le loyer" [--now ISO]
 *   [--timezone IANA] [--language fr|en]`: the same for one message, indented.
 */
const USAGE = `usage:
  npm run -s understand < messages.jsonl      one {"text","now","timezone","language"} per line
  npm run -s understand -- "message" [--now 2026-12-03T14:00:00-05:00] [--timezone America/Toronto] [--language fr|en]
`;

function runOne(words: string[], flags: { now?: string; timezone?: string; language?: string }): number {
  const text = words.join(' ');
  const timezone = flags.timezone ?? 'America/Toronto';
  let now = flags.now;
  if (now === undefined) {
    try {
      now = isoInZone(new Date(), timezone);
    } catch {
      now = new Date().toISOString();
    }
  }
  const input = { text, now, timezone, language: flags.language ?? detectMessageLanguage(text) };
  const checked = validateInput(input);
  const result = 'error' in checked ? { kind: 'error', error: checked.error } : understandLine(JSON.stringify(checked));
  process.stdout.write(`${JSON.stringify({ input: { now, timezone, language: input.language }, ...result }, null, 2)}\n`);
  return result.kind === 'error' ? 1 : 0;
}

/** Lines in, lines out; output is flushed once per chunk of input (so a pipe is fast and a terminal is live). */
function runStream(): void {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let pending: string[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const chunk = pending.join('');
    pending = [];
    if (!process.stdout.write(chunk)) {
      rl.pause();
      process.stdout.once('drain', () => rl.resume());
    }
  };
  rl.on('line', (line) => {
    pending.push(`${JSON.stringify(understandLine(line))}\n`);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
  rl.on('close', flush);
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      now: { type: 'string' },
      timezone: { type: 'string' },
      language: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (positionals.length > 0) {
    process.exitCode = runOne(positionals, values);
    return;
  }
  runStream();
}

try {
  main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exitCode = 2;
}
