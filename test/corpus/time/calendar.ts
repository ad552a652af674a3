/**
 * Calendar arithmetic for the time corpus, written apart from the product's own
 * (language/time.ts) so that an expected value never shares a bug with the code it checks.
 * Intl only; dates are {y, m, d} with months 1–12, weekdays 0 = Sunday.
 */
export interface Day {
  y: number;
  m: number;
  d: number;
}

export interface Wall extends Day {
  h: number;
  mi: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formats.set(tz, f);
  }
  return f;
}

/** The wall clock of `tz` at `instant`. */
export function wallOf(instant: Date, tz: string): Wall & { s: number } {
  const p: Record<string, number> = {};
  for (const part of format(tz).formatToParts(instant)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year!, m: p.month!, d: p.day!, h: p.hour! % 24, mi: p.minute!, s: p.second! };
}

/** Minutes east of UTC of `tz` at `instant` (Toronto in winter: -300). */
export function offsetOf(instant: Date, tz: string): number {
  const w = wallOf(instant, tz);
  const asUtc = Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a wall clock of `tz` shows `wall` (the corpus avoids the skipped DST hour). */
export function instantOf(wall: Wall, tz: string): Date {
  const floating = Date.UTC(wall.y, wall.m - 1, wall.d, wall.h, wall.mi);
  let guess = floating;
  for (let i = 0; i < 3; i++) guess = floating - offsetOf(new Date(guess), tz) * 60_000;
  const back = wallOf(new Date(guess), tz);
  if (back.h !== wall.h || back.mi !== wall.mi || back.d !== wall.d) throw new Error(`no such wall time ${JSON.stringify(wall)} in ${tz}`);
  return new Date(guess);
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

/** ISO 8601 with the offset of `tz` at that instant: 2026-12-04T08:00:00-05:00. */
export function isoIn(instant: Date, tz: string): string {
  const w = wallOf(instant, tz);
  const off = offsetOf(instant, tz);
  const sign = off < 0 ? '-' : '+';
  return `${w.y}-${pad(w.m)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}${sign}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
}

export function addDays(day: Day, n: number): Day {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

export function weekday(day: Day): number {
  return new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay();
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function compareDays(a: Day, b: Day): number {
  return Date.UTC(a.y, a.m - 1, a.d) - Date.UTC(b.y, b.m - 1, b.d);
}

/** The n-th (1-based) weekday of a month; n = -1 for the last one. */
export function nthWeekday(y: number, m: number, wd: number, n: number): Day {
  if (n > 0) {
    const first = weekday({ y, m, d: 1 });
    return { y, m, d: 1 + ((wd - first + 7) % 7) + (n - 1) * 7 };
  }
  const lastDay = daysInMonth(y, m);
  const last = weekday({ y, m, d: lastDay });
  return { y, m, d: lastDay - ((last - wd + 7) % 7) };
}

/** Western Easter Sunday (anonymous Gregorian algorithm). */
export function easter(y: number): Day {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
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
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return { y, m: month, d: dayOfMonth };
}
