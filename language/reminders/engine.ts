/**
 * chrono-node, extended: our parsers (delays, Québec parts of the day, French clock times, the day
 * of the month, "après-demain") and refiners, one engine per language. Pure: chrono never reads
 * the wall clock here, the reference instant is always given.
 */
import * as chrono from 'chrono-node';
import { type Chrono, type Parser, type ParsingComponents, type ParsingContext, type ParsingResult, type Refiner } from 'chrono-node';
import { type Lang, addCalendarDays, daysInMonth } from '../time';
import { CLOCK, DELAY, DELAY_PREFIX, readClock, readDelay } from '../clock';
import { type DayPeriod, MONTHS, MONTH_NAMES, PERIOD_DEFAULT_HOUR, TAG_MIDNIGHT, TAG_RELATIVE, TAG_TODAY, TAG_VAGUE, VAGUE_DELAY_MINUTES, words } from './common';
import { TAG_CLOCK, TAG_PERIOD, dateComponents, makeParser, referenceDate, relativeComponents } from './chrono-helpers';
import { endOfMonthParser } from './deadline';
import { RELATIVE_PARSERS } from './relative';
import { enHolidayParser, frHolidayParser } from './holidays';
import { enExtraClockParser, enHourBeforePeriodParser, enRelativeClockParser, enWordClockParser, frWordClockParser } from './words-clock';
import { DELAY_PARSERS } from './delays';

export { TAG_MIDNIGHT, TAG_RELATIVE, TAG_VAGUE } from './common';

// ---------------------------------------------------------------------------------------
// chrono extensions
// ---------------------------------------------------------------------------------------

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
  words("tant[oô]t|tout\\s+à\\s+l'heure|(?<!au\\s)(?:un\\s+peu\\s+)?plus\\s+tard|(?<!(?:no|not)\\s)later(?:\\s+on|\\s+today)?|in\\s+a\\s+(?:bit|while)|a\\s+bit\\s+later"),
  (context) => relativeComponents(context, VAGUE_DELAY_MINUTES, TAG_VAGUE),
);

function periodParser(pattern: string, period: DayPeriod): Parser {
  return makeParser(words(pattern), (context, match) => {
    const components = context
      .createParsingComponents()
      .imply('hour', PERIOD_DEFAULT_HOUR[period])
      .imply('minute', 0)
      .imply('meridiem', period === 'morning' ? 0 : 1)
      .addTag(TAG_PERIOD + period);
    // "ce matin", "this morning": today's, never tomorrow's.
    if (/^(?:ce|cet|cette|this)\s/i.test(match[0])) components.addTag(TAG_TODAY);
    return components;
  });
}

const FR_PERIOD_PARSERS = [
  periodParser("(?:(?:à|a|ce|le|du|en|dans\\s+la|cette)\\s+)?soir(?:ée)?", 'evening'),
  periodParser("(?:(?:à|a|ce|le|du|en|dans\\s+la|cette)\\s+)?(?:matin(?:ée)?|mat)", 'morning'),
  periodParser("(?:au|(?:à|a)\\s+l'heure\\s+du)\\s+d[îi]ner", 'noon'),
  periodParser("(?:au|(?:à|a)\\s+l'heure\\s+du)\\s+souper", 'evening'),
  periodParser("(?:(?:cet|en|de\\s+l'|dans\\s+l'|l')\\s*)?apr[eè]s[-\\s]?midi|(?:cet\\s+|en\\s+)?apr[eè]m", 'afternoon'),
  periodParser('(?:cette|la|de\\s+la|dans\\s+la)\\s+nuit', 'night'),
];

const EN_PERIOD_PARSERS = [
  periodParser('(?:(?:this|in\\s+the)\\s+)?morning', 'morning'),
  periodParser('(?:(?:this|in\\s+the)\\s+)?afternoon', 'afternoon'),
  periodParser('(?:(?:this|in\\s+the)\\s+)?evening|tonight|tonite', 'evening'),
  periodParser('(?:at|in\\s+the|this)\\s+night|night', 'night'),
  periodParser('(?:at|for)\\s+(?:lunch(?:time)?|noon\\s*time)', 'noon'),
  periodParser('(?:at|for)\\s+(?:dinner|supper)(?:\\s*time)?', 'evening'),
];

/** French clock times ({@link CLOCK}) with what may precede them: "à 20h", "vers 8 h 30", "dès midi". */
const FR_CLOCK = words(
  // "pendant 2 heures" is a duration, not 2 o'clock.
  `(?<!(?:pendant|durant|depuis)\\s+)(?:(?:[àa]|vers|d[èe]s|pour)\\s+)?${CLOCK}(?:\\s+pile)?`,
);

const frClockParser = makeParser(FR_CLOCK, (context, match) => {
  const clock = readClock(match);
  if (!clock) return null;
  const components = context.createParsingComponents({ hour: clock.hour, minute: clock.minute }).addTag(TAG_CLOCK);
  // "à 6h pile": the hour as written.
  if (clock.meridiemKnown || /pile$/i.test(match[0])) components.assign('meridiem', clock.hour >= 12 ? 1 : 0);
  if (clock.midnight) components.addTag(TAG_MIDNIGHT);
  return components;
});

/** "le 15", "le 1er", "on the 3rd": a day of the month, this month or the next one. */
const dayOfMonthParser = makeParser(
  words(
    `(?:le|(?:on\\s+)?the)\\s+(\\d{1,2}|premier)(?:er|e|ème|st|nd|rd|th)?` +
      `(?:\\s+(du\\s+mois\\s+prochain|(?:of\\s+)?next\\s+month)|\\s+(?:du\\s+mois|of\\s+(?:the|this)\\s+month))?` +
      `(?!\\s*(?:h|:|\\/|\\d|heures?|${MONTH_NAMES}|of\\s|de\\s+chaque|du\\s+mois))`,
  ),
  (context, match) => {
    const day = /^\d/.test(match[1]!) ? Number(match[1]) : 1;
    if (day < 1 || day > 31) return null;
    const today = referenceDate(context);
    if (match[2]) {
      // "le 4 du mois prochain": that day of next month, certainly.
      const next = nextMonth(today);
      if (day > daysInMonth(next.year, next.month)) return null;
      return dateComponents(context, { ...next, day });
    }
    // Imply a month that has this day so chrono's validity filter keeps the result.
    let month = { year: today.year, month: today.month };
    if (day < today.day || day > daysInMonth(month.year, month.month)) month = nextMonth(month);
    while (day > daysInMonth(month.year, month.month)) month = nextMonth(month);
    return context.createParsingComponents({ day }).imply('month', month.month).imply('year', month.year);
  },
);

/** "le premier juillet": chrono reads "1er juillet" only. */
const frFirstOfMonthParser = makeParser(words(`(?:le\\s+)?premier\\s+(${MONTH_NAMES})`), (context, match) => {
  const month = MONTHS[match[1]!.toLowerCase()];
  if (!month) return null;
  return context.createParsingComponents({ day: 1, month });
});

export function nextMonth(m: { year: number; month: number }): { year: number; month: number } {
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
/** "lun. à 9h", "Thu at 9am", "fri at 9am": written with a dot, or (not French words) right before a time. */
function abbreviationMeantAsDay(text: string, end: number, abbreviation: string): boolean {
  const after = text.slice(end);
  if (/^\./.test(after)) return true;
  return !['sam', 'mar', 'mer', 'mon', 'sun'].includes(abbreviation) && /^\s*,?\s*(?:at\s+|@\s*)\d/i.test(after);
}

const noiseFilter: Refiner = {
  refine: (context, results) =>
    results.filter((result) => {
      const text = result.text.trim().toLowerCase().replace(/\.$/, '');
      if (AMBIGUOUS_ABBREVIATIONS.has(text) && !abbreviationMeantAsDay(context.text, result.index + result.text.length, text)) return false;
      const start = result.start;
      const monthOnly = start.isCertain('month') && !start.isCertain('day') && !start.isCertain('weekday') && !start.isCertain('hour');
      return !monthOnly;
    }),
};

export function periodOf(tags: Set<string>): DayPeriod | null {
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
export function applyPeriod(hour: number, period: DayPeriod): number {
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
export const ENGINES: Record<Lang, Chrono> = {
  fr: extend(chrono.fr.casual, [...DELAY_PARSERS, frHolidayParser, endOfMonthParser, ...RELATIVE_PARSERS.fr, delayParser, vagueParser, frAfterTomorrowParser, frWordClockParser, frClockParser, ...FR_PERIOD_PARSERS, frFirstOfMonthParser, dayOfMonthParser]),
  en: extend(chrono.en.casual, [...DELAY_PARSERS, enExtraClockParser, enHourBeforePeriodParser, enHolidayParser, endOfMonthParser, ...RELATIVE_PARSERS.en, delayParser, vagueParser, enRelativeClockParser, enWordClockParser, ...EN_PERIOD_PARSERS, dayOfMonthParser]),
};
