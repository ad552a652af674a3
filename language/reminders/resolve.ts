/** Resolving a "when" into an instant in the person's zone, with the rules documented on parseReminder. Pure. */
import { type RecurrenceSpec, buildRRule, nextOccurrence } from '../recurrence';
import { type Lang, type LocalDate, addCalendarDays, calendarDaysBetween, daysInMonth, localToUtc, weekdayOf, zonedParts } from '../time';
import { DEFAULT_DAY_HOUR, PERIOD_DEFAULT_HOUR, type ParseContext } from './common';
import { type RecurrencePhrase } from './recurring';
import { yearFor } from './impossible-dates';
import { applyPeriod, nextMonth } from './engine';
import { type DayRef, type WhenSpec } from './when';

// ---------------------------------------------------------------------------------------
// Resolving a "when" into an instant
// ---------------------------------------------------------------------------------------

export type FailureReason = 'past' | 'noTime' | 'conflictTimes' | 'conflictDays' | 'vague';

type Resolution = { ok: true; dueAt: Date; explicitTime: boolean } | { ok: false; reason: FailureReason };

interface TimeOfDay {
  hour: number;
  minute: number;
}

/** Calendar dates a day reference can mean, in order of preference. */
function candidateDays(day: DayRef, today: LocalDate & { weekday: number }, week?: 'next' | 'vague'): LocalDate[] {
  const agree = (dates: LocalDate[]): LocalDate[] => ('weekday' in day && day.kind !== 'weekday' && day.weekday !== undefined ? dates.filter((d) => weekdayOf(d) === day.weekday) : dates);
  if (day.kind === 'weekday' && week === 'next') {
    // "mardi de la semaine prochaine": that day of next week (weeks start on Monday).
    const nextMonday = addCalendarDays(today, 7 - ((today.weekday + 6) % 7));
    return [addCalendarDays(nextMonday, (day.weekday + 6) % 7)];
  }
  return agree(datesOf(day, today));
}

function datesOf(day: DayRef, today: LocalDate & { weekday: number }): LocalDate[] {
  switch (day.kind) {
    case 'date': {
      const year = day.year ?? yearFor(day, today);
      return day.day <= daysInMonth(year, day.month) ? [{ year, month: day.month, day: day.day }] : [];
    }
    case 'weekday': {
      // A bare weekday is always a future day: "lundi" said on a Monday means next Monday.
      const ahead = (day.weekday - today.weekday + 7) % 7 || 7;
      return [addCalendarDays(today, ahead)];
    }
    case 'dayOfMonth': {
      const out: LocalDate[] = [];
      let month = { year: today.year, month: today.month };
      for (let i = 0; i < 13 && out.length < 2; i++, month = nextMonth(month)) {
        const date = { ...month, day: day.day };
        if (day.day <= daysInMonth(month.year, month.month) && calendarDaysBetween(today, date) >= 0) out.push(date);
      }
      return out;
    }
  }
}

/**
 * How the day was given: not at all (the time may roll to tomorrow), as today ("aujourd'hui",
 * "today": am or pm of today only) or as a later day.
 */
type DayMode = 'none' | 'today' | 'later';

/**
 * Hours to try, in order, for a clock hour 1–11 given without am/pm or part of the day.
 *
 * French is a 24-hour language: with a day given ("demain à 2h30") the hour is taken as
 * written. English is a 12-hour one: with a day given, 1–5 mean the afternoon ("tomorrow at
 * 3" is 3 PM) and 6–11 the morning. Without a day, the first choice still ahead of `now` wins:
 * - French 1–7: as written today, else +12 h today, else as written tomorrow
 *   ("à 3h" at 14:00 is 15:00 today, "à 7h" at 14:00 is 19:00 today);
 * - French 8–11: as written today, else tomorrow ("à 9h" at 14:00 is 9:00 tomorrow);
 * - English 1–5: afternoon today, else tomorrow afternoon;
 * - English 6–11: as written today, else +12 h today, else tomorrow ("at 8" at 14:00 is 8 PM).
 */
export function bareHourChoices(hour: number, lang: Lang, mode: DayMode): Array<{ hour: number; dayOffset: number }> {
  const englishAfternoon = lang === 'en' && hour <= 5;
  if (mode === 'later') return [{ hour: englishAfternoon ? hour + 12 : hour, dayOffset: 0 }];
  const choices = englishAfternoon
    ? [{ hour: hour + 12, dayOffset: 0 }, { hour: hour + 12, dayOffset: 1 }]
    : hour <= 7 || lang === 'en'
      ? [{ hour, dayOffset: 0 }, { hour: hour + 12, dayOffset: 0 }, { hour, dayOffset: 1 }]
      : [{ hour, dayOffset: 0 }, { hour, dayOffset: 1 }];
  // "aujourd'hui à 3h": today only.
  return mode === 'today' ? choices.filter((c) => c.dayOffset === 0) : choices;
}

interface TimeChoice {
  time: TimeOfDay;
  dayOffset: number;
  explicit: boolean;
}

function timeChoices(spec: WhenSpec, lang: Lang, mode: DayMode): TimeChoice[] {
  const clock = spec.clock;
  if (clock) {
    let hour = clock.hour;
    if (!clock.meridiemKnown && spec.period) hour = applyPeriod(hour, spec.period);
    const ambiguous = !clock.meridiemKnown && !spec.period && hour >= 1 && hour <= 11;
    if (ambiguous) {
      return bareHourChoices(hour, lang, mode).map((c) => ({
        time: { hour: c.hour, minute: clock.minute },
        dayOffset: c.dayOffset,
        explicit: true,
      }));
    }
    // "demain à minuit" means the end of tomorrow's evening, i.e. 00:00 the day after.
    const midnightNextDay = clock.midnight && mode !== 'none' ? 1 : 0;
    const time = { hour, minute: clock.minute };
    const choices = [{ time, dayOffset: midnightNextDay, explicit: true }];
    if (mode === 'none') choices.push({ time, dayOffset: 1, explicit: true });
    return choices;
  }
  if (spec.period) return [{ time: { hour: PERIOD_DEFAULT_HOUR[spec.period], minute: 0 }, dayOffset: 0, explicit: false }];
  if (mode !== 'none') return [{ time: { hour: DEFAULT_DAY_HOUR, minute: 0 }, dayOffset: 0, explicit: false }];
  return [];
}

function conflictOf(conflict: 'times' | 'days'): { ok: false; reason: FailureReason } {
  return { ok: false, reason: conflict === 'times' ? 'conflictTimes' : 'conflictDays' };
}

/** Resolves a one-off "when" to the first matching instant after `ctx.now`. */
export function resolveOnce(spec: WhenSpec, ctx: ParseContext, lang: Lang): Resolution {
  if (spec.conflict) return conflictOf(spec.conflict);
  // "à 8h heure de Paris": the day and the clock are read on that zone's wall clock.
  if (spec.zone && spec.zone !== ctx.timezone && !spec.relative) return resolveOnce({ ...spec, zone: undefined }, { ...ctx, timezone: spec.zone }, lang);
  if (spec.deadline) return resolveDeadline(spec, ctx, lang);
  if (spec.relative) return { ok: true, dueAt: spec.relative.at, explicitTime: !spec.relative.vague };
  if (spec.week && spec.day?.kind !== 'weekday') return { ok: false, reason: 'vague' };
  const today = zonedParts(ctx.now, ctx.timezone);
  const days = spec.day ? candidateDays(spec.day, today, spec.week) : [today];
  if (days.length === 0) return { ok: false, reason: 'conflictDays' };
  if (timeChoices(spec, lang, spec.day ? 'later' : 'none').length === 0) return { ok: false, reason: 'noTime' };
  for (const day of days) {
    const mode: DayMode = !spec.day ? 'none' : calendarDaysBetween(today, day) === 0 ? 'today' : 'later';
    for (const choice of timeChoices(spec, lang, mode)) {
      const local = { ...addCalendarDays(day, choice.dayOffset), ...choice.time };
      const dueAt = localToUtc(local, ctx.timezone);
      if (dueAt.getTime() > ctx.now.getTime()) return { ok: true, dueAt, explicitTime: choice.explicit };
    }
  }
  return { ok: false, reason: 'past' };
}

/** Time of day of a recurring reminder: clock (dated rule for bare hours), part of day, or 9:00. */
function recurringTime(spec: WhenSpec, phrase: RecurrencePhrase, ctx: ParseContext, lang: Lang): TimeChoice {
  if (spec.relative) {
    const local = zonedParts(spec.relative.at, ctx.timezone);
    return { time: { hour: local.hour, minute: local.minute }, dayOffset: 0, explicit: !spec.relative.vague };
  }
  const withPeriod = { ...spec, period: spec.period ?? phrase.period };
  const [choice] = timeChoices(withPeriod, lang, 'later');
  return choice ?? { time: { hour: DEFAULT_DAY_HOUR, minute: 0 }, dayOffset: 0, explicit: false };
}

/** Fills what the phrase left open ("chaque semaine" → which day) from the rest of the message. */
function completeSpec(phrase: RecurrencePhrase, firstDay: LocalDate): RecurrenceSpec {
  const spec = { ...phrase.spec };
  if (spec.freq === 'WEEKLY' && !spec.byWeekday?.length) spec.byWeekday = [weekdayOf(firstDay)];
  if (spec.freq === 'MONTHLY' && spec.byMonthDay === undefined && !spec.byWeekday?.length) spec.byMonthDay = firstDay.day;
  if (spec.freq === 'YEARLY') {
    spec.byMonth = firstDay.month;
    spec.byMonthDay = firstDay.day;
  }
  return spec;
}

type RecurringResolution = { ok: true; dueAt: Date; explicitTime: boolean; rrule: string } | { ok: false; reason: FailureReason };

export function resolveRecurring(spec: WhenSpec, phrase: RecurrencePhrase, ctx: ParseContext, lang: Lang): RecurringResolution {
  if (spec.conflict) return conflictOf(spec.conflict);
  const today = zonedParts(ctx.now, ctx.timezone);
  // "toutes les semaines le mercredi" said on a Wednesday morning may start today.
  const firstDay = spec.day?.kind === 'weekday' ? addCalendarDays(today, (spec.day.weekday - today.weekday + 7) % 7) : ((spec.day && candidateDays(spec.day, today)[0]) ?? today);
  const choice = recurringTime(spec, phrase, ctx, lang);
  const completed = completeSpec(phrase, firstDay);
  const rrule = buildRRule(completed);
  // A date in the message ("à partir du 3 décembre") is where the series starts.
  const startsOn = spec.day ? localToUtc({ ...firstDay, hour: 0, minute: 0 }, ctx.timezone) : ctx.now;
  const after = new Date(Math.max(ctx.now.getTime(), startsOn.getTime() - 1));
  // The first reminder is the next matching day even for "every other week": the series then
  // counts its interval from that first occurrence (callers anchor on the first dueAt).
  const firstSlot = buildRRule({ ...completed, interval: 1 });
  const dueAt = nextOccurrence(firstSlot, { ...firstDay, ...choice.time }, ctx.timezone, after);
  if (!dueAt) return { ok: false, reason: 'past' };
  return { ok: true, dueAt, explicitTime: choice.explicit, rrule };
}

/**
 * A deadline ("avant vendredi", "by Friday 5pm"): 09:00 the day before the day it falls on, or
 * 09:00 that day when the day before has passed and 09:00 is still ahead of the deadline.
 */
function resolveDeadline(spec: WhenSpec, ctx: ParseContext, lang: Lang): Resolution {
  if (!spec.day) return { ok: false, reason: 'noTime' };
  const day0 = resolveOnce({ ...spec, deadline: undefined, period: undefined, clock: spec.clock ?? { hour: 0, minute: 0, meridiemKnown: true, midnight: false } }, ctx, lang);
  if (!day0.ok) return day0;
  const day = zonedParts(day0.dueAt, ctx.timezone);
  // "by Friday" (no clock): the end of Friday; "avant vendredi": its start.
  const due = { dueAt: !spec.clock && spec.deadline?.inclusive ? localToUtc({ ...addCalendarDays(day, 1), hour: 0, minute: 0 }, ctx.timezone) : day0.dueAt };
  for (const offset of [-1, 0]) {
    const at = localToUtc({ ...addCalendarDays(day, offset), hour: DEFAULT_DAY_HOUR, minute: 0 }, ctx.timezone);
    if (at.getTime() > ctx.now.getTime() && at.getTime() < due.dueAt.getTime()) return { ok: true, dueAt: at, explicitTime: false };
  }
  return { ok: false, reason: 'past' };
}
