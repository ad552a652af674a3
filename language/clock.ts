/**
 * The one clock and duration grammar of the product, French, Québec French and English:
 * clock times ("20h", "20 h 30", "8h30", "20:30", "7:30am", "9 pm", "midi", "minuit",
 * "8h et demie", "midi moins quart"), time ranges ("14h-15h", "2pm to 3pm", "14 à 15"),
 * delays ("dans 20 min", "1h30", "une demi-heure", "in half an hour", "3 jours") and the
 * stored "HH:mm" form. The reminder parser (its chrono-node parsers), the phrase tables of the
 * integrations and check-ins, and the check-in schedules all read times through this file.
 *
 * Patterns are regular-expression sources meant for the `u` flag, case-insensitive (`i`) on the
 * message as written or plain on a folded copy (language/prepare.ts): accented letters are
 * spelled both ways ("[àa]").
 */
import { tidy } from './prepare';

// ---------------------------------------------------------------------------------------
// Numbers in words
// ---------------------------------------------------------------------------------------

const FR_NUMBERS: Record<string, number> = {
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10,
  onze: 11, douze: 12, quinze: 15, vingt: 20, trente: 30, quarante: 40, 'quarante-cinq': 45,
  cinquante: 50, soixante: 60,
};
const EN_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, 'forty-five': 45,
  fifty: 50, sixty: 60, 'a couple of': 2, 'a couple': 2,
};
export const NUMBER_WORDS = [...Object.keys(FR_NUMBERS), ...Object.keys(EN_NUMBERS)]
  .sort((a, b) => b.length - a.length)
  .map((w) => w.replace(/ /g, '\\s+'))
  .join('|');

export function readNumber(token: string): number | null {
  const key = token.toLowerCase().replace(/\s+/g, ' ');
  if (/^\d+$/.test(key)) return Number(key);
  return FR_NUMBERS[key] ?? EN_NUMBERS[key] ?? null;
}

// ---------------------------------------------------------------------------------------
// Clock times
// ---------------------------------------------------------------------------------------

/**
 * A clock time. Groups (8, from 1): 1 hour + 2 minutes ("20h30", "20 heures"), 3 hour + 4
 * minutes ("20:30"), 5 "midi" | "minuit", 6 an hour followed by am/pm ("5pm"), 7 a fraction
 * ("et quart", "et demie", "moins quart"), 8 "a" | "p" of am/pm. Bare numbers ("à 8") are not
 * clock times: French needs "h" or ":", English "am" / "pm" (the parser adds "at 8").
 */
export const CLOCK =
  '(?:(\\d{1,2})\\s*(?:h|heures?|hres?|hrs?)(?:\\s*(\\d{2})(?:\\s*(?:min|minutes?))?)?' +
  '|(\\d{1,2}):(\\d{2})' +
  '|(?:ce\\s+)?(midi|minuit)' +
  '|(\\d{1,2})(?=\\s*[ap]\\.?m\\.?(?![\\p{L}\\p{N}])))' +
  "(?:\\s+(et\\s+quart|et\\s+demie?|moins\\s+(?:le\\s+)?quart))?" +
  '(?:\\s*([ap])\\.?m\\.?)?';
/** How many capture groups {@link CLOCK} has. */
export const CLOCK_GROUPS = 8;

export interface Clock {
  hour: number;
  minute: number;
  /** am / pm as written, or null. */
  meridiem: 'am' | 'pm' | null;
  /** Midnight was meant ("minuit", "0h", "24h"). */
  midnight: boolean;
  /** 24-hour French: anything but 1–11 without am/pm is unambiguous (12h is noon, 0h midnight). */
  meridiemKnown: boolean;
}

/** Reads a {@link CLOCK} match whose first group is `match[offset + 1]`; null for "25h", "13pm". */
export function readClock(match: ArrayLike<string | undefined>, offset = 0): Clock | null {
  const g = (i: number): string | undefined => match[offset + i];
  const word = g(5)?.toLowerCase();
  let hour = word === 'midi' ? 12 : word === 'minuit' ? 0 : Number(g(1) ?? g(3) ?? g(6));
  let minute = Number(g(2) ?? g(4) ?? 0);
  const fraction = g(7)?.toLowerCase() ?? '';
  const ampm = g(8)?.toLowerCase();
  if (!Number.isInteger(hour)) return null;
  if (fraction.includes('moins')) {
    hour = (hour + 23) % 24;
    minute = 45;
  } else if (fraction) {
    minute = fraction.includes('quart') ? 15 : 30;
  }
  if (hour > 24 || minute > 59 || (ampm && (hour < 1 || hour > 12))) return null;
  if (ampm === 'p' && hour < 12) hour += 12;
  if (ampm === 'a' && hour === 12) hour = 0;
  const midnight = word === 'minuit' || hour === 24 || (hour === 0 && minute === 0);
  hour %= 24;
  const meridiem = ampm === 'a' ? 'am' : ampm === 'p' ? 'pm' : null;
  return { hour, minute, meridiem, midnight, meridiemKnown: Boolean(ampm) || hour === 0 || hour >= 12 };
}

/**
 * A loose clock, for ranges where "14-15" is clear: groups 1 hour, 2 minutes, 3 "am" | "pm".
 * Only on folded text.
 */
const LOOSE_CLOCK = '(\\d{1,2}) ?(?:h|:)? ?(\\d{2})? ?(am|pm)?';
/** "14h-15h", "14 h 30 a 16h", "2pm to 3pm", "9 jusqu'a 10": groups 1–3 the start, 4–6 the end. */
export const CLOCK_RANGE = `${LOOSE_CLOCK} ?(?:-|a|to|jusqu'a|until) ?${LOOSE_CLOCK}`;

/** One end of a {@link CLOCK_RANGE}; `fallbackMeridiem` lets "2-3pm" read as 14:00–15:00. */
export function readLooseClock(hourText: string | undefined, minuteText: string | undefined, meridiem: string | undefined, fallbackMeridiem?: string): { hour: number; minute: number } | null {
  let hour = Number(hourText);
  const minute = Number(minuteText ?? 0);
  const mer = meridiem ?? fallbackMeridiem;
  if (!Number.isInteger(hour) || hour > 23 || minute > 59) return null;
  if (mer === 'pm' && hour < 12) hour += 12;
  if (mer === 'am' && hour === 12) hour = 0;
  return { hour, minute };
}

// ---------------------------------------------------------------------------------------
// The stored form
// ---------------------------------------------------------------------------------------

/** 7, 30 → "07:30". */
export const hhmm = (hour: number, minute: number): string => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

/** "07:30" → {hour: 7, minute: 30}; null when not a valid 24-hour local time. */
export function parseHhmm(value: string): { hour: number; minute: number } | null {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  return hour < 24 && minute < 60 ? { hour, minute } : null;
}

// ---------------------------------------------------------------------------------------
// Delays
// ---------------------------------------------------------------------------------------

const HOUR_UNITS = 'heures?|hres?|hours?|hrs?|h';
const MINUTE_UNITS = 'minutes?|mins?|mn|m';
const OTHER_UNITS = 'jours?|days?|j|d|semaines?|weeks?|wks?|mois|months?';

/**
 * A delay: "20 minutes", "1h", "2 h 30", "une heure et demie", "half an hour", "3 jours".
 * Groups: 1 hours + (2 minutes | 3 fraction); 4 count + 5 unit; 6 idiom ("une demi-heure").
 */
export const DELAY =
  `(?:(${NUMBER_WORDS}|\\d+)\\s*(?:${HOUR_UNITS})(?:\\s*(?:et\\s+|and\\s+)?(?:(\\d{1,2})(?:\\s*(?:${MINUTE_UNITS}))?|(quart|demie?|a\\s+half|a\\s+quarter)))?` +
  `|(${NUMBER_WORDS}|\\d+)\\s*(${MINUTE_UNITS}|${OTHER_UNITS})` +
  `|(une\\s+demi[-\\s]heure|un\\s+quart\\s+d'heure|trois\\s+quarts?\\s+d'heure|half\\s+an?\\s+hour|a\\s+quarter\\s+of\\s+an\\s+hour|a\\s+quarter\\s+hour))`;

export type Delay = { minutes: number } | { days: number } | { months: number };

export function readDelay(match: RegExpMatchArray, offset: number): Delay | null {
  const g = (i: number): string | undefined => match[offset + i];
  const [hoursText, extraMinutes, fraction, countText, unitText, idiom] = [g(1), g(2), g(3), g(4), g(5), g(6)];
  if (hoursText !== undefined) {
    const hours = readNumber(hoursText);
    if (hours === null) return null;
    const half = fraction?.toLowerCase() ?? '';
    const extra = extraMinutes !== undefined ? Number(extraMinutes) : half.includes('quar') ? 15 : half ? 30 : 0;
    return extra >= 60 ? null : { minutes: hours * 60 + extra };
  }
  if (countText !== undefined && unitText !== undefined) {
    const count = readNumber(countText);
    const unit = unitText.toLowerCase();
    if (count === null) return null;
    if (/^m(?:in|n|$)/.test(unit)) return { minutes: count };
    if (/^(?:j|d)/.test(unit)) return { days: count };
    if (/^(?:s|w)/.test(unit)) return { days: count * 7 };
    return { months: count };
  }
  const words = idiom?.toLowerCase() ?? '';
  if (words.includes('trois')) return { minutes: 45 };
  return { minutes: words.includes('quart') ? 15 : 30 };
}

export const DELAY_PREFIX = "dans|d'ici|in|within";

const BARE_DELAY = new RegExp(`^(?:(${DELAY_PREFIX}|encore|snooze|\\+)\\s*)?${DELAY}$`, 'iu');

/** Without "dans"/"in", "18h" is a clock time, not a delay: only short hour counts are delays. */
const MAX_BARE_DELAY_HOURS = 4;

/**
 * Minutes in a text that is only a delay: "10 min", "dans 1h", "+15", "2 h 30", "in an hour".
 * Null otherwise. Days are not accepted (not a snooze length), nor bare hour counts above 4
 * ("18h" and "8h" are clock times; "dans 8h" is a delay).
 */
export function parseDelayMinutes(text: string): number | null {
  const normalized = tidy(text).replace(/[.!]+$/, '');
  const plusNumber = /^\+\s*(\d{1,3})$/.exec(normalized);
  if (plusNumber) return Number(plusNumber[1]);
  const match = BARE_DELAY.exec(normalized);
  if (!match) return null;
  const delay = readDelay(match, 1);
  if (!delay || !('minutes' in delay) || delay.minutes <= 0) return null;
  const bareHours = match[1] === undefined && match[2] !== undefined;
  return bareHours && delay.minutes > MAX_BARE_DELAY_HOURS * 60 ? null : delay.minutes;
}
