/**
 * Writes the time corpus (test/corpus/time/fr.jsonl and en.jsonl) from the phrase tables in
 * phrases-fr.ts and phrases-en.ts: every time expression is put in several whole messages
 * (trigger words, a task, the expression before or after the task), at several reference
 * instants and zones, and its expected value is computed here with calendar.ts — never with
 * the product's parser.
 *
 *   npx tsx test/corpus/time/generate.ts          # rewrite both files
 *   npx tsx test/corpus/time/generate.ts --check  # exit 1 when the files are not up to date
 *
 * The phrases are ours; the kinds of expressions they cover come from reading public test
 * suites (Microsoft Recognizers-Text Specs/DateTime, chrono-node's tests) and from the issue.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Day, type Wall, addDays, compareDays, instantOf, isoIn, wallOf, weekday } from './calendar';
import { type Holiday, holidayIn } from './holidays';
import type { Expected, Grain, TimeCase } from './model';
import { FR_ENTRIES, FR_TASKS, FR_TRIGGERS } from './phrases-fr';
import { EN_ENTRIES, EN_TASKS, EN_TRIGGERS } from './phrases-en';

export type Period = 'morning' | 'noon' | 'afternoon' | 'evening' | 'night';

/** The product's defaults (language/reminders/parser.ts) and the hours a part of the day spans. */
const PERIODS: Record<Period, { from: number; to: number; def: number }> = {
  morning: { from: 5, to: 12, def: 8 },
  noon: { from: 11, to: 14, def: 12 },
  afternoon: { from: 12, to: 18, def: 14 },
  evening: { from: 17, to: 23, def: 19 },
  night: { from: 20, to: 27, def: 21 },
};
export const DEFAULT_DAY_HOUR = 9;
/** A deadline's reminder is right when it comes in the week before it. */
const DEADLINE_LEAD_DAYS = 7;

/** Thrown by a helper when the phrase does not fit the reference instant: the next one is tried. */
class SkipInstant extends Error {}

/** What an entry computes for one reference instant; null when the phrase does not fit it. */
export interface Outcome {
  expr: string;
  expected: Omit<Expected, 'text'>;
}

/** The reference instant and zone, with the helpers entries compute their answer with. */
export class Ctx {
  readonly wall: Wall;
  readonly today: Day;
  readonly wd: number;
  constructor(
    readonly now: Date,
    readonly tz: string,
  ) {
    this.wall = wallOf(now, tz);
    this.today = { y: this.wall.y, m: this.wall.m, d: this.wall.d };
    this.wd = weekday(this.today);
  }

  at(day: Day, h: number, mi = 0, tz = this.tz): Date {
    return instantOf({ ...day, h: h % 24, mi, ...(h >= 24 ? addDays(day, 1) : {}) }, tz);
  }
  day(n: number): Day {
    return addDays(this.today, n);
  }
  /** h:mi today when still ahead, else tomorrow. */
  nextClock(h: number, mi = 0, tz = this.tz): Date {
    const w = wallOf(this.now, tz);
    const today = { y: w.y, m: w.m, d: w.d };
    const first = instantOf({ ...today, h, mi }, tz);
    return first > this.now ? first : instantOf({ ...addDays(today, 1), h, mi }, tz);
  }
  /** The next such weekday after today (today itself counts only with `includeToday`). */
  nextWd(wd: number, includeToday = false): Day {
    const ahead = (wd - this.wd + 7) % 7;
    return this.day(ahead === 0 && !includeToday ? 7 : ahead);
  }
  /** Monday of next calendar week. */
  nextMonday(): Day {
    return this.day(((1 - this.wd + 7) % 7) || 7);
  }
  /** The next month/day strictly after today. */
  nextDate(m: number, d: number): Day {
    const thisYear = { y: this.today.y, m, d };
    return compareDays(thisYear, this.today) > 0 ? thisYear : { y: this.today.y + 1, m, d };
  }
  /** The holiday's next date; a message sent on the holiday itself is left out of the corpus (ambiguous). */
  nextHoliday(name: Holiday): Day {
    const thisYear = holidayIn(name, this.today.y);
    if (compareDays(thisYear, this.today) === 0) throw new SkipInstant();
    return compareDays(thisYear, this.today) > 0 ? thisYear : holidayIn(name, this.today.y + 1);
  }
  plus(minutes: number): Date {
    return new Date(this.now.getTime() + minutes * 60_000);
  }
  iso(instant: Date): string {
    return isoIn(instant, this.tz);
  }

  // Expected values ------------------------------------------------------------------------
  minute(due: Date, rrule: string | null = null): Omit<Expected, 'text'> {
    return { kind: 'reminder', dueAt: this.iso(due), rrule, check: 'minute' };
  }
  date(day: Day, rrule: string | null = null): Omit<Expected, 'text'> {
    return { kind: 'reminder', dueAt: this.iso(this.at(day, DEFAULT_DAY_HOUR)), rrule, check: 'date' };
  }
  period(day: Day, period: Period, rrule: string | null = null): Omit<Expected, 'text'> | null {
    const p = PERIODS[period];
    const before = this.at(day, p.to);
    if (before <= this.now) return null;
    const after = new Date(Math.max(this.now.getTime(), this.at(day, p.from).getTime()));
    let due = this.at(day, p.def);
    if (due <= this.now) due = new Date(Math.ceil((this.now.getTime() + 1) / 60_000) * 60_000);
    return { kind: 'reminder', dueAt: this.iso(due), rrule, check: 'window', window: { after: this.iso(after), before: this.iso(before) } };
  }
  /** Any instant in (after, before]. */
  window(after: Date, before: Date, due: Date): Omit<Expected, 'text'> {
    return { kind: 'reminder', dueAt: this.iso(due), rrule: null, check: 'window', window: { after: this.iso(after), before: this.iso(before) } };
  }
  /**
   * A deadline: the reminder must come before `deadline` and not more than a week ahead of it;
   * `dueAt` shows 09:00 of the last day before it. Null when that day is already behind `now`.
   */
  deadline(deadline: Date): Omit<Expected, 'text'> | null {
    const dueDay = wallOf(new Date(deadline.getTime() - 1), this.tz);
    let suggested = this.at(dueDay, DEFAULT_DAY_HOUR);
    if (suggested >= deadline) suggested = this.at(addDays(dueDay, -1), DEFAULT_DAY_HOUR);
    if (suggested <= this.now) return null;
    const after = new Date(Math.max(this.now.getTime(), deadline.getTime() - DEADLINE_LEAD_DAYS * 86_400_000));
    return {
      kind: 'reminder', dueAt: this.iso(suggested), rrule: null, check: 'window',
      window: { after: this.iso(after), before: this.iso(new Date(deadline.getTime() - 60_000)) }, deadline: this.iso(deadline),
    };
  }
  clarify(): Omit<Expected, 'text'> {
    return { kind: 'clarify', dueAt: null, rrule: null, check: null };
  }
  /** First day from today (inclusive) among `days` (0 = Sunday) whose h:mi is still ahead. */
  firstWeekly(days: number[], h: number, mi = 0): Date {
    for (let i = 0; i < 15; i++) {
      const day = this.day(i);
      const at = this.at(day, h, mi);
      if (days.includes(weekday(day)) && at > this.now) return at;
    }
    throw new Error('no weekly slot');
  }
  firstWeeklyDay(days: number[]): Day {
    for (let i = 0; i < 15; i++) {
      const day = this.day(i);
      if (days.includes(weekday(day)) && this.at(day, DEFAULT_DAY_HOUR) > this.now) return day;
    }
    throw new Error('no weekly day');
  }
  /** The first day-of-month `d` from today on whose h:mi is ahead. */
  firstMonthly(d: number, h = DEFAULT_DAY_HOUR, mi = 0): Date {
    let { y, m } = this.today;
    for (let i = 0; i < 14; i++) {
      const at = this.at({ y, m, d }, h, mi);
      if (at > this.now) return at;
      m += 1;
      if (m > 12) {
        m = 1;
        y += 1;
      }
    }
    throw new Error('no monthly slot');
  }
}

/** One expression of the tables: its grain, wordings, and the answer for a given instant. */
export interface Entry {
  grain: Grain;
  /** Wordings of the same expression; variant i uses wording i modulo their count. */
  x: string[];
  /** The expected value for the instant (`expr` is the wording, possibly completed). */
  e: (c: Ctx, expr: string) => Omit<Expected, 'text'> | null;
  tags?: string[];
  /** How many messages to make (default 3). */
  n?: number;
  /** Only reference instants in these zones. */
  zones?: string[];
  /** A wording computed from the instant (e.g. a date written as numbers); replaces `x`. */
  make?: (c: Ctx, variant: number) => { expr: string; expected: Omit<Expected, 'text'> } | null;
  /** Where the expression goes: 'end' (default mix), or only after the task. */
  place?: 'end';
  /** The message has no task words besides the trigger (the expected text is null). */
  noTask?: boolean;
}

export interface Trigger {
  /** "rappelle-moi", "remind me". */
  head: string;
  /** Word tying the trigger to the task: "de" (elided before a vowel), "à", "to", "". */
  link: string;
  /** A misspelt trigger (tag "typo") or a Québec form (tag "quebec"). */
  tag?: 'typo' | 'quebec';
}

/** Reference instants: mostly Toronto, some Vancouver, Paris and Halifax; DST changes included. */
const NOWS: Array<{ id: string; wall: Wall; tz: string }> = [
  { id: 'T1', wall: { y: 2026, m: 3, d: 3, h: 10, mi: 15 }, tz: 'America/Toronto' },
  { id: 'T2', wall: { y: 2026, m: 3, d: 6, h: 16, mi: 40 }, tz: 'America/Toronto' },
  { id: 'V1', wall: { y: 2026, m: 4, d: 15, h: 11, mi: 0 }, tz: 'America/Vancouver' },
  { id: 'T3', wall: { y: 2026, m: 6, d: 10, h: 8, mi: 5 }, tz: 'America/Toronto' },
  { id: 'T4', wall: { y: 2026, m: 10, d: 31, h: 9, mi: 30 }, tz: 'America/Toronto' },
  { id: 'P1', wall: { y: 2026, m: 5, d: 14, h: 9, mi: 10 }, tz: 'Europe/Paris' },
  { id: 'T5', wall: { y: 2026, m: 12, d: 3, h: 13, mi: 20 }, tz: 'America/Toronto' },
  { id: 'T6', wall: { y: 2027, m: 1, d: 11, h: 7, mi: 5 }, tz: 'America/Toronto' },
  { id: 'H1', wall: { y: 2026, m: 8, d: 18, h: 12, mi: 0 }, tz: 'America/Halifax' },
  { id: 'T7', wall: { y: 2026, m: 9, d: 17, h: 18, mi: 10 }, tz: 'America/Toronto' },
  { id: 'V2', wall: { y: 2026, m: 11, d: 22, h: 15, mi: 45 }, tz: 'America/Vancouver' },
  { id: 'T8', wall: { y: 2026, m: 4, d: 27, h: 11, mi: 50 }, tz: 'America/Toronto' },
  { id: 'P2', wall: { y: 2026, m: 9, d: 21, h: 14, mi: 30 }, tz: 'Europe/Paris' },
  { id: 'T9', wall: { y: 2026, m: 2, d: 13, h: 9, mi: 0 }, tz: 'America/Toronto' },
  { id: 'H2', wall: { y: 2027, m: 2, d: 12, h: 8, mi: 50 }, tz: 'America/Halifax' },
  { id: 'T10', wall: { y: 2026, m: 7, d: 22, h: 15, mi: 0 }, tz: 'America/Toronto' },
];

const VOWEL = /^[aeéèêiîoôu]/i;

function joinTask(link: string, task: string): string {
  if (link === 'de' && VOWEL.test(task)) return `d'${task}`;
  return link ? `${link} ${task}` : task;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The whole message: trigger, task and expression in one of three orders. */
function message(trigger: Trigger, task: string, expr: string, order: number, noTask: boolean): string {
  const taskPart = noTask ? '' : joinTask(trigger.link, task);
  if (!expr) return `${trigger.head} ${taskPart}`.trim();
  if (noTask || order === 0 || trigger.link === '' || (trigger.head.endsWith(':') && order === 1)) return `${trigger.head} ${taskPart} ${expr}`.replace(/\s+/g, ' ').trim();
  if (order === 1) return `${trigger.head} ${expr} ${taskPart}`;
  return `${capitalise(expr)}, ${trigger.head.charAt(0).toLowerCase()}${trigger.head.slice(1)} ${taskPart}`;
}

function buildLanguage(language: 'fr' | 'en', entries: Entry[], tasks: string[], triggers: Trigger[]): TimeCase[] {
  const cases: TimeCase[] = [];
  let counter = 0;
  let nowCursor = 0;
  entries.forEach((entry, entryIndex) => {
    const count = entry.n ?? 3;
    for (let variant = 0; variant < count; variant++) {
      let made: { expr: string; expected: Omit<Expected, 'text'>; ctx: Ctx } | null = null;
      for (let tries = 0; tries < NOWS.length && !made; tries++) {
        const ref = NOWS[(nowCursor + tries) % NOWS.length]!;
        if (entry.zones && !entry.zones.includes(ref.tz)) continue;
        const ctx = new Ctx(instantOf(ref.wall, ref.tz), ref.tz);
        const expr = entry.x[variant % Math.max(1, entry.x.length)] ?? '';
        let out: { expr: string; expected: Omit<Expected, 'text'> } | null;
        try {
          out = entry.make ? entry.make(ctx, variant) : (() => {
            const expected = entry.e(ctx, expr);
            return expected ? { expr, expected } : null;
          })();
        } catch (error) {
          if (error instanceof SkipInstant) continue;
          throw error;
        }
        if (!out) continue;
        if (out.expected.dueAt && Date.parse(out.expected.dueAt) <= ctx.now.getTime()) continue;
        made = { ...out, ctx };
        nowCursor = (nowCursor + tries + 1) % NOWS.length;
      }
      if (!made) throw new Error(`${language} entry ${entryIndex} (${entry.x[0] ?? 'computed'}) fits no reference instant`);
      const trigger = triggers[(counter * 7 + entryIndex) % triggers.length]!;
      const task = tasks[(counter * 11 + variant * 3) % tasks.length]!;
      const order = entry.place === 'end' ? 0 : [0, 0, 1, 0, 2][counter % 5]!;
      const text = message(trigger, task, made.expr, order, Boolean(entry.noTask));
      const tags = [...(entry.tags ?? []), ...(trigger.tag && !(entry.tags ?? []).includes(trigger.tag) ? [trigger.tag] : [])];
      counter += 1;
      cases.push({
        id: `${language}-${String(entryIndex + 1).padStart(3, '0')}-${variant + 1}`,
        text,
        now: made.ctx.iso(made.ctx.now),
        timezone: made.ctx.tz,
        language,
        grain: entry.grain,
        tags,
        expected: { ...made.expected, text: entry.noTask ? null : task },
      });
    }
  });
  return cases;
}

export function buildCorpus(): { fr: TimeCase[]; en: TimeCase[] } {
  return { fr: buildLanguage('fr', FR_ENTRIES, FR_TASKS, FR_TRIGGERS), en: buildLanguage('en', EN_ENTRIES, EN_TASKS, EN_TRIGGERS) };
}

function main(): void {
  const corpus = buildCorpus();
  const check = process.argv.includes('--check');
  let stale = false;
  for (const language of ['fr', 'en'] as const) {
    const file = path.join(__dirname, `${language}.jsonl`);
    const body = corpus[language].map((c) => JSON.stringify(c)).join('\n') + '\n';
    if (check) {
      let current = '';
      try {
        current = readFileSync(file, 'utf8');
      } catch {
        current = '';
      }
      if (current !== body) {
        stale = true;
        process.stderr.write(`${file} is not what generate.ts writes: run npx tsx test/corpus/time/generate.ts\n`);
      }
    } else {
      writeFileSync(file, body);
      process.stdout.write(`${file}: ${corpus[language].length} cases\n`);
    }
  }
  if (stale) process.exitCode = 1;
}

if (require.main === module) main();
