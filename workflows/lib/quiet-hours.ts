import { addCalendarDays, localToUtc, zonedParts } from '../../language/time';

/** Quiet hours as local wall times "HH:mm"; start > end means the window crosses midnight. */
export interface QuietHours {
  start: string;
  end: string;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * When quiet hours that contain `instant` end, or null if `instant` is outside them.
 * Pure (Intl only), so the reminder workflow evaluates it on its deterministic clock.
 */
export function quietHoursEnd(instant: Date, tz: string, quiet: QuietHours): Date | null {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const local = zonedParts(instant, tz);
  const now = local.hour * 60 + local.minute;
  const crossesMidnight = start > end;
  const inside = crossesMidnight ? now >= start || now < end : now >= start && now < end;
  if (!inside) return null;
  // The end is today when we are past midnight (or the window doesn't cross it), else tomorrow.
  const endDay = crossesMidnight && now >= start ? addCalendarDays(local, 1) : local;
  return localToUtc({ year: endDay.year, month: endDay.month, day: endDay.day, hour: Math.floor(end / 60), minute: end % 60 }, tz);
}
