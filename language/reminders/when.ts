/** From chrono's results to one "when" of a message: the day, the clock time, the part of the day, a delay. Pure. */
import { type ParsedResult } from 'chrono-node';
import { type Lang, timezoneOffsetMinutes } from '../time';
import { type DayPeriod, type ParseContext, type Span, blankSpans } from './common';
import { deadlineAround } from './deadline';
import { zoneAfter } from './zones';
import { TAG_TODAY } from './common';
import { ENGINES, TAG_MIDNIGHT, TAG_RELATIVE, TAG_VAGUE, periodOf } from './engine';

// ---------------------------------------------------------------------------------------
// From chrono results to a single "when"
// ---------------------------------------------------------------------------------------

interface ClockTime {
  hour: number;
  minute: number;
  /** false for "à 3h" / "at 3": could be 3 AM or 3 PM. */
  meridiemKnown: boolean;
  midnight: boolean;
}

export type DayRef =
  | { kind: 'date'; year: number | null; month: number; day: number; weekday?: number }
  | { kind: 'weekday'; weekday: number }
  | { kind: 'dayOfMonth'; day: number; weekday?: number };

export interface WhenSpec {
  relative?: { at: Date; vague: boolean };
  day?: DayRef;
  clock?: ClockTime;
  period?: DayPeriod;
  conflict?: 'times' | 'days';
  /** The moment is when the task is due ("avant vendredi", "by Friday"): remind ahead of it. */
  deadline?: { inclusive: boolean };
  /** IANA zone named in the message ("heure de Paris", "3pm PST"): the wall clock is that zone's. */
  zone?: string;
  /** A week and no day in it: "la semaine prochaine", "this weekend" (a weekday then picks the day). */
  week?: 'next' | 'vague';
  /** chrono's day for "next week" alone (a week from today), kept when no weekday is given. */
  weekDay?: DayRef;
}

function readDay(c: ParsedResult['start']): DayRef | undefined {
  const day = c.get('day');
  const month = c.get('month');
  const weekday = c.get('weekday');
  // "Monday the 30th", "Sun, Mar 15": the weekday must agree with the date (resolve.ts checks).
  const named = c.isCertain('weekday') && weekday !== null ? { weekday } : {};
  if (c.isCertain('day') && c.isCertain('month') && day !== null && month !== null) {
    return { kind: 'date', year: c.isCertain('year') ? c.get('year') : null, month, day, ...named };
  }
  if (c.isCertain('day') && day !== null) return { kind: 'dayOfMonth', day, ...named };
  if (c.isCertain('weekday') && weekday !== null) return { kind: 'weekday', weekday };
  if (c.tags().has(TAG_TODAY)) return { kind: 'date', year: c.get('year'), month: c.get('month') ?? 1, day: c.get('day') ?? 1 };
  return undefined;
}

/** A week without its day: "la semaine prochaine", "next week", "this weekend", "la fin de semaine". */
const NEXT_WEEK = /^(?:sometime\s+|some\s+time\s+)?(?:la\s+|the\s+)?(?:semaine\s+prochaine|next\s+week)[\s,.]*$/iu;
const VAGUE_WEEK = /^(?:(?:this|the|over\s+the|next)\s+)?week-?end[\s,.]*$|^(?:cette\s+|la\s+)?fin\s+de\s+semaine(?:\s+prochaine)?[\s,.]*$/iu;

function clockOfResult(c: ParsedResult['start']): ClockTime | undefined {
  const hour = c.get('hour');
  if (!c.isCertain('hour') || hour === null) return undefined;
  const tags = c.tags();
  return {
    hour,
    minute: c.get('minute') ?? 0,
    meridiemKnown: c.isCertain('meridiem') || hour === 0 || hour >= 12,
    midnight: tags.has(TAG_MIDNIGHT) || tags.has('casualReference/midnight'),
  };
}

function readResult(result: ParsedResult): WhenSpec {
  const tags = result.start.tags();
  const spec: WhenSpec = {};
  if (tags.has(TAG_RELATIVE) || tags.has(TAG_VAGUE) || tags.has('result/relativeDateAndTime')) {
    spec.relative = { at: result.start.date(), vague: tags.has(TAG_VAGUE) };
    return spec;
  }
  if (NEXT_WEEK.test(result.text) || VAGUE_WEEK.test(result.text)) {
    spec.week = NEXT_WEEK.test(result.text) ? 'next' : 'vague';
    if (spec.week === 'next') spec.weekDay = readDay(result.start);
    return spec;
  }
  spec.day = readDay(result.start);
  spec.clock = clockOfResult(result.start);
  // Kept even with a clock: "monday evening at 8" may still have 8 as its hour.
  spec.period = periodOf(tags) ?? undefined;
  const end = result.end ? clockOfResult(result.end) : undefined;
  if (end && spec.clock && (end.hour !== spec.clock.hour || end.minute !== spec.clock.minute)) spec.conflict = 'times';
  return spec;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Combines the pieces found in a message; two different times (or days) is a conflict. */
function combine(specs: WhenSpec[]): WhenSpec {
  const out: WhenSpec = {};
  for (const spec of specs) {
    if (spec.conflict) out.conflict ??= spec.conflict;
    const timeA = out.relative ?? out.clock;
    const timeB = spec.relative ?? spec.clock;
    if (timeA && timeB && !sameJson(timeA, timeB)) out.conflict ??= 'times';
    if (out.day && spec.day && !sameJson(out.day, spec.day)) out.conflict ??= 'days';
    if (spec.relative && out.day) out.conflict ??= 'times';
    if (spec.day && out.relative) out.conflict ??= 'times';
    out.relative ??= spec.relative;
    out.clock ??= spec.clock;
    out.day ??= spec.day;
    out.period ??= spec.period;
    out.week ??= spec.week;
    out.weekDay ??= spec.weekDay;
  }
  // "la semaine prochaine" alone: a week from today, as chrono reads it (people rely on it).
  if (out.week === 'next' && !out.day && out.weekDay) {
    out.day = out.weekDay;
    delete out.week;
  }
  delete out.weekDay;
  return out;
}

export const hasWhen = (spec: WhenSpec): boolean => Boolean(spec.relative || spec.day || spec.clock || spec.period || spec.week);

interface Extraction {
  spec: WhenSpec;
  /** The text with the time expressions (and the little words tied to them) blanked out. */
  rest: string;
  /** Where the time expressions were. */
  spans: Span[];
}

// Little words that belong to the time expression that follows them ("pour lundi", "on Monday").
const GLUE_BEFORE =
  /(?:^|\s)(?:à|a|au|le|pour|vers|dès|ce|cet|cette|d'ici|jusqu'à|à\s+partir\s+d[eu]|at|on|by|for|around|this|until|starting(?:\s+on)?|from)\s*$/iu;

export function extendOverGlue(text: string, span: Span): Span {
  let { index, length } = span;
  for (let i = 0; i < 2; i++) {
    const glue = GLUE_BEFORE.exec(text.slice(0, index));
    if (!glue) break;
    const start = glue.index + (glue[0].startsWith(' ') ? 1 : 0);
    length += index - start;
    index = start;
  }
  return { index, length };
}

export function extractWhen(text: string, ctx: ParseContext, lang: Lang): Extraction {
  const reference = { instant: ctx.now, timezone: timezoneOffsetMinutes(ctx.now, ctx.timezone) };
  const results = ENGINES[lang].parse(text, reference);
  const found = results.map((r) => ({ index: r.index, length: r.text.length }));
  const deadlines = found.map((span) => deadlineAround(text, span));
  const zones = found.map((span) => zoneAfter(text, span));
  const spans: Span[] = found.map((span, i) => {
    const zone = zones[i];
    const withZone = zone ? { index: span.index, length: zone.length } : span;
    const deadline = deadlines[i];
    return deadline ? { index: deadline.index, length: Math.max(deadline.index + deadline.length, withZone.index + withZone.length) - deadline.index } : extendOverGlue(text, withZone);
  });
  const spec = combine(results.map(readResult));
  const zone = zones.find(Boolean);
  if (zone) spec.zone = zone.zone;
  const deadline = deadlines.find(Boolean);
  if (deadline) spec.deadline = { inclusive: deadline.inclusive };
  return { spec, rest: blankSpans(text, spans), spans };
}
