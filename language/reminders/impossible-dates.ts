/** Dates that do not exist ("le 31 février"): chrono silently drops them, the parser asks instead. Pure. */
import { type LocalDate, daysInMonth } from '../time';
import { MONTHS, MONTH_NAMES, type Span, words } from './common';

// ---------------------------------------------------------------------------------------
// Impossible dates ("le 31 février"): chrono silently drops them, we want to ask.
// ---------------------------------------------------------------------------------------

const DAY_THEN_MONTH = words(`(\\d{1,2})(?:er|e|st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_NAMES})`);
const MONTH_THEN_DAY = words(`(${MONTH_NAMES})\\s+(\\d{1,2})(?:st|nd|rd|th)?`);

export interface MonthDay {
  month: number;
  day: number;
}

export function findImpossibleDate(text: string, today: LocalDate): (MonthDay & Span) | null {
  const candidates: Array<MonthDay & Span> = [];
  const dayFirst = DAY_THEN_MONTH.exec(text);
  if (dayFirst) {
    const month = MONTHS[dayFirst[2]!.toLowerCase()] ?? 0;
    candidates.push({ day: Number(dayFirst[1]), month, index: dayFirst.index, length: dayFirst[0].length });
  }
  const monthFirst = MONTH_THEN_DAY.exec(text);
  if (monthFirst) {
    const month = MONTHS[monthFirst[1]!.toLowerCase()] ?? 0;
    candidates.push({ day: Number(monthFirst[2]), month, index: monthFirst.index, length: monthFirst[0].length });
  }
  return candidates.find((c) => c.month > 0 && (c.day < 1 || c.day > daysInMonth(yearFor(c, today), c.month))) ?? null;
}

/** The year of the next occurrence of a month/day (this year unless it is already behind us). */
export function yearFor(date: MonthDay, today: LocalDate): number {
  const behind = date.month < today.month || (date.month === today.month && date.day < today.day);
  return behind ? today.year + 1 : today.year;
}
