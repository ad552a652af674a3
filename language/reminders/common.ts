/** The reminder parser's shared vocabulary: what it is given, what it answers, its defaults, and small text helpers. Pure. */
import { type Lang } from '../time';

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

export type DayPeriod = 'morning' | 'noon' | 'afternoon' | 'evening' | 'night';

/**
 * Default hour of each part of the day when no clock time is given (explicitTime is then
 * false): matin 08:00, midi 12:00, après-midi 14:00, soir 19:00, nuit 21:00.
 */
export const PERIOD_DEFAULT_HOUR: Record<DayPeriod, number> = {
  morning: 8,
  noon: 12,
  afternoon: 14,
  evening: 19,
  night: 21,
};

/** Hour used when only a day is given ("demain", "lundi", "tous les jours"). */
export const DEFAULT_DAY_HOUR = 9;

/** "tantôt", "plus tard", "later": a vague delay, read as one hour from now. */
export const VAGUE_DELAY_MINUTES = 60;

export const NONE: ReminderIntent = { kind: 'none' };

/** Tags our chrono parsers put on their results (read by when.ts). */
export const TAG_MIDNIGHT = 'reminder/midnight';
export const TAG_RELATIVE = 'reminder/relative';
export const TAG_VAGUE = 'reminder/vague';
export const TAG_TODAY = 'reminder/today';

// Word boundaries that understand accented letters (\b and \W do not).
const WORD_START = '(?<![\\p{L}\\p{N}])';
export const WORD_END = '(?![\\p{L}\\p{N}])';

export function words(body: string): RegExp {
  return new RegExp(`${WORD_START}(?:${body})${WORD_END}`, 'iu');
}

// ---------------------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------------------

export interface Span {
  index: number;
  length: number;
}

/** `text` with the spans blanked out (spaces keep the other indices valid). */
export function blankSpans(text: string, spans: Span[]): string {
  let out = text;
  for (const span of spans) {
    out = out.slice(0, span.index) + ' '.repeat(span.length) + out.slice(span.index + span.length);
  }
  return out;
}

export const MONTHS: Record<string, number> = {
  janvier: 1, février: 2, fevrier: 2, mars: 3, avril: 4, mai: 5, juin: 6, juillet: 7, août: 8, aout: 8,
  septembre: 9, octobre: 10, novembre: 11, décembre: 12, decembre: 12,
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9,
  october: 10, november: 11, december: 12,
};
export const MONTH_NAMES = Object.keys(MONTHS).join('|');
