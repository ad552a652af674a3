import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Orm } from '../schemas/db';
import { CheckinSettings, type CheckinSlot, Reminder, Task, User } from '../schemas/entities';
import { ErrorType } from '../schemas/errors';
import { deleteCheckinSchedules, upsertCheckinSchedule } from '../temporal/checkin-schedules';
import { type CheckinEvent, eveningText, morningText } from '../language/texts/checkin';
import { addCalendarDays, type Lang, localToUtc, startOfLocalDay, zonedParts } from '../language/time';
import { findOpenTasks } from '../services/tasks';
import { taskLabel } from './tasks';

export interface CheckinDeps {
  orm: Orm;
  temporal: Client;
  taskQueue: string;
  /** Today's calendar events, or null when no calendar is connected (or it cannot be read now). */
  calendarEvents?: (userId: string, from: Date, to: Date) => Promise<CheckinEvent[] | null>;
  now?: () => Date;
}

export interface CheckinContext {
  /** Null when the check-in should go out; else why not. */
  skip: 'no_user' | 'opted_out' | 'disabled' | null;
  timezone: string;
  language: Lang;
  quiet: { start: string; end: string };
}

/** The person's local day containing `at`, as UTC bounds (a DST day lasts 23 or 25 hours). */
export function localDay(at: Date, tz: string): { start: Date; end: Date } {
  return { start: startOfLocalDay(at, tz), end: localToUtc({ ...addCalendarDays(zonedParts(at, tz), 1), hour: 0, minute: 0 }, tz) };
}

/** The daily check-in: what the workflow needs to decide, the SMS text, and the settings (by SMS) with their schedules. */
export function createCheckinActivities(deps: CheckinDeps) {
  const { orm } = deps;
  const now = deps.now ?? (() => new Date());

  async function settingsOf(userId: string): Promise<CheckinSettings> {
    return (await orm.em.fork().findOne(CheckinSettings, { userId })) ?? new CheckinSettings({ userId });
  }

  /** Whether this slot's check-in should go out now, and the person's zone, language and quiet hours. */
  async function checkinContext(input: { userId: string; slot: CheckinSlot }): Promise<CheckinContext> {
    const user = await orm.em.fork().findOne(User, { id: input.userId });
    const base = { timezone: user?.timezone ?? 'UTC', language: user?.language ?? 'fr', quiet: { start: user?.quietStart ?? '22:00', end: user?.quietEnd ?? '07:00' } };
    if (!user) return { ...base, skip: 'no_user' };
    if (user.status === 'opted_out') return { ...base, skip: 'opted_out' };
    const settings = await settingsOf(user.id);
    const enabled = input.slot === 'morning' ? settings.morningEnabled : settings.eveningEnabled;
    return { ...base, skip: enabled ? null : 'disabled' };
  }

  /** The check-in SMS: morning (events, due reminders, top 3 tasks) or evening (done, slipped, one question). */
  async function composeCheckin(input: { userId: string; slot: CheckinSlot; language: Lang }): Promise<{ text: string }> {
    const em = orm.em.fork();
    const user = await em.findOne(User, { id: input.userId });
    if (!user) throw ApplicationFailure.nonRetryable(`no user ${input.userId}`, ErrorType.UserNotFound);
    const { start, end } = localDay(now(), user.timezone);
    const lang = input.language;
    if (input.slot === 'morning') {
      const reminders = await em.find(
        Reminder,
        { user: user.id, status: { $in: ['scheduled', 'firing'] }, dueAt: { $gte: start, $lt: end } },
        { orderBy: { dueAt: 'asc' }, limit: 10 },
      );
      const tasks = await findOpenTasks(em, user.id, 3);
      const events = deps.calendarEvents ? await deps.calendarEvents(user.id, start, end).catch(() => null) : null;
      const text = morningText(
        {
          events: events ?? [],
          calendarConnected: events !== null,
          reminders: reminders.map((r) => ({ text: taskLabel(r.text, lang, 50), dueAt: r.dueAt })),
          tasks: tasks.map((t) => taskLabel(t.title, lang, 40)),
          timezone: user.timezone,
        },
        lang,
      );
      return { text };
    }
    const completed = await em.find(Task, { user: user.id, status: 'done', completedAt: { $gte: start, $lt: end } }, { orderBy: { completedAt: 'asc' }, limit: 10 });
    const ofToday = await em.find(Reminder, { user: user.id, dueAt: { $gte: start, $lt: end } }, { orderBy: { dueAt: 'asc' }, limit: 30 });
    const done = [
      ...completed.map((t) => taskLabel(t.title, lang, 40)),
      ...ofToday.filter((r) => r.status === 'acknowledged' || r.status === 'done').map((r) => taskLabel(r.text, lang, 40)),
    ];
    const slipped = ofToday.filter((r) => r.status === 'missed' || (r.status === 'firing' && r.dueAt < now())).map((r) => taskLabel(r.text, lang, 40));
    return { text: eveningText({ done, slipped }, lang) };
  }

  /** Creates or updates both schedules from the settings and the person's zone; paused when off or opted out. */
  async function syncCheckinSchedules(input: { userId: string }): Promise<void> {
    const user = await orm.em.fork().findOne(User, { id: input.userId });
    if (!user) {
      await deleteCheckinSchedules(deps.temporal, input.userId);
      return;
    }
    const settings = await settingsOf(user.id);
    for (const slot of ['morning', 'evening'] as const) {
      const enabled = slot === 'morning' ? settings.morningEnabled : settings.eveningEnabled;
      await upsertCheckinSchedule(deps.temporal, {
        userId: user.id,
        slot,
        time: slot === 'morning' ? settings.morningTime : settings.eveningTime,
        timezone: user.timezone,
        taskQueue: deps.taskQueue,
        paused: !enabled || user.status === 'opted_out',
      });
    }
  }

  /**
   * Tool: "check-in à 7h30", "arrête le bilan du soir", "reprends le bilan". A time without a
   * slot goes to the morning before noon and to the evening after.
   */
  async function setCheckin(input: {
    userId: string;
    language: Lang;
    slot: CheckinSlot | null;
    time: string | null;
    enabled: boolean;
  }): Promise<{ reply: string }> {
    const em = orm.em.fork();
    const user = await em.findOne(User, { id: input.userId });
    if (!user) throw ApplicationFailure.nonRetryable(`no user ${input.userId}`, ErrorType.UserNotFound);
    const settings = (await em.findOne(CheckinSettings, { userId: user.id })) ?? new CheckinSettings({ userId: user.id });
    const slots: CheckinSlot[] = input.slot ? [input.slot] : input.time ? [Number(input.time.slice(0, 2)) < 12 ? 'morning' : 'evening'] : ['morning', 'evening'];
    for (const slot of slots) {
      if (slot === 'morning') {
        settings.morningEnabled = input.enabled;
        if (input.time) settings.morningTime = input.time;
      } else {
        settings.eveningEnabled = input.enabled;
        if (input.time) settings.eveningTime = input.time;
      }
    }
    settings.updatedAt = new Date();
    await em.persistAndFlush(settings);
    await syncCheckinSchedules({ userId: user.id });
    return { reply: setCheckinText(settings, slots, input.enabled, input.language) };
  }

  return { checkinContext, composeCheckin, syncCheckinSchedules, setCheckin };
}

export function setCheckinText(s: Pick<CheckinSettings, 'morningTime' | 'eveningTime'>, slots: CheckinSlot[], enabled: boolean, lang: Lang): string {
  const fr = lang === 'fr';
  const name = (slot: CheckinSlot) => (slot === 'morning' ? (fr ? 'du matin' : 'morning') : fr ? 'du soir' : 'evening');
  const time = (slot: CheckinSlot) => {
    const t = slot === 'morning' ? s.morningTime : s.eveningTime;
    const [h, m] = t.split(':').map(Number) as [number, number];
    return fr ? (m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`) : t;
  };
  const both = slots.length === 2;
  if (!enabled) {
    if (both) return fr ? 'OK, plus de bilans quotidiens. Écris "reprends le bilan" pour les retrouver.' : 'OK, no more daily check-ins. Text "resume check-ins" to get them back.';
    const slot = slots[0]!;
    return fr ? `OK, plus de bilan ${name(slot)}. Écris "reprends le bilan ${name(slot)}" pour le retrouver.` : `OK, no more ${name(slot)} check-in. Text "resume the ${name(slot)} check-in" to get it back.`;
  }
  const parts = slots.map((slot) => (fr ? `bilan ${name(slot)} à ${time(slot)}` : `${name(slot)} check-in at ${time(slot)}`));
  return fr ? `C'est noté: ${parts.join(', ')}, chaque jour.` : `Got it: ${parts.join(', ')}, every day.`;
}

/**
 * Gives every active person who has no check-in schedule yet their default ones (08:00 and
 * 21:00 local). Run in the background when a worker starts, so people added by any path (admin
 * CLI, sign-up) get check-ins without that path knowing about schedules. Returns how many were set up.
 */
export async function reconcileCheckinSchedules(deps: Pick<CheckinDeps, 'orm' | 'temporal' | 'taskQueue'>): Promise<number> {
  const existing = new Set<string>();
  for await (const s of deps.temporal.schedule.list({ pageSize: 500 })) existing.add(s.scheduleId);
  const users = await deps.orm.em.fork().find(User, { status: 'active' }, { fields: ['id'], limit: 10_000 });
  const { syncCheckinSchedules } = createCheckinActivities(deps);
  let created = 0;
  for (const user of users) {
    if (existing.has(`checkin-${user.id}-morning`) && existing.has(`checkin-${user.id}-evening`)) continue;
    await syncCheckinSchedules({ userId: user.id });
    created += 1;
  }
  return created;
}
