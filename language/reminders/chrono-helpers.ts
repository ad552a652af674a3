/** Small helpers shared by our chrono-node parsers: the reference wall time, date components, tags. Pure. */
import { type Parser, type ParsingComponents, type ParsingContext } from 'chrono-node';
import { type LocalDate, weekdayOf } from '../time';

export const TAG_CLOCK = 'reminder/clock';
export const TAG_PERIOD = 'reminder/period/';

export function referenceWallTime(context: ParsingContext, plusMinutes = 0): Date {
  const offset = context.reference.timezoneOffset ?? 0;
  return new Date(context.reference.instant.getTime() + (plusMinutes + offset) * 60_000);
}

export function referenceDate(context: ParsingContext): LocalDate {
  const wall = referenceWallTime(context);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/** Components for "now + minutes", exact whatever the host's zone (date() gives the instant). */
export function relativeComponents(context: ParsingContext, minutes: number, tag: string): ParsingComponents {
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

export function dateComponents(context: ParsingContext, date: LocalDate): ParsingComponents {
  return context.createParsingComponents({
    year: date.year,
    month: date.month,
    day: date.day,
    weekday: weekdayOf(date),
  });
}

export function makeParser(pattern: RegExp, extract: (context: ParsingContext, match: RegExpMatchArray) => ParsingComponents | null): Parser {
  return { pattern: () => pattern, extract };
}
