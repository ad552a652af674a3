/**
 * `npm run bench:understanding`: the time corpus (test/corpus/time/*.jsonl, or the JSONL files
 * given with --corpus) through ours (`npm run -s understand`), chrono-node (forwardDate) and
 * Microsoft Recognizers-Text, scored right / wrong / abstained per language and grain (see
 * test/corpus/time/model.ts), side by side.
 *
 *   npm run bench:understanding [-- --corpus file.jsonl ...] [--limit N] [--engines ours,chrono]
 *                               [--json] [--failures N] [--write-baseline]
 *
 * --json prints the figures as JSON instead of the table; --failures N lists N cases ours got
 * wrong or abstained on (after the table); --write-baseline records ours' right and wrong counts
 * in test/corpus/time/baseline.json (the ratchet of the corpus test).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Answer, GRAINS, type Score, type TimeCase, normaliseTask, scoreAnswer } from '../test/corpus/time/model';
import { ENGINES, type EngineName, type EngineRun, runChrono, runOurs, runRecognizers } from './lib/understanding-engines';

// Recognizers-Text reads the reference date's local fields: run in UTC so no local DST gap exists.
process.env.TZ = 'UTC';

export interface Tally {
  total: number;
  right: number;
  wrong: number;
  abstained: number;
  past: number;
}

export interface EngineFigures {
  overall: Tally & { rightPct: number; wrongPct: number };
  byLanguage: Record<string, Tally>;
  byGrain: Record<string, Record<string, Tally>>;
  linesPerSecond: number;
  ms: number;
  startupMs: number;
  /** Ours only: right answers whose task text is also the expected one. */
  textRight?: number;
}

export interface Figures {
  cases: number;
  byLanguage: Record<string, number>;
  byGrain: Record<string, Record<string, number>>;
  engines: Partial<Record<EngineName, EngineFigures>>;
}

const DEFAULT_CORPUS = ['fr', 'en'].map((l) => path.resolve(__dirname, `../test/corpus/time/${l}.jsonl`));

export function loadCases(files: string[]): TimeCase[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as TimeCase),
  );
}

/** N cases spread evenly over the list (so every language and grain has a share). */
export function spread<T>(items: T[], limit: number | undefined): T[] {
  if (!limit || limit >= items.length) return items;
  const step = items.length / limit;
  return Array.from({ length: limit }, (_, i) => items[Math.floor(i * step)]!);
}

const emptyTally = (): Tally => ({ total: 0, right: 0, wrong: 0, abstained: 0, past: 0 });

function add(tally: Tally, score: Score): void {
  tally.total += 1;
  tally[score.verdict] += 1;
  if (score.past) tally.past += 1;
}

const pct = (n: number, d: number): number => (d ? Math.round((1000 * n) / d) / 10 : 0);

export function figuresFor(cases: TimeCase[], run: EngineRun, engine: EngineName): { figures: EngineFigures; scores: Score[] } {
  const overall = emptyTally();
  const byLanguage: Record<string, Tally> = {};
  const byGrain: Record<string, Record<string, Tally>> = {};
  let textRight = 0;
  const scores = cases.map((c, i) => {
    const answer: Answer = run.answers[i] ?? { kind: 'none', dueAt: null, rrule: null };
    const score = scoreAnswer(c, answer);
    add(overall, score);
    add((byLanguage[c.language] ??= emptyTally()), score);
    add(((byGrain[c.language] ??= {})[c.grain] ??= emptyTally()), score);
    if (score.verdict === 'right' && c.expected.kind === 'reminder' && normaliseTask(answer.text) === normaliseTask(c.expected.text)) textRight += 1;
    return score;
  });
  const figures: EngineFigures = {
    overall: { ...overall, rightPct: pct(overall.right, overall.total), wrongPct: pct(overall.wrong, overall.total) },
    byLanguage,
    byGrain,
    linesPerSecond: Math.round((cases.length * 1000) / run.ms),
    ms: Math.round(run.ms),
    startupMs: Math.round(run.startupMs),
    ...(engine === 'ours' ? { textRight } : {}),
  };
  return { figures, scores };
}

async function runEngine(engine: EngineName, cases: TimeCase[]): Promise<EngineRun> {
  if (engine === 'ours') return runOurs(cases);
  if (engine === 'chrono') return runChrono(cases);
  return runRecognizers(cases);
}

export const BASELINE_FILE = path.resolve(__dirname, '../test/corpus/time/baseline.json');

/** Records ours' figures on the whole default corpus as the ratchet the corpus test enforces. */
function writeBaseline(figures: Figures, partial: boolean): void {
  const ours = figures.engines.ours;
  if (!ours || partial) throw new Error('--write-baseline needs the whole default corpus and the ours engine');
  const baseline = {
    fr: ours.byLanguage.fr?.right ?? 0,
    en: ours.byLanguage.en?.right ?? 0,
    wrongMax: ours.overall.wrong,
    pastMax: ours.overall.past,
  };
  writeFileSync(BASELINE_FILE, `${JSON.stringify(baseline, null, 2)}\n`);
  process.stderr.write(`wrote ${BASELINE_FILE}: ${JSON.stringify(baseline)}\n`);
}

const cell = (t: Tally | undefined): string => (t ? `${t.right}/${t.wrong}/${t.abstained}${t.past ? ` p${t.past}` : ''}` : '-');

function table(figures: Figures, engines: EngineName[]): string {
  const rows: string[][] = [['lang', 'grain', 'n', ...engines.map((e) => `${e} R/W/A`)]];
  for (const language of Object.keys(figures.byLanguage)) {
    for (const grain of GRAINS) {
      const n = figures.byGrain[language]?.[grain];
      if (!n) continue;
      rows.push([language, grain, String(n), ...engines.map((e) => cell(figures.engines[e]?.byGrain[language]?.[grain]))]);
    }
    rows.push([language, 'all', String(figures.byLanguage[language]), ...engines.map((e) => cell(figures.engines[e]?.byLanguage[language]))]);
  }
  const overall = (label: string, value: (f: EngineFigures) => string): string[] => ['', label, '', ...engines.map((e) => { const f = figures.engines[e]; return f ? value(f) : '-'; })];
  rows.push(overall('right %', (f) => `${f.overall.rightPct} %`));
  for (const language of Object.keys(figures.byLanguage)) {
    rows.push(overall(`right % ${language}`, (f) => `${pct(f.byLanguage[language]?.right ?? 0, f.byLanguage[language]?.total ?? 0)} %`));
  }
  rows.push(overall('wrong %', (f) => `${f.overall.wrongPct} %`));
  rows.push(overall('past', (f) => String(f.overall.past)));
  rows.push(overall('lines/s', (f) => String(f.linesPerSecond)));
  rows.push(overall('start-up ms', (f) => String(f.startupMs)));
  const ours = figures.engines.ours;
  if (ours?.textRight !== undefined) rows.push(['', 'ours: right with the clean task text', '', `${ours.textRight}/${ours.overall.right}`]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((v, i) => (i < 2 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string', multiple: true },
      limit: { type: 'string' },
      engines: { type: 'string' },
      json: { type: 'boolean' },
      failures: { type: 'string' },
      'write-baseline': { type: 'boolean' },
    },
  });
  const engines = (values.engines ? values.engines.split(',') : [...ENGINES]) as EngineName[];
  for (const e of engines) if (!ENGINES.includes(e)) throw new Error(`unknown engine ${e} (${ENGINES.join(', ')})`);
  const limit = values.limit ? Number(values.limit) : undefined;
  const cases = spread(loadCases(values.corpus?.length ? values.corpus.map((f) => path.resolve(f)) : DEFAULT_CORPUS), limit);
  if (cases.length === 0) throw new Error('no cases');

  const figures: Figures = { cases: cases.length, byLanguage: {}, byGrain: {}, engines: {} };
  for (const c of cases) {
    figures.byLanguage[c.language] = (figures.byLanguage[c.language] ?? 0) + 1;
    const grains = (figures.byGrain[c.language] ??= {});
    grains[c.grain] = (grains[c.grain] ?? 0) + 1;
  }
  const details: Partial<Record<EngineName, { run: EngineRun; scores: Score[] }>> = {};
  for (const engine of engines) {
    const run = await runEngine(engine, cases);
    const { figures: f, scores } = figuresFor(cases, run, engine);
    figures.engines[engine] = f;
    details[engine] = { run, scores };
  }

  if (values['write-baseline']) writeBaseline(figures, Boolean(values.corpus?.length || limit));
  if (values.json) {
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    return;
  }
  process.stdout.write(`time corpus: ${cases.length} cases (${Object.entries(figures.byLanguage).map(([l, n]) => `${l} ${n}`).join(', ')}); R/W/A = right/wrong/abstained, pN = N wrong values in the past\n\n`);
  process.stdout.write(`${table(figures, engines)}\n`);
  const failures = Number(values.failures ?? 0);
  const ours = details.ours;
  if (failures > 0 && ours) {
    process.stdout.write('\nours, not right:\n');
    let shown = 0;
    cases.forEach((c, i) => {
      const score = ours.scores[i]!;
      if (score.verdict === 'right' || shown >= failures) return;
      shown += 1;
      const got = ours.run.answers[i]!;
      process.stdout.write(
        `${c.id} [${c.grain}${c.tags.length ? ` ${c.tags.join(',')}` : ''}] ${score.verdict} (${score.why}): ${JSON.stringify(c.text)}\n` +
          `   now ${c.now}  expected ${c.expected.kind} ${c.expected.dueAt ?? ''} ${c.expected.rrule ?? ''}  got ${got.kind} ${got.dueAt ?? ''} ${got.rrule ?? ''} ${JSON.stringify(got.text ?? null)}\n`,
      );
    });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
