/**
 * Reminders before calendar events (opt-in): "rappelle-moi 15 min avant mes rendez-vous".
 *
 * The setting is one column (users.event_reminder_minutes, null = off). While it is on, the
 * person's Temporal Schedule `event-reminders-<userId>` runs `eventRemindersWorkflow` every 15
 * minutes, whose one activity (`scanEventReminders`) reads the coming hours of every connected
 * calendar and makes sure each timed event has exactly one ordinary reminder (a Reminder row and
 * its `reminder-<id>` workflow, started by the same path as any reminder): it then fires, nags
 * and is answered like any other. The reminder id is derived from (person, provider, event id,
 * start, lead), so scans that repeat, overlap or retry never make a second one; an event that
 * moved gets a new id (the old reminder is cancelled), one that disappeared is cancelled.
 */
import { createHash } from 'node:crypto';
import { ref } from '@mikro-orm/core';
import type { ProviderName } from '../../schemas/config';
import { Reminder, User } from '../../schemas/entities';
import { isHealthRelated } from '../../language/privacy';
import { formatClock, type Lang, zonedParts } from '../../language/time';
import type { Logger } from '../../services/infra/logger';
import { applyEventReminderSetting, clampLead, DEFAULT_EVENT_LEAD_MINUTES, type EventReminderSettingDeps, reconcileEventReminderSchedule } from '../../services/event-reminders';
import type { ReminderService } from '../../services/reminders';
import type { CalendarEvent } from '../../services/integrations/google';

/** Events are read this far past the lead: wide enough that a scan every 15 minutes never misses one. */
export const EVENT_LOOKAHEAD_MS = 3 * 3600_000;

export interface EventReminderDeps extends EventReminderSettingDeps {
  logger: Logger;
  /** Starts and cancels the reminders' workflows (the same path as every reminder's). */
  reminders: ReminderService;
  /** Connected calendar providers of the person (offered and connected), Google first. */
  calendars: (userId: string) => Promise<ProviderName[]>;
  /** One provider's events overlapping [from, to), through its circuit breaker. */
  eventsOf: (userId: string, provider: ProviderName, from: Date, to: Date) => Promise<CalendarEvent[]>;
  now?: () => Date;
}

export interface ScanResult {
  status: 'scanned' | 'off' | 'no_calendar';
  created: number;
  kept: number;
  cancelled: number;
  /** Providers that could not be read this time (outage, lost consent): their reminders are left alone. */
  unread: ProviderName[];
}

/** `<provider>:<sha256 of the event id>`: finds the event's reminder again without storing the provider's id. */
export function eventKey(provider: ProviderName, eventId: string): string {
  return `${provider}:${createHash('sha256').update(eventId).digest('hex')}`;
}

/**
 * The reminder id of one event at one start time and lead, as a UUID (version 8, name-based):
 * the same inputs always give the same `reminder-<id>` workflow id.
 */
export function eventReminderId(input: { userId: string; provider: ProviderName; eventId: string; start: Date; leadMinutes: number }): string {
  const h = createHash('sha256')
    .update(['event-reminder', input.userId, input.provider, input.eventId, input.start.toISOString(), String(input.leadMinutes)].join('\u0000'))
    .digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * "Rendez-vous: Dentiste à 14 h" / "Meeting: Dentist at 2 PM", in the person's zone. Without
 * Law 25 consent, a health-looking title is left out ("Rendez-vous à 14 h"): it is not kept.
 */
export function eventReminderText(input: { title: string; start: Date; timezone: string; language: Lang; withTitle: boolean }): string {
  const p = zonedParts(input.start, input.timezone);
  const clock = formatClock(p.hour, p.minute, input.language);
  const title = input.title.replace(/\s+/g, ' ').trim().slice(0, 80);
  const fr = input.language === 'fr';
  if (!input.withTitle || !title) return fr ? `Rendez-vous à ${clock}` : `Meeting at ${clock}`;
  return fr ? `Rendez-vous: ${title} à ${clock}` : `Meeting: ${title} at ${clock}`;
}

export function createEventReminderActivities(deps: EventReminderDeps) {
  const now = deps.now ?? (() => new Date());

  /**
   * Tool: "rappelle-moi 15 min avant mes rendez-vous" (on; 15 min by default) and "arrête les
   * rappels avant mes rendez-vous" (off). On without a connected calendar is kept (it starts
   * when one is connected) and the person is told how to connect one.
   */
  async function setEventReminders(input: { userId: string; language: Lang; enabled: boolean; minutes: number | null }): Promise<{ reply: string }> {
    const fr = input.language === 'fr';
    const lead = input.enabled ? clampLead(input.minutes ?? DEFAULT_EVENT_LEAD_MINUTES) : null;
    const user = await applyEventReminderSetting(deps, input.userId, lead);
    if (!user) return { reply: fr ? 'Compte introuvable.' : 'Account not found.' };
    if (lead === null) {
      return { reply: fr ? 'OK, plus de rappels avant tes rendez-vous.' : 'OK, no more reminders before your events.' };
    }
    const on = fr ? `C'est noté: je te texterai ${lead} min avant chaque rendez-vous de ton calendrier.` : `Got it: I'll text you ${lead} min before each event on your calendar.`;
    if ((await deps.calendars(user.id)).length > 0) return { reply: on };
    return {
      reply: fr
        ? `C'est noté (${lead} min avant), mais aucun calendrier n'est relié. Écris "connecte Google" ou "connecte Outlook".`
        : `Noted (${lead} min before), but no calendar is connected. Text "connect Google" or "connect Outlook".`,
    };
  }

  /**
   * One scan: the events of the next lead + 3 hours of each connected calendar. Each timed event
   * (all-day ones are skipped) whose reminder time is still ahead gets its reminder, once; a
   * reminder not fired yet whose event moved, changed lead or is gone (within the window read,
   * from a provider read successfully) is cancelled. Explicit times: they fire in quiet hours.
   */
  async function scanEventReminders(input: { userId: string }): Promise<ScanResult> {
    const result: ScanResult = { status: 'scanned', created: 0, kept: 0, cancelled: 0, unread: [] };
    const em = deps.orm.em.fork();
    const user = await em.findOne(User, { id: input.userId });
    if (!user || user.eventReminderMinutes === null) {
      // A schedule left behind (account deleted, setting cleared elsewhere) removes itself
      // (unless the person turned it back on meanwhile).
      await reconcileEventReminderSchedule(deps, input.userId);
      return { ...result, status: 'off' };
    }
    if (user.status === 'opted_out') return { ...result, status: 'off' };
    const providers = await deps.calendars(user.id);
    if (providers.length === 0) return { ...result, status: 'no_calendar' };

    const lead = user.eventReminderMinutes;
    const from = now();
    const to = new Date(from.getTime() + lead * 60_000 + EVENT_LOOKAHEAD_MS);
    const wanted = new Set<string>();
    const seenKeys = new Set<string>();
    const read = new Set<ProviderName>();
    for (const provider of providers) {
      let events: CalendarEvent[];
      try {
        events = await deps.eventsOf(user.id, provider, from, to);
      } catch (err) {
        // Lost consent (the person was told once), an outage or an open breaker: next scan.
        deps.logger.warn('event reminders: calendar not read', { provider, userId: user.id, error: err instanceof Error ? err.name : 'error' });
        result.unread.push(provider);
        continue;
      }
      read.add(provider);
      for (const event of events) {
        if (!event.start || !event.id) continue; // all-day
        const start = new Date(event.start);
        const dueAt = new Date(start.getTime() - lead * 60_000);
        if (Number.isNaN(start.getTime()) || dueAt.getTime() <= from.getTime()) continue;
        const key = eventKey(provider, event.id);
        seenKeys.add(key);
        const id = eventReminderId({ userId: user.id, provider, eventId: event.id, start, leadMinutes: lead });
        wanted.add(id);
        const existing = await em.findOne(Reminder, { id });
        if (existing) {
          // Made by an earlier scan: left as it is, even acknowledged or cancelled by the person.
          // Not fired yet: its workflow is started if a crash came between the row and the start.
          if (existing.status === 'scheduled') await deps.reminders.startWorkflow(existing, user, { language: user.language, rrule: null, explicitTime: true, once: true });
          result.kept += 1;
          continue;
        }
        const reminder = new Reminder({
          id,
          user: ref(em.getReference(User, user.id)),
          text: eventReminderText({ title: event.title, start, timezone: user.timezone, language: user.language, withTitle: user.consentedAt !== null || !isHealthRelated(event.title) }),
          dueAt,
          timezone: user.timezone,
          eventKey: key,
          eventStart: start,
        });
        await em.persistAndFlush(reminder);
        const { started } = await deps.reminders.startWorkflow(reminder, user, { language: user.language, rrule: null, explicitTime: true, once: true });
        if (started) result.created += 1;
        else result.kept += 1;
      }
    }

    const pending = await em.find(Reminder, { user: user.id, eventKey: { $ne: null }, status: 'scheduled' });
    for (const r of pending) {
      const provider = r.eventKey!.split(':')[0] as ProviderName;
      if (!read.has(provider) || wanted.has(r.id)) continue;
      const inWindow = r.eventStart !== null && r.eventStart.getTime() >= from.getTime() && r.eventStart.getTime() < to.getTime();
      if (!seenKeys.has(r.eventKey!) && !inWindow) continue; // beyond what was read: cannot tell
      // One already ended has nothing to cancel.
      await deps.reminders.cancel(r);
      result.cancelled += 1;
    }
    return result;
  }

  return { setEventReminders, scanEventReminders };
}
