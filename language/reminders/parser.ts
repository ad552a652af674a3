/**
 * Natural-language reminder requests in French, Québec French and English.
 *
 * chrono-node finds the date and time expressions; we extend its `fr` and `en` parsers with
 * the forms people actually text (Québec "à soir", "tantôt", "8 h 30", "dans 2 h 30"...) and
 * then resolve the result ourselves, in the user's IANA zone, with the rules documented on
 * {@link parseReminder}.
 *
 * Pure and deterministic: no Node built-ins, no I/O, never reads the wall clock (always
 * `ctx.now`), no randomness, so Temporal workflow code can import it.
 */
import * as chrono from 'chrono-node';
import type { Chrono, ParsedResult, Parser, ParsingComponents, ParsingContext, ParsingResult, Refiner } from 'chrono-node';
import { type RecurrenceSpec, buildRRule, nextOccurrence } from '../recurrence';
import {
  type Lang,
  type LocalDate,
  addCalendarDays,
  calendarDaysBetween,
  daysInMonth,
  localToUtc,
  monthName,
  timezoneOffsetMinutes,
  weekdayOf,
  zonedParts,
} from '../time';

import { CLOCK, DELAY, DELAY_PREFIX, readClock, readDelay, readNumber } from '../clock';
import { detectLanguage, type Prepared, prepared, tidy } from '../prepare';
export type { Lang } from '../time';
/** Re-exported for the callers that read a fragment's language (the parser's own tests too). */
export { detectLanguage } from '../prepare';
export { parseDelayMinutes } from '../clock';

/** What the parser needs to know about the person and the moment. */
export interface ParseContext {
  now: Date;
  /** IANA zone of the person, e.g. "America/Toronto". */
  timezone: string;
  /** The person's default language, used when a message gives no clue. */
  language: Lang;
}

/** The outcome of reading one message. */
export type ReminderIntent =
  | {
      kind: 'reminder';
      text: string;
      dueAt: Date;
      /** RFC 5545 RRULE without DTSTART, e.g. "FREQ=WEEKLY;BYDAY=MO"; null for a one-off. */
      rrule: string | null;
      language: Lang;
      /** true when the user gave a clock time or a delay (not just "demain" or "ce soir") */
      explicitTime: boolean;
    }
  | { kind: 'clarify'; language: Lang; question: string; text: string | null }
  | { kind: 'none' };

/** A time found in a short message, already resolved (see {@link parseWhen}). */
export interface WhenParse {
  dueAt: Date;
  explicitTime: boolean;
  /** What is left of the message once the time expression is removed, tidied. */
  remainder: string;
}

type DayPeriod = 'morning' | 'noon' | 'afternoon' | 'evening' | 'night';

/**
 * Default hour of each part of the day when no clock time is given (explicitTime is then
 * false): matin 08:00, midi 12:00, après-midi 14:00, soir 19:00, nuit 21:00.
 */
const PERIOD_DEFAULT_HOUR: Record<DayPeriod, number> = {
  morning: 8,
  noon: 12,
  afternoon: 14,
  evening: 19,
  night: 21,
};

/** Hour used when only a day is given ("demain", "lundi", "tous les jours"). */
const DEFAULT_DAY_HOUR = 9;

/** "tantôt", "plus tard", "later": a vague delay, read as one hour from now. */
const VAGUE_DELAY_MINUTES = 60;

const NONE: ReminderIntent = { kind: 'none' };

// Word boundaries that understand accented letters (\b and \W do not).
const WORD_START = '(?<![\\p{L}\\p{N}])';
const WORD_END = '(?![\\p{L}\\p{N}])';

function words(body: string): RegExp {
  return new RegExp(`${WORD_START}(?:${body})${WORD_END}`, 'iu');
}

// ---------------------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------------------

interface Span {
  index: number;
  length: number;
}

/** `text` with the spans blanked out (spaces keep the other indices valid). */
function blankSpans(text: string, spans: Span[]): string {
  let out = text;
  for (const span of spans) {
    out = out.slice(0, span.index) + ' '.repeat(span.length) + out.slice(span.index + span.length);
  }
  return out;
}

const MONTHS: Record<string, number> = {
  janvier: 1, février: 2, fevrier: 2, mars: 3, avril: 4, mai: 5, juin: 6, juillet: 7, août: 8, aout: 8,
  septembre: 9, octobre: 10, novembre: 11, décembre: 12, decembre: 12,
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9,
  october: 10, november: 11, december: 12,
};
const MONTH_NAMES = Object.keys(MONTHS).join('|');

// ---------------------------------------------------------------------------------------
// Triggers: the words that make a message a reminder request
// ---------------------------------------------------------------------------------------

const TRIGGERS: RegExp[] = [
  // French, most specific first so the longest phrasing is the one removed.
  words("(?:n'|ne\\s+)?oublies?\\s+pas\\s+de\\s+me\\s+(?:le\\s+)?rappeler"),
  words("(?:est-ce\\s+que\\s+)?(?:tu\\s+(?:peux|pourrais)|(?:peux|pourrais|pouvez|pourriez)[-\\s](?:tu|vous)|j'aimerais\\s+que\\s+tu|(?:il\\s+)?faudrait)\\s+me\\s+rappeler"),
  words("ne\\s+me\\s+laisse\\s+pas\\s+oublier"),
  words('rapp?ell?e?s?[-\\s]*mo[iéa]'),
  words('fai[st]?[-\\s]*mo[iéa]\\s+(?:penser|souvenir)'),
  words('(?:il\\s+)?(?:faut|faudrait|faudra)\\s+que\\s+je\\s+(?:pense|me\\s+rappelle|me\\s+souvienne)'),
  words('(?:mets|met|ajoute|cr[ée]e|programme)[-\\s]*(?:moi\\s+)?un\\s+rappel'),
  words('rappel\\s*[:\\-–]'),
  // English.
  words("don'?t\\s+forget\\s+to\\s+remind\\s+me"),
  words('(?:(?:can|could|would|will)\\s+you\\s+(?:please\\s+)?|please\\s+)?remind\\s+me'),
  words("don'?t\\s+let\\s+me\\s+forget"),
  words('(?:please\\s+)?(?:set|create|add|make)\\s+(?:me\\s+)?a\\s+reminder'),
  words('reminder\\s*[:\\-–]'),
  words('reminder(?=\\s+(?:to|for|about)\\s)'),
];

function findTrigger(text: string): Span | null {
  for (const pattern of TRIGGERS) {
    const match = pattern.exec(text);
    if (match) return { index: match.index, length: match[0].length };
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Recurrence phrases ("tous les jours", "every monday", "en semaine"...)
// ---------------------------------------------------------------------------------------

interface RecurrencePhrase extends Span {
  spec: RecurrenceSpec;
  period?: DayPeriod;
}

const FR_DAYS: Record<string, number> = {
  dimanche: 0, lundi: 1, mardi: 2, mercredi: 3, jeudi: 4, vendredi: 5, samedi: 6,
};
const EN_DAYS: Record<string, number> = {
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
};
const DAY_NAMES = Object.keys({ ...FR_DAYS, ...EN_DAYS }).join('|');
const PERIOD_WORDS: Record<string, DayPeriod> = {
  matin: 'morning', midi: 'noon', soir: 'evening', nuit: 'night', 'après-midi': 'afternoon',
  'apres-midi': 'afternoon', aprem: 'afternoon', morning: 'morning', noon: 'noon',
  afternoon: 'afternoon', evening: 'evening', night: 'night',
};
const WEEKDAYS_MON_FRI = [1, 2, 3, 4, 5];

function daysIn(text: string): number[] {
  const found = text.toLowerCase().match(new RegExp(DAY_NAMES, 'g')) ?? [];
  return found.map((name) => FR_DAYS[name] ?? EN_DAYS[name] ?? 0);
}

function intervalIn(text: string): number {
  if (/other|sur\s+deux/i.test(text)) return 2;
  const number = /(\d+|deux|trois|quatre|two|three|four)/i.exec(text);
  return number ? readNumber(number[1]!) ?? 1 : 1;
}

function monthDayIn(text: string): number | undefined {
  const match = /(\d{1,2})(?:er|e|st|nd|rd|th)?/i.exec(text);
  return match ? Number(match[1]) : undefined;
}

const ORDINAL = '(\\d{1,2})(?:er|e|ème|st|nd|rd|th)?';

const RECURRENCE_PATTERNS: Array<{ pattern: RegExp; read: (m: string) => Omit<RecurrencePhrase, 'index' | 'length'> }> = [
  {
    // Weekdays. "la semaine" alone means weekdays ("la semaine à 7h"), but not "la semaine prochaine".
    pattern: words(
      "(?:à\\s+|a\\s+)?(?:tous\\s+les|chaque)\\s+jours?\\s+de\\s+(?:la\\s+)?semaine|les\\s+jours\\s+de\\s+semaine|" +
        '(?:tous\\s+les\\s+)?jours\\s+ouvrables|du\\s+lundi\\s+au\\s+vendredi|en\\s+semaine|' +
        "(?<!toute\\s)la\\s+semaine(?!\\s+(?:prochaine|derni[eè]re|pass[ée]e|d'apr[eè]s))|" +
        '(?:every|each)\\s+week\\s*days?|(?:on\\s+)?weekdays|(?:from\\s+)?monday\\s+(?:to|through|thru)\\s+friday',
    ),
    read: () => ({ spec: { freq: 'WEEKLY', byWeekday: WEEKDAYS_MON_FRI } }),
  },
  {
    pattern: words(
      '(?:toutes\\s+les|chaque|les)\\s+fins?\\s+de\\s+semaine|(?:tous\\s+les|chaque|les)\\s+week-?ends?|' +
        '(?:every|each)\\s+weekend|(?:on\\s+)?weekends',
    ),
    read: () => ({ spec: { freq: 'WEEKLY', byWeekday: [6, 0] } }),
  },
  {
    pattern: words(`un\\s+(?:${DAY_NAMES})\\s+sur\\s+deux|every\\s+other\\s+(?:${DAY_NAMES})`),
    read: (m) => ({ spec: { freq: 'WEEKLY', interval: 2, byWeekday: daysIn(m) } }),
  },
  {
    pattern: words(
      `(?:(?:à\\s+|a\\s+)?(?:tous\\s+les|chaque)|every|each)\\s+(?:${DAY_NAMES})s?` +
        `(?:\\s*(?:,|et|and|&)\\s*(?:les\\s+|le\\s+)?(?:${DAY_NAMES})s?)*|` +
        `(?:on\\s+|les\\s+)?(?:${DAY_NAMES})s(?:\\s*(?:,|et|and|&)\\s*(?:les\\s+)?(?:${DAY_NAMES})s)*`,
    ),
    read: (m) => ({ spec: { freq: 'WEEKLY', byWeekday: daysIn(m) } }),
  },
  {
    pattern: words(
      "(?:à\\s+|a\\s+)?(?:tou(?:te)?s\\s+les|chaque)\\s+(matin|midi|soir|nuit|apr[eè]s-midi|aprem)s?|" +
        '(?:every|each)\\s+(morning|noon|afternoon|evening|night)',
    ),
    read: (m) => {
      const word = /(matin|midi|soir|nuit|apr[eè]s-midi|aprem|morning|noon|afternoon|evening|night)/i.exec(m)?.[1] ?? '';
      return { spec: { freq: 'DAILY' }, period: PERIOD_WORDS[word.toLowerCase()] ?? 'morning' };
    },
  },
  {
    pattern: words(
      '(?:tous\\s+les|every)\\s+(?:\\d+|deux|trois|two|three)\\s+(?:jours|days)|un\\s+jour\\s+sur\\s+deux|every\\s+other\\s+day',
    ),
    read: (m) => ({ spec: { freq: 'DAILY', interval: intervalIn(m) } }),
  },
  {
    pattern: words(
      '(?:à\\s+|a\\s+)?(?:tous\\s+les\\s+jours|chaque\\s+jour)|quotidiennement|(?:every|each)\\s+(?:single\\s+)?day|daily|everyday',
    ),
    read: () => ({ spec: { freq: 'DAILY' } }),
  },
  {
    pattern: words(
      '(?:toutes\\s+les|every)\\s+(?:\\d+|deux|trois|quatre|two|three|four)\\s+(?:semaines|weeks)|' +
        'toutes\\s+les\\s+semaines|chaque\\s+semaine|une\\s+fois\\s+par\\s+semaine|hebdomadairement|' +
        '(?:every|each)\\s+(?:other\\s+)?week|weekly|once\\s+a\\s+week',
    ),
    read: (m) => ({ spec: { freq: 'WEEKLY', interval: intervalIn(m) } }),
  },
  {
    pattern: words(
      `le\\s+${ORDINAL}\\s+de\\s+(?:chaque|tous\\s+les)\\s+mois|(?:à\\s+|a\\s+)?(?:tous\\s+les|chaque)\\s+mois(?:\\s*,?\\s*le\\s+${ORDINAL}(?!\\s*(?:\\/|${MONTH_NAMES})))?|` +
        'mensuellement|une\\s+fois\\s+par\\s+mois|' +
        `(?:on\\s+)?the\\s+${ORDINAL}\\s+of\\s+(?:every|each)\\s+month|(?:every|each)\\s+month(?:\\s+on\\s+the\\s+${ORDINAL})?|monthly(?:\\s+on\\s+the\\s+${ORDINAL})?`,
    ),
    read: (m) => ({ spec: { freq: 'MONTHLY', byMonthDay: monthDayIn(m) } }),
  },
  {
    pattern: words('tous\\s+les\\s+ans|chaque\\s+ann[ée]e|annuellement|(?:every|each)\\s+year|yearly|annually'),
    read: () => ({ spec: { freq: 'YEARLY' } }),
  },
];

function findRecurrence(text: string): RecurrencePhrase | null {
  for (const { pattern, read } of RECURRENCE_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return { index: match.index, length: match[0].length, ...read(match[0]) };
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Impossible dates ("le 31 février"): chrono silently drops them, we want to ask.
// ---------------------------------------------------------------------------------------

const DAY_THEN_MONTH = words(`(\\d{1,2})(?:er|e|st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_NAMES})`);
const MONTH_THEN_DAY = words(`(${MONTH_NAMES})\\s+(\\d{1,2})(?:st|nd|rd|th)?`);

interface MonthDay {
  month: number;
  day: number;
}

function findImpossibleDate(text: string, today: LocalDate): (MonthDay & Span) | null {
  const candidates: Array<MonthDay & Span> = [];
  const dayFirst = DAY_THEN_MONTH.exec(text);
  if (dayFirst) {
    const month = MONTHS[dayFirst[2]!.toLowerCase()] ?? 0;
    candidates.push({ day: Number(dayFirst[1]), month, index: dayFirst.index, length: dayFirst[0].length });
  }
  const monthFirst = MONTH_THEN_DAY.exec(text);
  if (monthFirst) {
    const month = MONTHS[monthFirst[1]!.toLowerCase()] ?? 0;
    candidates.push({ day: Number(monthFirst[2]), month, index: monthFirst.index, length: monthFirst[0].length });
  }
  return candidates.find((c) => c.month > 0 && (c.day < 1 || c.day > daysInMonth(yearFor(c, today), c.month))) ?? null;
}

/** The year of the next occurrence of a month/day (this year unless it is already behind us). */
function yearFor(date: MonthDay, today: LocalDate): number {
  const behind = date.month < today.month || (date.month === today.month && date.day < today.day);
  return behind ? today.year + 1 : today.year;
}

// ---------------------------------------------------------------------------------------
// chrono extensions
// ---------------------------------------------------------------------------------------

const TAG_CLOCK = 'reminder/clock';
const TAG_MIDNIGHT = 'reminder/midnight';
const TAG_RELATIVE = 'reminder/relative';
const TAG_VAGUE = 'reminder/vague';
const TAG_PERIOD = 'reminder/period/';

function referenceWallTime(context: ParsingContext, plusMinutes = 0): Date {
  const offset = context.reference.timezoneOffset ?? 0;
  return new Date(context.reference.instant.getTime() + (plusMinutes + offset) * 60_000);
}

function referenceDate(context: ParsingContext): LocalDate {
  const wall = referenceWallTime(context);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/** Components for "now + minutes", exact whatever the host's zone (date() gives the instant). */
function relativeComponents(context: ParsingContext, minutes: number, tag: string): ParsingComponents {
  const wall = referenceWallTime(context, minutes);
  return context
    .createParsingComponents({
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
      millisecond: wall.getUTCMilliseconds(),
      timezoneOffset: context.reference.timezoneOffset ?? 0,
    })
    .addTag(tag);
}

function dateComponents(context: ParsingContext, date: LocalDate): ParsingComponents {
  return context.createParsingComponents({
    year: date.year,
    month: date.month,
    day: date.day,
    weekday: weekdayOf(date),
  });
}

function makeParser(pattern: RegExp, extract: (context: ParsingContext, match: RegExpMatchArray) => ParsingComponents | null): Parser {
  return { pattern: () => pattern, extract };
}

const delayParser = makeParser(words(`(?:${DELAY_PREFIX})\\s+${DELAY}`), (context, match) => {
  const delay = readDelay(match, 0);
  if (!delay) return null;
  if ('minutes' in delay) return relativeComponents(context, delay.minutes, TAG_RELATIVE);
  const today = referenceDate(context);
  if ('days' in delay) return dateComponents(context, addCalendarDays(today, delay.days));
  const monthIndex = today.month - 1 + delay.months;
  const year = today.year + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  return dateComponents(context, { year, month, day: Math.min(today.day, daysInMonth(year, month)) });
});

const vagueParser = makeParser(
  words("tant[oô]t|tout\\s+à\\s+l'heure|(?:un\\s+peu\\s+)?plus\\s+tard|later(?:\\s+on|\\s+today)?|in\\s+a\\s+(?:bit|while)|a\\s+bit\\s+later"),
  (context) => relativeComponents(context, VAGUE_DELAY_MINUTES, TAG_VAGUE),
);

function periodParser(pattern: string, period: DayPeriod): Parser {
  return makeParser(words(pattern), (context) =>
    context
      .createParsingComponents()
      .imply('hour', PERIOD_DEFAULT_HOUR[period])
      .imply('minute', 0)
      .imply('meridiem', period === 'morning' ? 0 : 1)
      .addTag(TAG_PERIOD + period),
  );
}

const FR_PERIOD_PARSERS = [
  periodParser("(?:(?:à|a|ce|le|du|en|dans\\s+la|cette)\\s+)?soir(?:ée)?", 'evening'),
  periodParser("(?:(?:à|a|ce|le|du|en|dans\\s+la|cette)\\s+)?matin(?:ée)?", 'morning'),
  periodParser("(?:(?:cet|en|de\\s+l'|dans\\s+l'|l')\\s*)?apr[eè]s[-\\s]?midi|(?:cet\\s+|en\\s+)?apr[eè]m", 'afternoon'),
  periodParser('(?:cette|la|de\\s+la|dans\\s+la)\\s+nuit', 'night'),
];

const EN_PERIOD_PARSERS = [
  periodParser('(?:(?:this|in\\s+the)\\s+)?morning', 'morning'),
  periodParser('(?:(?:this|in\\s+the)\\s+)?afternoon', 'afternoon'),
  periodParser('(?:(?:this|in\\s+the)\\s+)?evening|tonight|tonite', 'evening'),
  periodParser('(?:at|in\\s+the|this)\\s+night|night', 'night'),
];

/** French clock times ({@link CLOCK}) with what may precede them: "à 20h", "vers 8 h 30", "dès midi". */
const FR_CLOCK = words(
  // "pendant 2 heures" is a duration, not 2 o'clock.
  `(?<!(?:pendant|durant|depuis)\\s+)(?:(?:[àa]|vers|d[èe]s|pour)\\s+)?${CLOCK}`,
);

const frClockParser = makeParser(FR_CLOCK, (context, match) => {
  const clock = readClock(match);
  if (!clock) return null;
  const components = context.createParsingComponents({ hour: clock.hour, minute: clock.minute }).addTag(TAG_CLOCK);
  if (clock.meridiemKnown) components.assign('meridiem', clock.hour >= 12 ? 1 : 0);
  if (clock.midnight) components.addTag(TAG_MIDNIGHT);
  return components;
});

/** "le 15", "le 1er", "on the 3rd": a day of the month, this month or the next one. */
const dayOfMonthParser = makeParser(
  words(`(?:le|(?:on\\s+)?the)\\s+(\\d{1,2})(?:er|e|ème|st|nd|rd|th)?(?!\\s*(?:h|:|\\/|\\d|heures?|${MONTH_NAMES}|of\\s))`),
  (context, match) => {
    const day = Number(match[1]);
    if (day < 1 || day > 31) return null;
    const today = referenceDate(context);
    // Imply a month that has this day so chrono's validity filter keeps the result.
    let month = { year: today.year, month: today.month };
    if (day < today.day || day > daysInMonth(month.year, month.month)) month = nextMonth(month);
    while (day > daysInMonth(month.year, month.month)) month = nextMonth(month);
    return context.createParsingComponents({ day }).imply('month', month.month).imply('year', month.year);
  },
);

function nextMonth(m: { year: number; month: number }): { year: number; month: number } {
  return m.month === 12 ? { year: m.year + 1, month: 1 } : { year: m.year, month: m.month + 1 };
}

const frAfterTomorrowParser = makeParser(words("apr[eè]s[-\\s]demain"), (context) =>
  dateComponents(context, addCalendarDays(referenceDate(context), 2)),
);

/** Abbreviations chrono reads as days but that are ordinary words or names ("Sam", "mer", "sun"). */
const AMBIGUOUS_ABBREVIATIONS = new Set([
  'lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim', 'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs',
  'fri', 'sat', 'sun',
]);

/** Drops results that are more likely ordinary words: weekday abbreviations and bare months ("may"). */
const noiseFilter: Refiner = {
  refine: (_context, results) =>
    results.filter((result) => {
      const text = result.text.trim().toLowerCase().replace(/\.$/, '');
      if (AMBIGUOUS_ABBREVIATIONS.has(text)) return false;
      const start = result.start;
      const monthOnly = start.isCertain('month') && !start.isCertain('day') && !start.isCertain('weekday') && !start.isCertain('hour');
      return !monthOnly;
    }),
};

function periodOf(tags: Set<string>): DayPeriod | null {
  for (const tag of tags) {
    if (tag.startsWith(TAG_PERIOD)) return tag.slice(TAG_PERIOD.length) as DayPeriod;
  }
  const chronoPeriods: Record<string, DayPeriod> = {
    'casualReference/morning': 'morning',
    'casualReference/afternoon': 'afternoon',
    'casualReference/evening': 'evening',
    'casualReference/tonight': 'evening',
    'casualReference/night': 'night',
  };
  for (const tag of tags) {
    const period = chronoPeriods[tag];
    if (period) return period;
  }
  return null;
}

/** The 24-hour hour meant by a 1–12 clock hour said with a part of the day ("9h à soir" = 21). */
function applyPeriod(hour: number, period: DayPeriod): number {
  if (hour >= 12 || hour === 0) return hour;
  if (period === 'afternoon' || period === 'evening') return hour + 12;
  if (period === 'night' && hour >= 6) return hour + 12;
  return hour;
}

const hasCertainDay = (c: ParsingComponents): boolean => c.isCertain('day') || c.isCertain('weekday');

/**
 * Merges a clock time with an adjacent part of the day: "à 7h du matin", "à soir à 9h",
 * "demain matin à 7h", "at 8 in the evening". The part of the day settles am/pm.
 */
const periodClockMerger: Refiner = {
  refine: (context, results) => {
    const merged: ParsingResult[] = [];
    for (const result of results) {
      const previous = merged[merged.length - 1];
      const combined = previous ? mergePeriodAndClock(context, previous, result) : null;
      if (combined) merged[merged.length - 1] = combined;
      else merged.push(result);
    }
    return merged;
  },
};

function mergePeriodAndClock(context: ParsingContext, left: ParsingResult, right: ParsingResult): ParsingResult | null {
  const between = context.text.slice(left.index + left.text.length, right.index);
  if (!/^\s*(?:,|à|a|at|le|vers)?\s*$/i.test(between)) return null;
  const [clock, period] = left.start.isCertain('hour') ? [left, right] : [right, left];
  const periodName = periodOf(period.start.tags());
  if (!clock.start.isCertain('hour') || period.start.isCertain('hour') || !periodName) return null;
  if (hasCertainDay(clock.start) && hasCertainDay(period.start)) return null;

  const base = hasCertainDay(period.start) ? period.clone() : clock.clone();
  const hour = clock.start.get('hour') ?? 0;
  const meridiemKnown = clock.start.isCertain('meridiem') || hour >= 13;
  const finalHour = meridiemKnown ? hour : applyPeriod(hour, periodName);
  base.start.assign('hour', finalHour);
  base.start.assign('minute', clock.start.get('minute') ?? 0);
  base.start.assign('meridiem', finalHour >= 12 ? 1 : 0);
  base.start.addTags(clock.start.tags());
  base.start.addTags(period.start.tags());
  base.index = left.index;
  base.text = context.text.slice(left.index, right.index + right.text.length);
  return base;
}

// Parsers and refiners of chrono we replace, by class name (Temporal bundles workflows without
// minifying, so names survive; a unit test checks the replacement): its French clock parsers
// read bare numbers ("le 3 à 8h" became 3:00) and miss "8 h 30"; its soir/matin hours differ
// from ours; "pour/en 2 heures" reads durations as delays; time-zone abbreviations catch the
// French "et". (Not FRTimeUnitAgoFormatParser: chrono 2.10 also gives that name to its
// "la semaine prochaine" parser.)
const REPLACED_PARSERS = new Set([
  'FRTimeExpressionParser',
  'FRSpecificTimeExpressionParser',
  'FRCasualTimeParser',
  'FRTimeUnitWithinFormatParser',
]);
const REPLACED_REFINERS = new Set(['ExtractTimezoneAbbrRefiner', 'ExtractTimezoneOffsetRefiner', 'ForwardDateRefiner']);

function extend(base: Chrono, ownParsers: Parser[]): Chrono {
  const engine = base.clone();
  engine.parsers = [...ownParsers, ...engine.parsers.filter((p) => !REPLACED_PARSERS.has(p.constructor.name))];
  engine.refiners = [
    noiseFilter,
    ...engine.refiners.filter((r) => !REPLACED_REFINERS.has(r.constructor.name)),
    periodClockMerger,
  ];
  return engine;
}

// Our parsers come first so that, for two results covering the same words, ours is kept.
const ENGINES: Record<Lang, Chrono> = {
  fr: extend(chrono.fr.casual, [delayParser, vagueParser, frAfterTomorrowParser, frClockParser, ...FR_PERIOD_PARSERS, dayOfMonthParser]),
  en: extend(chrono.en.casual, [delayParser, vagueParser, ...EN_PERIOD_PARSERS, dayOfMonthParser]),
};

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

type DayRef =
  | { kind: 'date'; year: number | null; month: number; day: number }
  | { kind: 'weekday'; weekday: number }
  | { kind: 'dayOfMonth'; day: number };

interface WhenSpec {
  relative?: { at: Date; vague: boolean };
  day?: DayRef;
  clock?: ClockTime;
  period?: DayPeriod;
  conflict?: 'times' | 'days';
}

function readDay(c: ParsedResult['start']): DayRef | undefined {
  const day = c.get('day');
  const month = c.get('month');
  if (c.isCertain('day') && c.isCertain('month') && day !== null && month !== null) {
    return { kind: 'date', year: c.isCertain('year') ? c.get('year') : null, month, day };
  }
  if (c.isCertain('day') && day !== null) return { kind: 'dayOfMonth', day };
  const weekday = c.get('weekday');
  if (c.isCertain('weekday') && weekday !== null) return { kind: 'weekday', weekday };
  return undefined;
}

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
  }
  return out;
}

const hasWhen = (spec: WhenSpec): boolean => Boolean(spec.relative || spec.day || spec.clock || spec.period);

interface Extraction {
  spec: WhenSpec;
  /** The text with the time expressions (and the little words tied to them) blanked out. */
  rest: string;
}

// Little words that belong to the time expression that follows them ("pour lundi", "on Monday").
const GLUE_BEFORE =
  /(?:^|\s)(?:à|a|au|le|pour|vers|dès|ce|cet|cette|d'ici|jusqu'à|à\s+partir\s+d[eu]|at|on|by|for|around|this|until|starting(?:\s+on)?|from)\s*$/iu;

function extendOverGlue(text: string, span: Span): Span {
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

function extractWhen(text: string, ctx: ParseContext, lang: Lang): Extraction {
  const reference = { instant: ctx.now, timezone: timezoneOffsetMinutes(ctx.now, ctx.timezone) };
  const results = ENGINES[lang].parse(text, reference);
  const spans = results.map((r) => extendOverGlue(text, { index: r.index, length: r.text.length }));
  return { spec: combine(results.map(readResult)), rest: blankSpans(text, spans) };
}

// ---------------------------------------------------------------------------------------
// Resolving a "when" into an instant
// ---------------------------------------------------------------------------------------

type FailureReason = 'past' | 'noTime' | 'conflictTimes' | 'conflictDays';

type Resolution = { ok: true; dueAt: Date; explicitTime: boolean } | { ok: false; reason: FailureReason };

interface TimeOfDay {
  hour: number;
  minute: number;
}

/** Calendar dates a day reference can mean, in order of preference. */
function candidateDays(day: DayRef, today: LocalDate & { weekday: number }): LocalDate[] {
  switch (day.kind) {
    case 'date': {
      const year = day.year ?? yearFor(day, today);
      return day.day <= daysInMonth(year, day.month) ? [{ year, month: day.month, day: day.day }] : [];
    }
    case 'weekday': {
      // A bare weekday is always a future day: "lundi" said on a Monday means next Monday.
      const ahead = (day.weekday - today.weekday + 7) % 7 || 7;
      return [addCalendarDays(today, ahead)];
    }
    case 'dayOfMonth': {
      const out: LocalDate[] = [];
      let month = { year: today.year, month: today.month };
      for (let i = 0; i < 13 && out.length < 2; i++, month = nextMonth(month)) {
        const date = { ...month, day: day.day };
        if (day.day <= daysInMonth(month.year, month.month) && calendarDaysBetween(today, date) >= 0) out.push(date);
      }
      return out;
    }
  }
}

/**
 * How the day was given: not at all (the time may roll to tomorrow), as today ("aujourd'hui",
 * "today": am or pm of today only) or as a later day.
 */
type DayMode = 'none' | 'today' | 'later';

/**
 * Hours to try, in order, for a clock hour 1–11 given without am/pm or part of the day.
 *
 * French is a 24-hour language: with a day given ("demain à 2h30") the hour is taken as
 * written. English is a 12-hour one: with a day given, 1–5 mean the afternoon ("tomorrow at
 * 3" is 3 PM) and 6–11 the morning. Without a day, the first choice still ahead of `now` wins:
 * - French 1–7: as written today, else +12 h today, else as written tomorrow
 *   ("à 3h" at 14:00 is 15:00 today, "à 7h" at 14:00 is 19:00 today);
 * - French 8–11: as written today, else tomorrow ("à 9h" at 14:00 is 9:00 tomorrow);
 * - English 1–5: afternoon today, else tomorrow afternoon;
 * - English 6–11: as written today, else +12 h today, else tomorrow ("at 8" at 14:00 is 8 PM).
 */
function bareHourChoices(hour: number, lang: Lang, mode: DayMode): Array<{ hour: number; dayOffset: number }> {
  const englishAfternoon = lang === 'en' && hour <= 5;
  if (mode === 'later') return [{ hour: englishAfternoon ? hour + 12 : hour, dayOffset: 0 }];
  const choices = englishAfternoon
    ? [{ hour: hour + 12, dayOffset: 0 }, { hour: hour + 12, dayOffset: 1 }]
    : hour <= 7 || lang === 'en'
      ? [{ hour, dayOffset: 0 }, { hour: hour + 12, dayOffset: 0 }, { hour, dayOffset: 1 }]
      : [{ hour, dayOffset: 0 }, { hour, dayOffset: 1 }];
  // "aujourd'hui à 3h": today only.
  return mode === 'today' ? choices.filter((c) => c.dayOffset === 0) : choices;
}

interface TimeChoice {
  time: TimeOfDay;
  dayOffset: number;
  explicit: boolean;
}

function timeChoices(spec: WhenSpec, lang: Lang, mode: DayMode): TimeChoice[] {
  const clock = spec.clock;
  if (clock) {
    let hour = clock.hour;
    if (!clock.meridiemKnown && spec.period) hour = applyPeriod(hour, spec.period);
    const ambiguous = !clock.meridiemKnown && !spec.period && hour >= 1 && hour <= 11;
    if (ambiguous) {
      return bareHourChoices(hour, lang, mode).map((c) => ({
        time: { hour: c.hour, minute: clock.minute },
        dayOffset: c.dayOffset,
        explicit: true,
      }));
    }
    // "demain à minuit" means the end of tomorrow's evening, i.e. 00:00 the day after.
    const midnightNextDay = clock.midnight && mode !== 'none' ? 1 : 0;
    const time = { hour, minute: clock.minute };
    const choices = [{ time, dayOffset: midnightNextDay, explicit: true }];
    if (mode === 'none') choices.push({ time, dayOffset: 1, explicit: true });
    return choices;
  }
  if (spec.period) return [{ time: { hour: PERIOD_DEFAULT_HOUR[spec.period], minute: 0 }, dayOffset: 0, explicit: false }];
  if (mode !== 'none') return [{ time: { hour: DEFAULT_DAY_HOUR, minute: 0 }, dayOffset: 0, explicit: false }];
  return [];
}

function conflictOf(conflict: 'times' | 'days'): { ok: false; reason: FailureReason } {
  return { ok: false, reason: conflict === 'times' ? 'conflictTimes' : 'conflictDays' };
}

/** Resolves a one-off "when" to the first matching instant after `ctx.now`. */
function resolveOnce(spec: WhenSpec, ctx: ParseContext, lang: Lang): Resolution {
  if (spec.conflict) return conflictOf(spec.conflict);
  if (spec.relative) return { ok: true, dueAt: spec.relative.at, explicitTime: !spec.relative.vague };
  const today = zonedParts(ctx.now, ctx.timezone);
  const days = spec.day ? candidateDays(spec.day, today) : [today];
  if (timeChoices(spec, lang, spec.day ? 'later' : 'none').length === 0) return { ok: false, reason: 'noTime' };
  for (const day of days) {
    const mode: DayMode = !spec.day ? 'none' : calendarDaysBetween(today, day) === 0 ? 'today' : 'later';
    for (const choice of timeChoices(spec, lang, mode)) {
      const local = { ...addCalendarDays(day, choice.dayOffset), ...choice.time };
      const dueAt = localToUtc(local, ctx.timezone);
      if (dueAt.getTime() > ctx.now.getTime()) return { ok: true, dueAt, explicitTime: choice.explicit };
    }
  }
  return { ok: false, reason: 'past' };
}

/** Time of day of a recurring reminder: clock (dated rule for bare hours), part of day, or 9:00. */
function recurringTime(spec: WhenSpec, phrase: RecurrencePhrase, ctx: ParseContext, lang: Lang): TimeChoice {
  if (spec.relative) {
    const local = zonedParts(spec.relative.at, ctx.timezone);
    return { time: { hour: local.hour, minute: local.minute }, dayOffset: 0, explicit: !spec.relative.vague };
  }
  const withPeriod = { ...spec, period: spec.period ?? phrase.period };
  const [choice] = timeChoices(withPeriod, lang, 'later');
  return choice ?? { time: { hour: DEFAULT_DAY_HOUR, minute: 0 }, dayOffset: 0, explicit: false };
}

/** Fills what the phrase left open ("chaque semaine" → which day) from the rest of the message. */
function completeSpec(phrase: RecurrencePhrase, firstDay: LocalDate): RecurrenceSpec {
  const spec = { ...phrase.spec };
  if (spec.freq === 'WEEKLY' && !spec.byWeekday?.length) spec.byWeekday = [weekdayOf(firstDay)];
  if (spec.freq === 'MONTHLY' && spec.byMonthDay === undefined) spec.byMonthDay = firstDay.day;
  if (spec.freq === 'YEARLY') {
    spec.byMonth = firstDay.month;
    spec.byMonthDay = firstDay.day;
  }
  return spec;
}

type RecurringResolution = { ok: true; dueAt: Date; explicitTime: boolean; rrule: string } | { ok: false; reason: FailureReason };

function resolveRecurring(spec: WhenSpec, phrase: RecurrencePhrase, ctx: ParseContext, lang: Lang): RecurringResolution {
  if (spec.conflict) return conflictOf(spec.conflict);
  const today = zonedParts(ctx.now, ctx.timezone);
  const firstDay = (spec.day && candidateDays(spec.day, today)[0]) ?? today;
  const choice = recurringTime(spec, phrase, ctx, lang);
  const completed = completeSpec(phrase, firstDay);
  const rrule = buildRRule(completed);
  // A date in the message ("à partir du 3 décembre") is where the series starts.
  const startsOn = spec.day ? localToUtc({ ...firstDay, hour: 0, minute: 0 }, ctx.timezone) : ctx.now;
  const after = new Date(Math.max(ctx.now.getTime(), startsOn.getTime() - 1));
  // The first reminder is the next matching day even for "every other week": the series then
  // counts its interval from that first occurrence (callers anchor on the first dueAt).
  const firstSlot = buildRRule({ ...completed, interval: 1 });
  const dueAt = nextOccurrence(firstSlot, { ...firstDay, ...choice.time }, ctx.timezone, after);
  if (!dueAt) return { ok: false, reason: 'past' };
  return { ok: true, dueAt, explicitTime: choice.explicit, rrule };
}

// ---------------------------------------------------------------------------------------
// The task text
// ---------------------------------------------------------------------------------------

const POLITE = "svp|stp|s'il\\s+te\\s+pla[iî]t|s'il\\s+vous\\s+pla[iî]t|please|pls|plz|merci|thanks|thank\\s+you";
const LEADING_NOISE = new RegExp(
  `^(?:[\\s,;:.!?\\-–—]+|(?:de|à|que|pour|et|puis|to|about|that|of|for|and|then|ok|okay|hey|allo|salut|bonjour|hi|hello|${POLITE})(?=[\\s,.!:;]|$)|d'|qu')`,
  'iu',
);
const TRAILING_NOISE = new RegExp(
  `(?:[\\s,;:.!?\\-–—]+|(?<=\\s)(?:à|a|le|de|pour|at|on|to|for|et|and|${POLITE}))$`,
  'iu',
);

/** Drops leftover punctuation and linking words at both ends: " de prendre mes pilules à " → "prendre mes pilules". */
function tidyTask(text: string): string {
  let task = text.replace(/\s+/g, ' ').replace(/\s+([,.!?;:])/g, '$1').trim();
  for (let previous = ''; previous !== task; ) {
    previous = task;
    task = task.replace(LEADING_NOISE, '').replace(TRAILING_NOISE, '').trim();
  }
  return task;
}

// Messages that start like this are conversation, not a task ("je finis à 17h", "j'ai un
// rendez-vous à 15h", "the meeting is at 3").
const NOT_A_TASK_START = new RegExp(
  "^(?:j'|c'|qu'|(?:je|tu|il|elle|on|nous|vous|ils|elles|ça|ca|le|la|les|mon|ma|mes|quoi|quand|comment|" +
    'pourquoi|est-ce|oui|non|bonjour|salut|allo|merci|bonne|bon|i|you|he|she|it|we|they|the|my|what|when|' +
    `how|why|is|are|do|does|yes|no|hi|hello|hey|thanks|good)${WORD_END})`,
  'iu',
);

/** Without a trigger phrase, only "<task> <time>" shaped messages are reminders. */
function looksLikeBareReminder(message: string, task: string): boolean {
  return !message.includes('?') && /\p{L}{2}/u.test(task) && !NOT_A_TASK_START.test(task);
}

// ---------------------------------------------------------------------------------------
// Questions we ask back
// ---------------------------------------------------------------------------------------

const QUESTIONS = {
  what: { fr: 'De quoi veux-tu que je te rappelle?', en: 'What should I remind you about?' },
  time: { fr: 'À quelle heure veux-tu que je te le rappelle?', en: 'What time should I remind you?' },
  past: {
    fr: 'Ce moment est déjà passé. Pour quand veux-tu ce rappel?',
    en: 'That time has already passed. When should I remind you?',
  },
  conflictTimes: {
    fr: "Je vois plus d'une heure dans ton message. À quelle heure veux-tu que je te le rappelle?",
    en: 'I see more than one time in your message. Which time should I use?',
  },
  conflictDays: {
    fr: "Je vois plus d'un jour dans ton message. Quel jour veux-tu?",
    en: 'I see more than one day in your message. Which day do you mean?',
  },
} as const;

function impossibleDateQuestion(date: MonthDay, lang: Lang): string {
  if (lang === 'fr') return `Le ${date.day} ${monthName(date.month, 'fr')} n'existe pas. Quelle date veux-tu?`;
  return `${monthName(date.month, 'en')} ${date.day} doesn't exist. Which date do you mean?`;
}

function clarify(language: Lang, question: string, text: string | null): ReminderIntent {
  return { kind: 'clarify', language, question, text: text || null };
}

function questionFor(reason: FailureReason, lang: Lang): string {
  return QUESTIONS[reason === 'noTime' ? 'time' : reason][lang];
}

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

/** Whole-message carrier and control words: never reminders. */
const CONTROL_WORDS = /^(?:stop|stopall|unsubscribe|start|unstop|help|aide|info|arr[eê]t(?:e|er)?|end|quit)[\s.!]*$/i;

/**
 * Reads a message as a reminder request.
 *
 * - Requests start with a trigger ("rappelle-moi", "fais-moi penser à", "faut que je pense à",
 *   "n'oublie pas de me rappeler", "remind me", "reminder:"...) or are a bare "<task> <time>"
 *   ("prendre mes médicaments à 20h"). Anything else, questions and STOP included, is `none`.
 * - A trigger without a time asks when; a time without a task asks what; an impossible date,
 *   two different times or days, or a moment already past, ask again.
 * - Defaults (explicitTime false): a day without a time is 09:00; matin 08:00, midi 12:00,
 *   après-midi 14:00, soir/"à soir" 19:00, nuit 21:00; "tantôt"/"plus tard"/"later" is in one hour.
 * - A time without a day that is already past today is tomorrow; a bare weekday is the next
 *   one after today; hours 1–11 without am/pm follow {@link bareHourChoices}.
 * - Recurring requests ("tous les jours à 8h", "every weekday at 8am", "tous les mois le 1er")
 *   get an RRULE without DTSTART and `dueAt` = first occurrence after `now` in local time.
 */
export function parseReminder(message: string | Prepared, ctx: ParseContext): ReminderIntent {
  const u = prepared(message, ctx.language);
  const text = u.clean;
  if (text === '' || CONTROL_WORDS.test(text)) return NONE;
  const language = u.language;
  const { trigger, phrase, impossible, spec, task } = analyse(text, ctx, language);

  const timeMentioned = hasWhen(spec) || Boolean(phrase) || Boolean(impossible);
  if (!trigger && !(timeMentioned && looksLikeBareReminder(text, task))) return NONE;
  if (impossible) return clarify(language, impossibleDateQuestion(impossible, language), task);
  if (!task) return clarify(language, QUESTIONS.what[language], null);
  if (!hasWhen(spec) && !phrase) return clarify(language, QUESTIONS.time[language], task);

  const resolved = phrase ? resolveRecurring(spec, phrase, ctx, language) : { ...resolveOnce(spec, ctx, language), rrule: null };
  if (!resolved.ok) return clarify(language, questionFor(resolved.reason, language), task);
  const { dueAt, explicitTime, rrule } = resolved;
  return { kind: 'reminder', text: task, dueAt, rrule, language, explicitTime };
}

interface Analysis {
  trigger: Span | null;
  phrase: RecurrencePhrase | null;
  impossible: (MonthDay & Span) | null;
  spec: WhenSpec;
  task: string;
}

/** Takes the message apart: trigger, recurrence phrase, impossible date, time, and the task left. */
function analyse(text: string, ctx: ParseContext, language: Lang): Analysis {
  const trigger = findTrigger(text);
  let rest = trigger ? blankSpans(text, [trigger]) : text;
  const phrase = findRecurrence(rest);
  if (phrase) rest = blankSpans(rest, [phrase]);
  const impossible = findImpossibleDate(rest, zonedParts(ctx.now, ctx.timezone));
  if (impossible) rest = blankSpans(rest, [extendOverGlue(rest, impossible)]);
  const { spec, rest: leftover } = extractWhen(rest, ctx, language);
  return { trigger, phrase, impossible, spec, task: tidyTask(leftover) };
}

/**
 * Finds and resolves a one-off time in a short text ("à 18h", "demain 9h", "in 2 hours"),
 * with the same rules as {@link parseReminder}. Null when there is no usable time.
 */
export function parseWhen(text: string, ctx: ParseContext, lang?: Lang): WhenParse | null {
  const normalized = tidy(text);
  const language = lang ?? detectLanguage(normalized, ctx.language);
  // Short texts give little clue about their language: try the other one before giving up.
  for (const attempt of [language, language === 'fr' ? 'en' : 'fr'] as const) {
    const { spec, rest } = extractWhen(normalized, ctx, attempt);
    if (!hasWhen(spec)) continue;
    const once = resolveOnce(spec, ctx, attempt);
    return once.ok ? { dueAt: once.dueAt, explicitTime: once.explicitTime, remainder: tidyTask(rest) } : null;
  }
  return null;
}

