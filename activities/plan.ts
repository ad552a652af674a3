import { ApplicationFailure } from '@temporalio/common';
import type { Orm } from '../schemas/db';
import { Reminder, type ReminderStatus, type Task, User } from '../schemas/entities';
import { ErrorType } from '../schemas/errors';
import { countSegments } from '../language/sms/segments';
import { addCalendarDays, formatClock, type Lang, localToUtc, startOfLocalDay, zonedParts } from '../language/time';
import { currentTimeText } from '../language/texts/clock';
import { findOpenTasks } from '../services/tasks';
import { taskLabel } from './tasks';

/** The day a plan is for: "mon plan" is today, "qu'est-ce que j'ai demain?" tomorrow. */
export type PlanDay = 'today' | 'tomorrow';

/** A calendar event of the day (start null: all day). */
export interface PlanEvent {
  title: string;
  start: string | null;
}

export interface PlanDeps {
  orm: Orm;
  /** The clock; tests pin it. */
  now?: () => Date;
  /** Today's events of the connected calendars (activities/integrations); null without a calendar. */
  calendarEvents?: (userId: string, from: Date, to: Date) => Promise<PlanEvent[] | null>;
}

const OPEN: ReminderStatus[] = ['scheduled', 'firing'];
const TASKS_IN_PLAN = 3;
/** Two concatenated GSM-7 segments (2 x 153). */
const MAX_PLAN_UNITS = 306;

/** Events named in the plan at most; the calendar tool lists a whole day. */
const EVENTS_IN_PLAN = 5;

/** The day plan tool: today's calendar events, reminders and the first open tasks, in one or two SMS. */
export function createPlanActivities({ orm, now = () => new Date(), calendarEvents }: PlanDeps) {
  /**
   * Tool: "mon plan" / "my day" / "qu'est-ce que j'ai aujourd'hui": today's events of the
   * connected calendars, today's reminders in time order (the person's local day, in their zone),
   * then the first open tasks of their list, in one or two SMS. `day: 'tomorrow'` ("qu'est-ce
   * que j'ai demain?", "what do I have tomorrow?"): the same for tomorrow's local day. A calendar that does not answer
   * (breaker open, lost consent) leaves the plan without events rather than failing it.
   */
  async function planDay(input: { userId: string; language: Lang; day?: PlanDay }): Promise<{ reply: string }> {
    const em = orm.em.fork();
    const user = await em.findOne(User, { id: input.userId });
    if (!user) throw ApplicationFailure.nonRetryable(`no user ${input.userId}`, ErrorType.UserNotFound);
    const at = now();
    const day = input.day ?? 'today';
    // Local midnights, not start + 24 h: a DST day lasts 23 or 25 hours.
    const midnight = (days: number) => localToUtc({ ...addCalendarDays(zonedParts(at, user.timezone), days), hour: 0, minute: 0 }, user.timezone);
    const start = day === 'today' ? startOfLocalDay(at, user.timezone) : midnight(1);
    const end = midnight(day === 'today' ? 1 : 2);
    const reminders = await em.find(
      Reminder,
      { user: user.id, status: { $in: OPEN }, dueAt: { $gte: start, $lt: end } },
      { orderBy: { dueAt: 'asc', id: 'asc' }, limit: 30 },
    );
    const tasks = await findOpenTasks(em, user.id, TASKS_IN_PLAN);
    const events = calendarEvents ? ((await calendarEvents(user.id, start, end).catch(() => null)) ?? []) : [];
    return { reply: planText(reminders, tasks, user.timezone, input.language, events, day) };
  }

  /**
   * Tool: "quelle heure est-il?" / "what time is it?": the time and day in the person's own zone
   * (a person who travels sees the time of their setting, and learns to change it).
   */
  async function currentTime(input: { userId: string; language: Lang }): Promise<{ reply: string }> {
    const user = await orm.em.fork().findOne(User, { id: input.userId });
    if (!user) throw ApplicationFailure.nonRetryable(`no user ${input.userId}`, ErrorType.UserNotFound);
    return { reply: currentTimeText(now(), user.timezone, input.language) };
  }

  return { planDay, currentTime };
}

/**
 * The plan, cut to fit two SMS: tasks go first (they are on the list anyway), then the latest
 * reminders, replaced by a count.
 */
export function planText(
  reminders: Pick<Reminder, 'text' | 'dueAt'>[],
  tasks: Pick<Task, 'title'>[],
  tz: string,
  lang: Lang,
  events: PlanEvent[] = [],
  day: PlanDay = 'today',
): string {
  const fr = lang === 'fr';
  const tomorrow = day === 'tomorrow';
  if (reminders.length === 0 && tasks.length === 0 && events.length === 0) {
    if (tomorrow) {
      return fr
        ? `Rien de prévu demain pour l'instant. Écris "rappelle-moi demain à ..." ou "ajoute ..." et je le note.`
        : `Nothing planned tomorrow yet. Text "remind me tomorrow at ..." or "add ..." and I'll note it.`;
    }
    return fr
      ? `Rien de prévu aujourd'hui, et c'est correct. Choisis une seule petite chose, 5 minutes max (ex.: ranger ton bureau). Écris "ajoute" et je la note.`
      : `Nothing planned today, and that's okay. Pick one small thing, 5 minutes max (like tidying your desk). Text "add" and I'll note it.`;
  }
  const clock = (iso: string) => {
    const { hour, minute } = zonedParts(new Date(iso), tz);
    return formatClock(hour, minute, lang);
  };
  const agenda = events.slice(0, EVENTS_IN_PLAN).map((e) => `${e.start ? clock(e.start) : fr ? 'journée' : 'all day'} ${e.title.length > 40 ? `${e.title.slice(0, 37)}...` : e.title}`);
  const more = events.length > EVENTS_IN_PLAN ? ` (+${events.length - EVENTS_IN_PLAN})` : '';
  const header = [
    tomorrow ? (fr ? 'Ton plan pour demain:' : 'Your plan for tomorrow:') : fr ? "Ton plan pour aujourd'hui:" : 'Your plan for today:',
    ...(agenda.length > 0 ? [`${fr ? 'Agenda' : 'Calendar'}: ${agenda.join('; ')}${more}`] : []),
  ].join('\n');
  const lines = reminders.map((r, i) => {
    const { hour, minute } = zonedParts(r.dueAt, tz);
    return `${i + 1}. ${formatClock(hour, minute, lang)} - ${taskLabel(r.text, lang, 60)}`;
  });
  const todo = (n: number) =>
    n === 0 ? [] : [`${fr ? 'Sur ta liste' : 'On your list'}: ${tasks.slice(0, n).map((t) => taskLabel(t.title, lang, 40)).join(', ')}`];
  const fits = (text: string) => countSegments(text).units <= MAX_PLAN_UNITS;

  for (let n = tasks.length; n >= 0; n -= 1) {
    const text = [header, ...lines, ...todo(n)].join('\n');
    if (fits(text) || (n === 0 && lines.length <= 1)) return text;
  }
  for (let kept = lines.length - 1; ; kept -= 1) {
    const rest = lines.length - kept;
    const more = fr ? `(+${rest} autre${rest > 1 ? 's' : ''} rappel${rest > 1 ? 's' : ''})` : `(+${rest} more reminder${rest > 1 ? 's' : ''})`;
    const text = [header, ...lines.slice(0, kept), more].join('\n');
    if (fits(text) || kept <= 1) return text;
  }
}
