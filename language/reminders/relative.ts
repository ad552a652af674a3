/**
 * More day expressions as chrono-node parsers: "le premier lundi de mars", "the last Friday of
 * the month", "the second Monday of next month"; "day after tomorrow", "a week from Friday",
 * "three weeks from today", "four years from now", "dans 4 ans"; "friday after next", "lundi en
 * huit", "mardi en quinze"; "on the fifteenth"; "tomorow" (misspelt); "now", "maintenant". Pure.
 */
import { type Parser, type ParsingContext } from 'chrono-node';
import { type LocalDate, addCalendarDays, daysInMonth, weekdayOf } from '../time';
import { MONTHS, MONTH_NAMES, TAG_RELATIVE, words } from './common';
import { dateComponents, makeParser, referenceDate, relativeComponents } from './chrono-helpers';
import { nthWeekdayOf } from './holidays';
import { wordNumber } from './words-clock';

const WEEKDAYS: Record<string, number> = {
  dimanche: 0, lundi: 1, mardi: 2, mercredi: 3, jeudi: 4, vendredi: 5, samedi: 6,
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
};
const WEEKDAY_NAMES = Object.keys(WEEKDAYS).join('|');
const ORDINALS: Record<string, number> = {
  premier: 1, '1er': 1, deuxieme: 2, deuxième: 2, '2e': 2, second: 2, troisieme: 3, troisième: 3, '3e': 3, quatrieme: 4, quatrième: 4, '4e': 4,
  dernier: -1, first: 1, '1st': 1, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, last: -1,
};
const ORDINAL_NAMES = Object.keys(ORDINALS).join('|');

function nextMonthOf(d: LocalDate): { year: number; month: number } {
  return d.month === 12 ? { year: d.year + 1, month: 1 } : { year: d.year, month: d.month + 1 };
}

/** "le premier mardi d'octobre", "the last Friday of the month", "the 2nd Monday of next month". */
const nthWeekdayParser = makeParser(
  words(
    `(?:(?:on\\s+)?the\\s+|le\\s+)?(${ORDINAL_NAMES})\\s+(${WEEKDAY_NAMES})\\s+(?:of|in|de|d'|du)\\s*` +
      `(?:(?:the\\s+)?(next\\s+month|mois\\s+prochain)|(?:the\\s+|this\\s+|ce\\s+)?(month|mois(?:-ci)?)|(${MONTH_NAMES}))`,
  ),
  (context, m) => {
    const n = ORDINALS[m[1]!.toLowerCase()];
    const weekday = WEEKDAYS[m[2]!.toLowerCase()];
    if (n === undefined || weekday === undefined) return null;
    const today = referenceDate(context);
    const pick = (year: number, month: number): LocalDate => nthWeekdayOf(year, month, weekday, n);
    let date: LocalDate;
    if (m[3]) {
      const next = nextMonthOf(today);
      date = pick(next.year, next.month);
    } else if (m[4]) {
      date = pick(today.year, today.month);
      if (compare(date, today) < 0) date = pick(nextMonthOf(today).year, nextMonthOf(today).month);
    } else {
      const month = MONTHS[m[5]!.toLowerCase()]!;
      date = pick(today.year, month);
      if (compare(date, today) < 0) date = pick(today.year + 1, month);
    }
    return dateComponents(context, date);
  },
);

function compare(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** "day after tomorrow" (without "the"), "tomorow", "tmrw". */
const dayAfterTomorrowParser = makeParser(words('(?:the\\s+)?day\\s+after\\s+tomorrow'), (context) => dateComponents(context, addCalendarDays(referenceDate(context), 2)));
const misspeltTomorrowParser = makeParser(words('tomm?orr?ow|tomorow|tommorow|tomorroww|tmrw|tmr|2morrow|2moro|demian|deamin'), (context) =>
  dateComponents(context, addCalendarDays(referenceDate(context), 1)),
);

const COUNT = "(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\\d{1,2})";
const UNIT = '(days?|weeks?|months?|years?|jours?|semaines?|mois|ans?|ann[ée]es?)';

function shift(date: LocalDate, count: number, unit: string): LocalDate {
  if (/^(?:d|j)/i.test(unit)) return addCalendarDays(date, count);
  if (/^(?:w|s)/i.test(unit)) return addCalendarDays(date, 7 * count);
  const months = /^(?:y|an)/i.test(unit) ? 12 * count : count;
  const index = date.month - 1 + months;
  const year = date.year + Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

const countOf = (word: string): number | null => (/^an?$/i.test(word) ? 1 : wordNumber(word));

/** "a week from today", "three weeks from today", "four years from now", "a week from Friday". */
const fromParser = makeParser(words(`${COUNT}\\s+${UNIT}\\s+from\\s+(today|now|tomorrow|${WEEKDAY_NAMES})`), (context, m) => {
  const count = countOf(m[1]!);
  if (count === null) return null;
  const today = referenceDate(context);
  const anchor = m[3]!.toLowerCase();
  let base = today;
  if (anchor === 'tomorrow') base = addCalendarDays(today, 1);
  else if (anchor in WEEKDAYS) base = addCalendarDays(today, ((WEEKDAYS[anchor]! - weekdayOf(today) + 7) % 7) || 7);
  return dateComponents(context, shift(base, count, m[2]!));
});

/** "in 4 years", "dans 4 ans", "dans deux ans". */
const yearsParser = makeParser(words(`(?:in|dans|d'ici)\\s+${COUNT.replace('(a|an|', '(a|an|un|une|deux|trois|quatre|cinq|')}\\s+(years?|ans|années|annees)`), (context, m) => {
  const count = countOf(m[1]!) ?? ({ un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5 } as Record<string, number>)[m[1]!.toLowerCase()];
  return count ? dateComponents(context, shift(referenceDate(context), count, 'years')) : null;
});

function weekdayAhead(context: ParsingContext, weekday: number, extraWeeks: number): LocalDate {
  const today = referenceDate(context);
  return addCalendarDays(today, (((weekday - weekdayOf(today) + 7) % 7) || 7) + 7 * extraWeeks);
}

/** "friday after next", "the Friday after next", "lundi en huit", "mardi en quinze". */
const afterNextParser = makeParser(words(`(?:the\\s+)?(${WEEKDAY_NAMES})\\s+(after\\s+next|en\\s+huit|en\\s+quinze)`), (context, m) => {
  const weekday = WEEKDAYS[m[1]!.toLowerCase()]!;
  return dateComponents(context, weekdayAhead(context, weekday, /quinze/i.test(m[2]!) ? 2 : 1));
});

/** "on the fifteenth", "on the first": a day of the month in words. */
const DAY_WORDS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12,
  thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20,
  'twenty-first': 21, 'twenty-second': 22, 'twenty-third': 23, 'twenty-fourth': 24, 'twenty-fifth': 25, thirtieth: 30, 'thirty-first': 31,
};
const dayWordParser = makeParser(
  words(`(?:on\\s+)?the\\s+(${Object.keys(DAY_WORDS).join('|')})(?!\\s+(?:${WEEKDAY_NAMES}|of|in|time|one|day|week))`),
  (context, m) => {
    const day = DAY_WORDS[m[1]!.toLowerCase()]!;
    const today = referenceDate(context);
    let month = { year: today.year, month: today.month };
    if (day < today.day || day > daysInMonth(month.year, month.month)) month = nextMonthOf({ ...month, day: 1 });
    while (day > daysInMonth(month.year, month.month)) month = nextMonthOf({ ...month, day: 1 });
    return dateComponents(context, { ...month, day });
  },
);

/** "now", "right now", "maintenant", "tout de suite": a minute from now. */
const nowParser = makeParser(words('(?:right\\s+)?now|maintenant|tout\\s+de\\s+suite|immediately|imm[ée]diatement'), (context) =>
  relativeComponents(context, 1, TAG_RELATIVE),
);

export const RELATIVE_PARSERS: Record<'fr' | 'en', Parser[]> = {
  fr: [nthWeekdayParser, yearsParser, afterNextParser, nowParser],
  en: [nthWeekdayParser, dayAfterTomorrowParser, fromParser, yearsParser, afterNextParser, dayWordParser, misspeltTomorrowParser, nowParser],
};
