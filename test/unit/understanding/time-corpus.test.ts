import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { understand } from '../../../cli/understand-lib';
import { offsetOf } from '../../corpus/time/calendar';
import { buildCorpus } from '../../corpus/time/generate';
import { GRAINS, type TimeCase, normaliseRRule, scoreAnswer } from '../../corpus/time/model';
import { isValidRRule } from '../../../language/recurrence';
import { isValidTimeZone } from '../../../language/time';

/**
 * The time corpus (test/corpus/time/*.jsonl): the data is sound, it is what generate.ts writes,
 * and ours never falls below the recorded baseline (a ratchet: improvements raise it with
 * `npm run bench:understanding -- --engines ours --write-baseline`, regressions fail here).
 */
const ROOT = path.resolve(__dirname, '../../..');
const DIR = path.join(ROOT, 'test/corpus/time');
const MIN_CASES_PER_LANGUAGE = 400;

function load(language: 'fr' | 'en'): TimeCase[] {
  return readFileSync(path.join(DIR, `${language}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as TimeCase);
}

const cases = [...load('fr'), ...load('en')];
const ISO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?[+-]\d{2}:\d{2}$/;

/** The offset written in an ISO string, in minutes east of UTC. */
function writtenOffset(iso: string): number {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(iso)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

describe('time corpus', () => {
  it(`has at least ${MIN_CASES_PER_LANGUAGE} cases per language, several grains each, unique ids`, () => {
    for (const language of ['fr', 'en'] as const) {
      const mine = cases.filter((c) => c.language === language);
      expect(mine.length, language).to.be.at.least(MIN_CASES_PER_LANGUAGE);
      for (const grain of GRAINS) expect(mine.filter((c) => c.grain === grain).length, `${language} ${grain}`).to.be.at.least(15);
    }
    expect(new Set(cases.map((c) => c.id)).size).to.equal(cases.length);
  });

  it('every case is well formed: valid zone, instants with the zone\'s own offset, expected values ahead of now', () => {
    const problems: string[] = [];
    for (const c of cases) {
      const bad = (why: string): number => problems.push(`${c.id}: ${why}`);
      if (typeof c.text !== 'string' || c.text.trim() === '') bad('no text');
      if (!isValidTimeZone(c.timezone)) bad(`zone ${c.timezone}`);
      if (!ISO_OFFSET.test(c.now)) bad(`now ${c.now}`);
      const now = Date.parse(c.now);
      if (writtenOffset(c.now) !== offsetOf(new Date(now), c.timezone)) bad('now is not written with the zone\'s offset');
      if (!GRAINS.includes(c.grain)) bad(`grain ${c.grain}`);
      const e = c.expected;
      if (e.kind === 'clarify') {
        if (e.dueAt !== null || e.rrule !== null || e.check !== null) bad('a question with a value');
        continue;
      }
      if (e.kind !== 'reminder') {
        bad(`kind ${String(e.kind)}`);
        continue;
      }
      if (!e.text) bad('no task text');
      if (!e.dueAt || !ISO_OFFSET.test(e.dueAt)) {
        bad(`dueAt ${e.dueAt}`);
        continue;
      }
      const due = Date.parse(e.dueAt);
      if (!(due > now)) bad('dueAt is not after now');
      if (writtenOffset(e.dueAt) !== offsetOf(new Date(due), c.timezone)) bad('dueAt is not written with the zone\'s offset');
      if (!['minute', 'date', 'window'].includes(e.check ?? '')) bad(`check ${e.check}`);
      if (e.check === 'window') {
        const after = Date.parse(e.window?.after ?? '');
        const before = Date.parse(e.window?.before ?? '');
        if (!(before > now && due > after && due <= before)) bad('window does not hold dueAt ahead of now');
      }
      if (c.grain === 'recurrence' && !(e.rrule && isValidRRule(e.rrule))) bad(`rrule ${e.rrule}`);
      if (c.grain !== 'recurrence' && e.rrule !== null) bad('rrule outside a recurrence');
      if (c.grain === 'deadline' && !(e.deadline && Date.parse(e.deadline) > due)) bad('deadline not after the reminder');
      // The expected answer scores right against itself.
      if (scoreAnswer(c, { kind: 'reminder', dueAt: e.dueAt, rrule: e.rrule }).verdict !== 'right') bad('expected value does not score right');
    }
    expect(problems).to.deep.equal([]);
  });

  it('is exactly what generate.ts writes (edit the phrase tables, then regenerate)', () => {
    const built = buildCorpus();
    expect(JSON.stringify([...built.fr, ...built.en])).to.equal(JSON.stringify(cases));
  });

  it('normalises RRULEs so equal rules compare equal', () => {
    expect(normaliseRRule('RRULE:FREQ=WEEKLY;BYDAY=TH,TU;INTERVAL=1')).to.equal(normaliseRRule('FREQ=WEEKLY;BYDAY=TU,TH'));
    expect(normaliseRRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=FR')).to.not.equal(normaliseRRule('FREQ=WEEKLY;BYDAY=FR'));
  });

  it('ours gets at least the baseline right and no more wrong than it (test/corpus/time/baseline.json)', () => {
    const baseline = JSON.parse(readFileSync(path.join(DIR, 'baseline.json'), 'utf8')) as { fr: number; en: number; wrongMax: number; pastMax: number };
    const right = { fr: 0, en: 0 };
    let wrong = 0;
    let past = 0;
    for (const c of cases) {
      const score = scoreAnswer(c, understand({ text: c.text, now: c.now, timezone: c.timezone, language: c.language }));
      if (score.verdict === 'right') right[c.language] += 1;
      if (score.verdict === 'wrong') wrong += 1;
      if (score.past) past += 1;
    }
    const summary = `right fr ${right.fr}, en ${right.en}; wrong ${wrong}; past ${past} (baseline ${JSON.stringify(baseline)})`;
    expect(right.fr, summary).to.be.at.least(baseline.fr);
    expect(right.en, summary).to.be.at.least(baseline.en);
    expect(wrong, summary).to.be.at.most(baseline.wrongMax);
    expect(past, summary).to.be.at.most(baseline.pastMax);
    if (right.fr > baseline.fr || right.en > baseline.en || wrong < baseline.wrongMax) {
      process.stdout.write(`      better than the baseline (${summary}): raise it with npm run bench:understanding -- --engines ours --write-baseline\n`);
    }
  });

  it('bench:understanding runs all three engines on a small sample', async function () {
    this.timeout(120_000);
    const { stdout } = await promisify(execFile)(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'bench/understanding.ts'), '--limit', '20', '--json'], {
      cwd: ROOT,
    });
    const figures = JSON.parse(stdout) as { cases: number; engines: Record<string, { overall: { total: number; right: number; wrong: number; abstained: number }; linesPerSecond: number }> };
    expect(figures.cases).to.equal(20);
    expect(Object.keys(figures.engines)).to.have.members(['ours', 'chrono', 'recognizers']);
    for (const [engine, f] of Object.entries(figures.engines)) {
      expect(f.overall.total, engine).to.equal(20);
      expect(f.overall.right + f.overall.wrong + f.overall.abstained, engine).to.equal(20);
      expect(f.linesPerSecond, engine).to.be.greaterThan(0);
    }
    // Each engine gets some of the sample right: an adapter that silently broke would score 0.
    for (const engine of ['ours', 'chrono', 'recognizers']) expect(figures.engines[engine]!.overall.right, engine).to.be.greaterThan(0);
  });
});
