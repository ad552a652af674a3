/**
 * Holidays as chrono-node parsers: "à Noël", "le lundi de Pâques", "à l'Action de grâce", "la
 * Saint-Jean-Baptiste", "on Thanksgiving", "Black Friday", "Christmas morning"… The next one on
 * or after today. Where the rule depends on the place, the reference's UTC offset decides:
 * west of −03:00 (the Americas) Canadian rules ("Thanksgiving" is the second Monday of October,
 * "la fête nationale" June 24, "la fête du Travail" the first Monday of September), east of it
 * French ones (July 14, May 1). Pure.
 */
import { type Parser, type ParsingContext } from 'chrono-node';
import { type LocalDate, addCalendarDays, calendarDaysBetween, weekdayOf } from '../time';
import { type DayPeriod, PERIOD_DEFAULT_HOUR, words } from './common';
import { TAG_PERIOD, dateComponents, referenceDate } from './chrono-helpers';

type Rule = (year: number, europe: boolean) => LocalDate;

/** Easter Sunday (Gregorian, anonymous algorithm). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return { year, month, day: ((h + l - 7 * m + 114) % 31) + 1 };
}

/** The n-th weekday of a month (n = -1: the last one). */
export function nthWeekdayOf(year: number, month: number, weekday: number, n: number): LocalDate {
  if (n > 0) {
    const first = { year, month, day: 1 };
    return addCalendarDays(first, ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7);
  }
  const last = addCalendarDays(month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 }, -1);
  return addCalendarDays(last, -((weekdayOf(last) - weekday + 7) % 7));
}

const fixed = (month: number, day: number): Rule => (year) => ({ year, month, day });
const fromEaster = (days: number): Rule => (year) => addCalendarDays(easterSunday(year), days);
const nth = (month: number, weekday: number, n: number): Rule => (year) => nthWeekdayOf(year, month, weekday, n);
const usThanksgiving = nth(11, 4, 4);
const caThanksgiving = nth(10, 1, 2);
/** Victoria Day / Journée nationale des patriotes: the Monday before May 25. */
const victoria: Rule = (year) => addCalendarDays({ year, month: 5, day: 25 }, -(((weekdayOf({ year, month: 5, day: 25 }) - 1 + 7) % 7) || 7));

interface Holiday {
  pattern: string;
  rule: Rule;
  period?: DayPeriod;
}

const FR: Holiday[] = [
  { pattern: "(?:le\\s+)?matin\\s+de\\s+no[eë]l", rule: fixed(12, 25), period: 'morning' },
  { pattern: "(?:la\\s+)?veille\\s+de\\s+no[eë]l", rule: fixed(12, 24) },
  { pattern: "(?:au\\s+|le\\s+)?lendemain\\s+de\\s+no[eë]l", rule: fixed(12, 26) },
  { pattern: "(?:(?:à|a)\\s+|le\\s+jour\\s+de\\s+|au\\s+jour\\s+de\\s+)?no[eë]l", rule: fixed(12, 25) },
  { pattern: "(?:la\\s+)?veille\\s+du\\s+jour\\s+de\\s+l'an|(?:la\\s+)?veille\\s+du\\s+nouvel\\s+an|(?:la\\s+)?saint[-\\s]sylvestre", rule: fixed(12, 31) },
  { pattern: "(?:au\\s+|le\\s+)?jour\\s+de\\s+l'an|(?:au\\s+)?nouvel\\s+an", rule: fixed(1, 1) },
  { pattern: "(?:(?:à|a)\\s+la\\s+|le\\s+jour\\s+de\\s+la\\s+|la\\s+)?saint[-\\s]valentin", rule: fixed(2, 14) },
  { pattern: "(?:(?:à|a)\\s+la\\s+|la\\s+)?saint[-\\s]jean(?:[-\\s]baptiste)?", rule: fixed(6, 24) },
  { pattern: '(?:(?:à|a)\\s+la\\s+|la\\s+)?f[êe]te\\s+nationale', rule: (y, europe) => (europe ? fixed(7, 14)(y, europe) : fixed(6, 24)(y, europe)) },
  { pattern: "(?:(?:à|a)\\s+la\\s+|la\\s+)?f[êe]te\\s+du\\s+canada|(?:le\\s+)?jour\\s+du\\s+canada", rule: fixed(7, 1) },
  { pattern: "(?:la\\s+)?veille\\s+de\\s+l'action\\s+de\\s+gr[âa]ces?", rule: (y) => addCalendarDays(caThanksgiving(y, false), -1) },
  { pattern: "(?:(?:à|a)\\s+l'|le\\s+jour\\s+de\\s+l'|l')?action\\s+de\\s+gr[âa]ces?", rule: caThanksgiving },
  { pattern: '(?:(?:à|a)\\s+la\\s+|la\\s+)?f[êe]te\\s+du\\s+travail', rule: (y, europe) => (europe ? fixed(5, 1)(y, europe) : nth(9, 1, 1)(y, europe)) },
  { pattern: '(?:le\\s+)?vendredi\\s+saint', rule: fromEaster(-2) },
  { pattern: '(?:le\\s+)?lundi\\s+de\\s+p[âa]ques', rule: fromEaster(1) },
  { pattern: '(?:(?:à|a)\\s+|le\\s+dimanche\\s+de\\s+)?p[âa]ques', rule: fromEaster(0) },
  { pattern: '(?:(?:à|a|pour)\\s+la\\s+|la\\s+)?f[êe]te\\s+des\\s+m[èe]res', rule: (y, europe) => (europe ? nth(5, 0, -1)(y, europe) : nth(5, 0, 2)(y, europe)) },
  { pattern: '(?:(?:à|a|pour)\\s+la\\s+|la\\s+)?f[êe]te\\s+des\\s+p[èe]res', rule: nth(6, 0, 3) },
  { pattern: "(?:le\\s+)?soir\\s+de\\s+l'halloween", rule: fixed(10, 31), period: 'evening' },
  { pattern: "(?:(?:à|a)\\s+l'|l')?halloween", rule: fixed(10, 31) },
  { pattern: '(?:au\\s+|le\\s+)?jour\\s+du\\s+souvenir', rule: fixed(11, 11) },
  { pattern: "(?:(?:à|a)\\s+l'|l')?armistice", rule: fixed(11, 11) },
  { pattern: '(?:(?:à|a)\\s+la\\s+|la\\s+)?(?:journ[ée]e\\s+nationale\\s+des\\s+patriotes|f[êe]te\\s+de\\s+la\\s+reine|f[êe]te\\s+de\\s+dollard)', rule: victoria },
  { pattern: '(?:au\\s+|le\\s+)?vendredi\\s+fou', rule: (y) => addCalendarDays(usThanksgiving(y, false), 1) },
  { pattern: '(?:(?:à|a)\\s+la\\s+|la\\s+)?saint[-\\s]patrick', rule: fixed(3, 17) },
  { pattern: '(?:au\\s+|le\\s+)?mardi\\s+gras', rule: fromEaster(-47) },
  { pattern: '(?:(?:à|a)\\s+la\\s+|la\\s+)?toussaint', rule: fixed(11, 1) },
  { pattern: "(?:(?:à|a)\\s+l'|le\\s+jeudi\\s+de\\s+l'|l')?ascension", rule: fromEaster(39) },
  { pattern: '(?:le\\s+)?lundi\\s+de\\s+pentec[ôo]te', rule: fromEaster(50) },
  { pattern: '(?:(?:à|a)\\s+la\\s+|la\\s+)?f[êe]te\\s+de\\s+la\\s+musique', rule: fixed(6, 21) },
];

const ON = '(?:(?:on|at|for)\\s+(?:the\\s+)?)?';
const EN: Holiday[] = [
  { pattern: `${ON}christmas\\s+morning`, rule: fixed(12, 25), period: 'morning' },
  { pattern: `${ON}christmas\\s+eve`, rule: fixed(12, 24) },
  { pattern: `${ON}christmas(?:\\s+day)?|${ON}xmas`, rule: fixed(12, 25) },
  { pattern: `${ON}boxing\\s+day`, rule: fixed(12, 26) },
  { pattern: `${ON}new\\s+year'?s'?\\s+eve|${ON}nye`, rule: fixed(12, 31) },
  { pattern: `${ON}new\\s+year'?s'?(?:\\s+day)?`, rule: fixed(1, 1) },
  { pattern: `${ON}valentine'?s'?(?:\\s+day)?`, rule: fixed(2, 14) },
  { pattern: `${ON}(?:st\\.?|saint)\\s+patrick'?s'?(?:\\s+day)?`, rule: fixed(3, 17) },
  { pattern: `${ON}easter\\s+monday`, rule: fromEaster(1) },
  { pattern: `${ON}easter(?:\\s+sunday)?`, rule: fromEaster(0) },
  { pattern: `${ON}good\\s+friday`, rule: fromEaster(-2) },
  { pattern: `${ON}mother'?s'?\\s+day`, rule: nth(5, 0, 2) },
  { pattern: `${ON}father'?s'?\\s+day`, rule: nth(6, 0, 3) },
  { pattern: `${ON}victoria\\s+day|${ON}may\\s+long\\s+weekend\\s+monday`, rule: victoria },
  { pattern: `${ON}canada\\s+day`, rule: fixed(7, 1) },
  { pattern: `${ON}civic\\s+holiday`, rule: nth(8, 1, 1) },
  { pattern: `${ON}labou?r\\s+day`, rule: (y, europe) => (europe ? fixed(5, 1)(y, europe) : nth(9, 1, 1)(y, europe)) },
  { pattern: `${ON}(?:american|us|u\\.s\\.)\\s+thanksgiving`, rule: usThanksgiving },
  { pattern: "the\\s+day\\s+before\\s+thanksgiving", rule: (y) => addCalendarDays(caThanksgiving(y, false), -1) },
  { pattern: `${ON}thanksgiving(?:\\s+monday|\\s+day)?`, rule: caThanksgiving },
  { pattern: `${ON}halloween\\s+night`, rule: fixed(10, 31), period: 'night' },
  { pattern: `${ON}halloween`, rule: fixed(10, 31) },
  { pattern: `${ON}remembrance\\s+day`, rule: fixed(11, 11) },
  { pattern: `${ON}family\\s+day`, rule: nth(2, 1, 3) },
  { pattern: `${ON}independence\\s+day|${ON}fourth\\s+of\\s+july`, rule: fixed(7, 4) },
  { pattern: `${ON}memorial\\s+day`, rule: nth(5, 1, -1) },
  { pattern: `${ON}presidents'?\\s+day`, rule: nth(2, 1, 3) },
  { pattern: `${ON}(?:mlk|martin\\s+luther\\s+king(?:\\s+jr\\.?)?)\\s+day`, rule: nth(1, 1, 3) },
  { pattern: `${ON}black\\s+friday`, rule: (y) => addCalendarDays(usThanksgiving(y, false), 1) },
  { pattern: `${ON}cyber\\s+monday`, rule: (y) => addCalendarDays(usThanksgiving(y, false), 4) },
  { pattern: `${ON}groundhog\\s+day`, rule: fixed(2, 2) },
  { pattern: `${ON}april\\s+fools'?(?:\\s+day)?`, rule: fixed(4, 1) },
  { pattern: `${ON}earth\\s+day`, rule: fixed(4, 22) },
  { pattern: `${ON}(?:st|saint)[-\\s]jean(?:[-\\s]baptiste)?(?:\\s+day)?`, rule: fixed(6, 24) },
];

/** "les cadeaux de Noël", "Christmas gifts": the holiday names a thing, not the day. */
function meantAsDay(text: string, index: number, length: number): boolean {
  if (/(?:^|\s)(?:de|des|du)\s+$|d'$/iu.test(text.slice(0, index))) return false;
  const thing = /^\s+(?:gifts?|presents?|tree|party|dinner|supper|lunch|brunch|cards?|lights|decorations?|shopping|list|cookies|eggs?|candy|costumes?|pumpkins?|turkey|sales?|deals?|menu|movies?|songs?|music|break|vacation|concert)(?![\p{L}])/iu;
  return !thing.test(text.slice(index + length));
}

/** Offsets east of −03:00 are read with France's rules. */
const EUROPE_FROM_OFFSET = -180;

function holidayParser(list: Holiday[]): Parser {
  const pattern = words(list.map((h) => `(${h.pattern})`).join('|'));
  return {
    pattern: () => pattern,
    extract: (context: ParsingContext, match: RegExpMatchArray) => {
      const holiday = list[match.slice(1).findIndex((g) => g !== undefined)];
      if (!holiday || !meantAsDay(context.text, match.index ?? 0, match[0].length)) return null;
      const today = referenceDate(context);
      const europe = (context.reference.timezoneOffset ?? 0) > EUROPE_FROM_OFFSET;
      let date = holiday.rule(today.year, europe);
      if (calendarDaysBetween(today, date) < 0) date = holiday.rule(today.year + 1, europe);
      const c = dateComponents(context, date);
      if (holiday.period) {
        c.imply('hour', PERIOD_DEFAULT_HOUR[holiday.period]).imply('minute', 0).addTag(TAG_PERIOD + holiday.period);
      }
      return c;
    },
  };
}

export const frHolidayParser = holidayParser(FR);
export const enHolidayParser = holidayParser(EN);
