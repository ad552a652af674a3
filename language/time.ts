/**
 * Time-zone arithmetic built on `Intl` only.
 *
 * Pure and deterministic: no Node built-ins, no wall clock (every function takes the
 * instants it needs), so Temporal workflow code can import it.
 */

/** Language of a message or of a reply we send. */
export type Lang = 'fr' | 'en';

/** A calendar date, months 1–12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** A wall-clock date and time in some zone, months 1–12, hours 0–23. */
export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
}

/** What a wall clock in a zone shows at an instant. `weekday` is 0 for Sunday. */
export interface ZonedParts extends LocalDateTime {
  second: number;
  weekday: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEKDAY_INDEX: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

// Building a DateTimeFormat is slow compared with using one; zones are few, so keep them.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `tz` is an IANA zone name this runtime knows (e.g. "America/Toronto"). */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.trim() === '') return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading in `tz` at `instant`. */
export function zonedParts(instant: Date, tz: string): ZonedParts {
  const fields: Record<string, string> = {};
  for (const part of formatterFor(tz).formatToParts(instant)) fields[part.type] = part.value;
  return {
    year: Number(fields.year),
    month: Number(fields.month),
    day: Number(fields.day),
    // Some ICU versions print midnight as "24" even with h23; treat it as 0.
    hour: Number(fields.hour) % 24,
    minute: Number(fields.minute),
    second: Number(fields.second),
    weekday: WEEKDAY_INDEX[fields.weekday ?? ''] ?? 0,
  };
}

/** Minutes to add to UTC to get the wall clock in `tz` at `instant` (Toronto in winter: -300). */
export function timezoneOffsetMinutes(instant: Date, tz: string): number {
  const p = zonedParts(instant, tz);
  const wallMs = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const instantSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wallMs - instantSeconds) / MINUTE_MS);
}

/** A wall-clock time expressed as a UTC Date ("floating" time): handy for calendar maths. */
export function floatingUtc(local: LocalDateTime): Date {
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute));
}

function sameWallTime(instant: Date, local: LocalDateTime, tz: string): boolean {
  const p = zonedParts(instant, tz);
  return (
    p.year === local.year &&
    p.month === local.month &&
    p.day === local.day &&
    p.hour === local.hour &&
    p.minute === local.minute
  );
}

/**
 * The instant at which the wall clock in `tz` shows `local`.
 *
 * DST rules: a wall time that happens twice (fall back) gives the earlier instant; a wall time
 * that never happens (spring forward gap) gives the first valid instant after it, i.e. the
 * moment of the transition (02:30 on 2027-03-14 in Toronto becomes 03:00 EDT).
 */
export function localToUtc(local: LocalDateTime, tz: string): Date {
  const floating = floatingUtc(local).getTime();
  // Offsets a day either side bracket any transition near this wall time.
  const offsetBefore = timezoneOffsetMinutes(new Date(floating - DAY_MS), tz);
  const offsetAfter = timezoneOffsetMinutes(new Date(floating + DAY_MS), tz);
  const candidates = [floating - offsetBefore * MINUTE_MS, floating - offsetAfter * MINUTE_MS]
    .sort((a, b) => a - b)
    .map((ms) => new Date(ms));
  const valid = candidates.find((candidate) => sameWallTime(candidate, local, tz));
  if (valid) return valid;
  return firstInstantWithOffset(candidates[0]!, candidates[1]!, offsetAfter, tz);
}

/** Binary search, to the minute, for the first instant in [lo, hi] whose offset is `offset`. */
function firstInstantWithOffset(lo: Date, hi: Date, offset: number, tz: string): Date {
  let low = lo.getTime();
  let high = hi.getTime();
  while (high - low > MINUTE_MS) {
    const mid = low + Math.max(1, Math.floor((high - low) / 2 / MINUTE_MS)) * MINUTE_MS;
    if (timezoneOffsetMinutes(new Date(mid), tz) === offset) high = mid;
    else low = mid;
  }
  return new Date(high);
}

/** `date` moved by `days` calendar days (pure calendar maths, no zone involved). */
export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** Whole calendar days from `from` to `to` (positive when `to` is later). */
export function calendarDaysBetween(from: LocalDate, to: LocalDate): number {
  const a = Date.UTC(from.year, from.month - 1, from.day);
  const b = Date.UTC(to.year, to.month - 1, to.day);
  return Math.round((b - a) / DAY_MS);
}

/** Number of days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day of the week of a calendar date, 0 for Sunday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** Same wall-clock time `days` local days later (so 8:00 stays 8:00 across a DST change). */
export function addLocalDays(instant: Date, days: number, tz: string): Date {
  const p = zonedParts(instant, tz);
  const date = addCalendarDays(p, days);
  return localToUtc({ ...date, hour: p.hour, minute: p.minute }, tz);
}

/** The first instant of the local day containing `instant`. */
export function startOfLocalDay(instant: Date, tz: string): Date {
  const p = zonedParts(instant, tz);
  return localToUtc({ year: p.year, month: p.month, day: p.day, hour: 0, minute: 0 }, tz);
}

const FR_WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const EN_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const FR_MONTHS = [
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin',
  'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
];
const EN_MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** Localised day name, 0 for Sunday. */
export function weekdayName(weekday: number, lang: Lang): string {
  return (lang === 'fr' ? FR_WEEKDAYS : EN_WEEKDAYS)[weekday] ?? '';
}

/** Localised month name, 1 for January. */
export function monthName(month: number, lang: Lang): string {
  return (lang === 'fr' ? FR_MONTHS : EN_MONTHS)[month - 1] ?? '';
}

/** "20 h", "8 h 30", "midi" / "8 PM", "7:45 AM". */
export function formatClock(hour: number, minute: number, lang: Lang): string {
  const mm = String(minute).padStart(2, '0');
  if (lang === 'fr') {
    if (minute === 0 && hour === 12) return 'midi';
    if (minute === 0 && hour === 0) return 'minuit';
    return minute === 0 ? `${hour} h` : `${hour} h ${mm}`;
  }
  const suffix = hour < 12 ? 'AM' : 'PM';
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return minute === 0 ? `${h12} ${suffix}` : `${h12}:${mm} ${suffix}`;
}

function formatDay(date: LocalDate, showYear: boolean, lang: Lang): string {
  if (lang === 'fr') {
    const day = date.day === 1 ? '1er' : String(date.day);
    return `le ${day} ${monthName(date.month, 'fr')}${showYear ? ` ${date.year}` : ''}`;
  }
  return `on ${monthName(date.month, 'en')} ${date.day}${showYear ? `, ${date.year}` : ''}`;
}

/**
 * A short human phrase for when something happens, relative to `now`, in `tz`:
 * "aujourd'hui à 20 h", "demain à 7 h 45", "lundi à 18 h" (within 6 days), "le 3 décembre à 9 h";
 * "today at 8 PM", "tomorrow at 7:45 AM", "Monday at 6 PM", "on December 3 at 9 AM".
 * The year is added only when it differs from the current one.
 */
export function formatWhen(instant: Date, tz: string, lang: Lang, now: Date): string {
  const when = zonedParts(instant, tz);
  const today = zonedParts(now, tz);
  const clock = formatClock(when.hour, when.minute, lang);
  const at = lang === 'fr' ? 'à' : 'at';
  const dayDiff = calendarDaysBetween(today, when);

  let day: string;
  if (dayDiff === 0) day = lang === 'fr' ? "aujourd'hui" : 'today';
  else if (dayDiff === 1) day = lang === 'fr' ? 'demain' : 'tomorrow';
  else if (dayDiff === -1) day = lang === 'fr' ? 'hier' : 'yesterday';
  else if (dayDiff > 1 && dayDiff <= 6) day = weekdayName(when.weekday, lang);
  else day = formatDay(when, when.year !== today.year, lang);
  return `${day} ${at} ${clock}`;
}
