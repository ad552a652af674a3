/**
 * The time-corpus cases ours does not get right, grouped by grain and tag, wrong ones first:
 * `npx tsx bench/understanding-failures.ts [--lang fr|en] [--grain G] [--tag T] [--all] [--limit N]`.
 * Offline (calls cli/understand-lib directly); prints one line per case with what we answered.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { understand } from '../cli/understand-lib';
import { type TimeCase, scoreAnswer } from '../test/corpus/time/model';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const dir = path.resolve(__dirname, '../test/corpus/time');
const cases: TimeCase[] = (['fr', 'en'] as const)
  .filter((l) => !opt('lang') || opt('lang') === l)
  .flatMap((l) => readFileSync(path.join(dir, `${l}.jsonl`), 'utf8').split('\n').filter(Boolean).map((s) => JSON.parse(s) as TimeCase));

const limit = Number(opt('limit') ?? 1000);
const groups = new Map<string, string[]>();
const totals = { right: 0, wrong: 0, abstained: 0, past: 0 };
for (const c of cases) {
  if (opt('grain') && c.grain !== opt('grain')) continue;
  if (opt('tag') && !c.tags.includes(opt('tag')!)) continue;
  const a = understand({ text: c.text, now: c.now, timezone: c.timezone, language: c.language });
  const s = scoreAnswer(c, a);
  totals[s.verdict] += 1;
  if (s.past) totals.past += 1;
  if (s.verdict === 'right' || (s.verdict === 'abstained' && args.includes('--wrong'))) continue;
  const key = `${s.verdict} ${c.grain}${c.tags.length ? ` [${c.tags.join(',')}]` : ''}`;
  const line = `  ${c.id} ${JSON.stringify(c.text)} now ${c.now.slice(0, 16)} -> ${a.kind} ${a.dueAt ?? ''} ${a.rrule ?? ''} task=${JSON.stringify(a.text)} | want ${c.expected.kind} ${c.expected.dueAt ?? ''} ${c.expected.rrule ?? ''} (${s.why})`;
  groups.set(key, [...(groups.get(key) ?? []), line]);
}
const sorted = [...groups.entries()].sort((a, b) => (a[0].startsWith('wrong') === b[0].startsWith('wrong') ? b[1].length - a[1].length : a[0].startsWith('wrong') ? -1 : 1));
for (const [key, lines] of sorted) {
  process.stdout.write(`${key}: ${lines.length}\n${lines.slice(0, limit).join('\n')}\n`);
}
process.stdout.write(`total ${cases.length}: right ${totals.right}, wrong ${totals.wrong}, abstained ${totals.abstained}, past ${totals.past}\n`);
