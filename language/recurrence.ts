/**
 * Recurring reminders: building, stepping and describing RFC 5545 RRULEs.
 *
 * Rules are stored without DTSTART and always evaluated in "floating" local time: the
 * wall-clock time of the user is written as a UTC Date, RRule steps through those dates
 * (so "every day at 8:00" stays at 8:00 whatever the offset does), and each local
 * occurrence is then turned into a real instant with {@link localToUtc}. Pure: no I/O and
 * no wall clock (RRule is always given an explicit dtstart).
 */
import { type Frequency, type Options, RRule, type Weekday } from 'rrule';
import {
  type Lang,
  type LocalDateTime,
  floatingUtc,
  localToUtc,
  monthName,
  weekdayName,
  zonedParts,
} from './time';

/** The parts of a rule the parser produces. Weekdays use JavaScript numbering (0 = Sunday). */
export interface RecurrenceSpec {
  freq: 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
  interval?: number;
  byWeekday?: number[];
  /** With byWeekday in a monthly rule: which one of the month (1 = first, -1 = last): BYDAY=1MO. */
  byWeekdayPosition?: number;
  byMonthDay?: number;
  byMonth?: number;
}

/**
 * Where a rule's occurrences sit in local time: either the first occurrence (its local wall
 * time gives the date and the clock time) or just a clock time (the rule then starts on the
 * local day of `after`).
 */
export type RecurrenceAnchor = Date | { hour: number; minute: number; year?: number; month?: number; day?: number };

const DAY_MS = 86_400_000;
// After an occurrence that is not late enough we look at the next one; a handful is enough
// for any real rule, the cap only protects against pathological ones.
const MAX_STEPS = 1000;
// RRule numbers weekdays from Monday (0) to Sunday (6).
const RRULE_WEEKDAYS = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];
const FREQUENCIES: Record<RecurrenceSpec['freq'], Frequency> = {
  DAILY: RRule.DAILY,
  WEEKLY: RRule.WEEKLY,
  MONTHLY: RRule.MONTHLY,
  YEARLY: RRule.YEARLY,
};

function toRRuleWeekday(jsWeekday: number): Weekday {
  return RRULE_WEEKDAYS[(jsWeekday + 6) % 7]!;
}

function toJsWeekday(day: Weekday | number): number {
  const rruleIndex = typeof day === 'number' ? day : day.weekday;
  return (rruleIndex + 1) % 7;
}

/**
 * Parses and validates a stored rule ("FREQ=WEEKLY;BYDAY=MO", an "RRULE:" prefix is tolerated).
 * Throws when the rule is not usable: unknown syntax, no FREQ, or a DTSTART (we keep the
 * start apart, in local time).
 */
export function parseRRule(rrule: string): Partial<Options> {
  const body = rrule.trim().replace(/^RRULE:/i, '');
  if (body === '' || /DTSTART/i.test(body) || body.includes('\n')) throw new Error(`Invalid RRULE: ${rrule}`);
  const options = RRule.parseString(body);
  if (options.freq === undefined || options.freq === null) throw new Error(`Invalid RRULE: ${rrule}`);
  return options;
}

/** True when {@link parseRRule} accepts the rule. */
export function isValidRRule(rrule: string): boolean {
  try {
    parseRRule(rrule);
    return true;
  } catch {
    return false;
  }
}

/**
 * The RRULE string (without DTSTART and without the "RRULE:" prefix) for a spec, built and
 * validated through RRule. Weekdays are listed Monday first, as RFC 5545 examples do.
 */
export function buildRRule(spec: RecurrenceSpec): string {
  const options: Partial<Options> = { freq: FREQUENCIES[spec.freq] };
  if (spec.interval && spec.interval > 1) options.interval = spec.interval;
  if (spec.byWeekday?.length) {
    const mondayFirst = [...new Set(spec.byWeekday)].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
    const position = spec.byWeekdayPosition;
    options.byweekday = mondayFirst.map((d) => (position ? toRRuleWeekday(d).nth(position) : toRRuleWeekday(d)));
  }
  if (spec.byMonth !== undefined) options.bymonth = spec.byMonth;
  if (spec.byMonthDay !== undefined) options.bymonthday = spec.byMonthDay;
  // "BYDAY=1MO" as RFC 5545 writes it (rrule prints "+1MO").
  const rule = RRule.optionsToString(options).replace(/^RRULE:/, '').replace(/([=,])\+(\d)/g, '$1$2');
  parseRRule(rule);
  return rule;
}

function anchorToLocal(anchor: RecurrenceAnchor, tz: string, after: Date): LocalDateTime {
  if (anchor instanceof Date) return zonedParts(anchor, tz);
  const day = zonedParts(after, tz);
  return {
    year: anchor.year ?? day.year,
    month: anchor.month ?? day.month,
    day: anchor.day ?? day.day,
    hour: anchor.hour,
    minute: anchor.minute,
  };
}

function floatingToLocal(floating: Date): LocalDateTime {
  return {
    year: floating.getUTCFullYear(),
    month: floating.getUTCMonth() + 1,
    day: floating.getUTCDate(),
    hour: floating.getUTCHours(),
    minute: floating.getUTCMinutes(),
  };
}

/**
 * The first occurrence of `rrule` strictly after `after`, keeping the local wall-clock time
 * of `anchor` in `tz` across DST changes (8:00 stays 8:00 local). An occurrence falling in a
 * spring-forward gap moves to the first valid instant after it (see {@link localToUtc}).
 * Returns null when the rule has no more occurrences (COUNT/UNTIL reached).
 */
export function nextOccurrence(rrule: string, anchor: RecurrenceAnchor, tz: string, after: Date): Date | null {
  const start = floatingUtc(anchorToLocal(anchor, tz, after));
  const rule = new RRule({ ...parseRRule(rrule), dtstart: start, tzid: null });
  const afterFloating = floatingUtc(zonedParts(after, tz)).getTime();
  // Start two days early: around a DST change the local-to-instant mapping shifts by an hour,
  // so an occurrence slightly before `after` in floating time can still be after it for real.
  let cursor = new Date(Math.max(afterFloating - 2 * DAY_MS, start.getTime() - 1));
  for (let step = 0; step < MAX_STEPS; step++) {
    const occurrence = rule.after(cursor, false);
    if (!occurrence) return null;
    const instant = localToUtc(floatingToLocal(occurrence), tz);
    if (instant.getTime() > after.getTime()) return instant;
    cursor = occurrence;
  }
  return null;
}

function englishOrdinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

function joinList(items: string[], lang: Lang): string {
  if (items.length <= 1) return items.join('');
  const last = items[items.length - 1]!;
  return `${items.slice(0, -1).join(', ')} ${lang === 'fr' ? 'et' : 'and'} ${last}`;
}

function asArray<T>(value: T | T[] | null | undefined): T[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function describeWeekly(days: number[], interval: number, lang: Lang): string {
  const sorted = [...days].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  const key = sorted.join(',');
  if (interval === 1 && key === '1,2,3,4,5') return lang === 'fr' ? 'en semaine' : 'every weekday';
  if (interval === 1 && key === '6,0') return lang === 'fr' ? 'chaque fin de semaine' : 'every weekend';
  const names = joinList(sorted.map((d) => weekdayName(d, lang)), lang);
  if (lang === 'fr') {
    if (sorted.length === 0) return interval === 1 ? 'chaque semaine' : `toutes les ${interval} semaines`;
    if (interval === 1) return `chaque ${names}`;
    return interval === 2 ? `un ${names} sur deux` : `toutes les ${interval} semaines, le ${names}`;
  }
  if (sorted.length === 0) return interval === 1 ? 'every week' : `every ${interval} weeks`;
  if (interval === 1) return `every ${names}`;
  return interval === 2 ? `every other ${names}` : `every ${interval} weeks on ${names}`;
}

function describeMonthly(monthDays: number[], interval: number, lang: Lang): string {
  const day = monthDays[0];
  if (lang === 'fr') {
    const every = interval === 1 ? 'chaque mois' : `tous les ${interval} mois`;
    if (day === undefined) return every;
    const dayText = day === 1 ? '1er' : String(day);
    return interval === 1 ? `le ${dayText} de chaque mois` : `le ${dayText}, ${every}`;
  }
  const every = interval === 1 ? 'every month' : `every ${interval} months`;
  return day === undefined ? every : `on the ${englishOrdinal(day)} of ${every}`;
}

/** "le premier lundi de chaque mois", "on the last Friday of every month". */
function describeNthWeekday(weekday: number, n: number, lang: Lang): string {
  const name = weekdayName(weekday, lang);
  if (lang === 'fr') {
    const position = n === -1 ? 'dernier' : n === 1 ? 'premier' : `${n}e`;
    return `le ${position} ${name} de chaque mois`;
  }
  const position = n === -1 ? 'last' : englishOrdinal(n);
  return `on the ${position} ${name} of every month`;
}

/**
 * A short phrase for a stored rule: "tous les jours", "chaque lundi", "en semaine",
 * "le 1er de chaque mois" / "every day", "every Monday", "every weekday", "on the 1st of every month".
 */
export function describeRecurrence(rrule: string, lang: Lang): string {
  const options = parseRRule(rrule);
  const interval = options.interval ?? 1;
  const weekdays = asArray(options.byweekday as Weekday | Weekday[] | number | number[] | null | undefined).map(toJsWeekday);
  const monthDays = asArray(options.bymonthday);
  switch (options.freq) {
    case RRule.DAILY:
      if (interval === 1) return lang === 'fr' ? 'tous les jours' : 'every day';
      return lang === 'fr' ? `tous les ${interval} jours` : `every ${interval} days`;
    case RRule.WEEKLY:
      return describeWeekly(weekdays, interval, lang);
    case RRule.MONTHLY: {
      const positioned = asArray(options.byweekday as Weekday | Weekday[] | null | undefined).find((d) => typeof d === 'object' && d.n);
      if (positioned && interval === 1) return describeNthWeekday(toJsWeekday(positioned), positioned.n ?? 1, lang);
      return describeMonthly(monthDays, interval, lang);
    }
    case RRule.YEARLY: {
      const month = asArray(options.bymonth)[0];
      const day = monthDays[0];
      if (month === undefined || day === undefined) return lang === 'fr' ? 'chaque année' : 'every year';
      return lang === 'fr'
        ? `chaque année le ${day === 1 ? '1er' : day} ${monthName(month, 'fr')}`
        : `every year on ${monthName(month, 'en')} ${day}`;
    }
    default:
      // Rules we never produce ourselves (hourly, by set position...): RRule's own English text.
      if (lang === 'fr') return 'de façon récurrente';
      return new RRule({ ...options, dtstart: new Date(0), tzid: null }).toText();
  }
}
