/**
 * The shape of a time-corpus case (test/corpus/time/*.jsonl) and how an answer is scored
 * against it. Shared by the generator, the corpus test and bench:understanding.
 *
 * A case line is also a valid `npm run -s understand` input line: `text`, `now`, `timezone`
 * and `language` are read, the other fields are ignored.
 */
import { wallOf } from './calendar';

export type Grain =
  | 'datetime'
  | 'date'
  | 'part-of-day'
  | 'duration'
  | 'recurrence'
  | 'holiday'
  | 'deadline'
  | 'zone'
  | 'clarify';

export const GRAINS: readonly Grain[] = ['datetime', 'date', 'part-of-day', 'duration', 'recurrence', 'holiday', 'deadline', 'zone', 'clarify'];

/**
 * How the reminder's instant is compared:
 * - `minute`: the exact minute (clock times, delays);
 * - `date`: the local date only, in the case's zone (a day without a time; `dueAt` shows the
 *   product's default hour, 09:00);
 * - `window`: any instant in `(window.after, window.before]` (a part of the day, a deadline's
 *   reminder ahead of it, "now").
 */
export type Check = 'minute' | 'date' | 'window';

export interface Expected {
  kind: 'reminder' | 'clarify';
  /** The instant expected (first occurrence for a recurrence); null for a question. */
  dueAt: string | null;
  /** The clean task: no trigger, no time words, no "avant". */
  text: string | null;
  /** RFC 5545 RRULE without DTSTART, for recurrences; null otherwise. */
  rrule: string | null;
  check: Check | null;
  window?: { after: string; before: string };
  /** For deadlines: the moment the task is due (the reminder must come before it). */
  deadline?: string;
}

export interface TimeCase {
  id: string;
  /** The whole message as a person would text it. */
  text: string;
  /** Reference instant, ISO 8601 with the offset of `timezone`. */
  now: string;
  timezone: string;
  language: 'fr' | 'en';
  grain: Grain;
  /** Finer kinds for failure analysis: "words", "typo", "quebec", "numeric", "abbrev"… */
  tags: string[];
  expected: Expected;
}

/** What an engine answered for one case (the `understand` output shape, or an adapter's). */
export interface Answer {
  kind: string;
  dueAt: string | null;
  rrule: string | null;
  text?: string | null;
}

export type Verdict = 'right' | 'wrong' | 'abstained';

export interface Score {
  verdict: Verdict;
  /** A value strictly before `now` (always also `wrong`). */
  past: boolean;
  /** Why it is not right, for reports. */
  why: string | null;
}

/** RRULE parts sorted, BYDAY values sorted, INTERVAL=1 and WKST dropped: equal rules compare equal. */
export function normaliseRRule(rule: string | null): string | null {
  if (!rule) return null;
  const parts = rule
    .replace(/^RRULE:/i, '')
    .toUpperCase()
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p && p !== 'INTERVAL=1' && !p.startsWith('WKST='))
    .map((p) => {
      const [key, value = ''] = p.split('=');
      return key === 'BYDAY' ? `${key}=${value.split(',').sort().join(',')}` : `${key}=${value}`;
    });
  return parts.sort().join(';');
}

function localDate(instant: number, tz: string): string {
  const w = wallOf(new Date(instant), tz);
  return `${w.y}-${w.m}-${w.d}`;
}

/** Scores an answer against a case (see the `Check` kinds). */
export function scoreAnswer(c: TimeCase, answer: Answer): Score {
  const now = Date.parse(c.now);
  const due = answer.dueAt ? Date.parse(answer.dueAt) : NaN;
  const hasValue = Number.isFinite(due);
  const past = hasValue && due < now;
  if (c.expected.kind === 'clarify') {
    if (answer.kind === 'clarify') return { verdict: 'right', past: false, why: null };
    if (hasValue) return { verdict: 'wrong', past, why: 'a value where a question was expected' };
    return { verdict: 'abstained', past: false, why: `kind ${answer.kind}` };
  }
  if (!hasValue) return { verdict: 'abstained', past: false, why: answer.kind === 'clarify' ? 'asked' : `kind ${answer.kind}` };
  if (past) return { verdict: 'wrong', past: true, why: 'in the past' };
  const expectedRule = normaliseRRule(c.expected.rrule);
  const gotRule = normaliseRRule(answer.rrule);
  if (expectedRule !== gotRule) return { verdict: 'wrong', past: false, why: `rrule ${gotRule ?? 'none'}, expected ${expectedRule ?? 'none'}` };
  const expectedDue = Date.parse(c.expected.dueAt ?? '');
  switch (c.expected.check) {
    case 'minute':
      if (Math.floor(due / 60_000) === Math.floor(expectedDue / 60_000)) return { verdict: 'right', past: false, why: null };
      return { verdict: 'wrong', past: false, why: 'another minute' };
    case 'date':
      if (localDate(due, c.timezone) === localDate(expectedDue, c.timezone)) return { verdict: 'right', past: false, why: null };
      return { verdict: 'wrong', past: false, why: 'another date' };
    case 'window': {
      const after = Date.parse(c.expected.window?.after ?? '');
      const before = Date.parse(c.expected.window?.before ?? '');
      if (due > after && due <= before) return { verdict: 'right', past: false, why: null };
      return { verdict: 'wrong', past: false, why: 'outside the window' };
    }
    default:
      return { verdict: 'wrong', past: false, why: 'case without a check' };
  }
}

/** Lower case, one space, no trailing punctuation: how task texts are compared. */
export function normaliseTask(text: string | null | undefined): string {
  return (text ?? '').normalize('NFC').toLowerCase().replace(/[’`]/g, "'").replace(/\s+/g, ' ').replace(/[\s.!?,;:]+$/u, '').trim();
}
