import { Context } from '@temporalio/activity';
import type { ReminderStatus } from '../schemas/entities';
import { reminderLateness } from '../services/infra/metrics';
import { createReminderService, type CreateReminderInput, type ReminderService, type ReminderServiceDeps } from '../services/reminders';
import { alreadyClosedText, cancelledText, confirmationText, listText, movedText, noSuchReminderText, snoozedText } from '../language/texts/reminders';
import type { Lang } from '../language/time';
import type { FiredReminder } from '../workflows/contracts/conversation';

export type { CreateReminderInput } from '../services/reminders';
export type ReminderDeps = ReminderServiceDeps;

/**
 * The reminder tools and the reminder workflow's two activities, over the reminder service
 * (services/reminders.ts): each validates its input, calls the service, and words the reply.
 */
export function createReminderActivities(deps: ReminderDeps | { reminders: ReminderService }) {
  const reminders = 'reminders' in deps ? deps.reminders : createReminderService(deps);

  /** Tool: creates the reminder row and starts its `reminder-<id>` workflow (or holds it for consent). */
  async function createReminder(input: CreateReminderInput): Promise<{ reminderId: string; reply: string }> {
    const created = await reminders.create(input);
    if (created.status === 'held') return { reminderId: '', reply: created.ask };
    return { reminderId: created.reminder.id, reply: confirmationText(created.reminder, input.language, new Date()) };
  }

  async function listReminders(input: { userId: string; language: Lang }): Promise<{ reply: string }> {
    return { reply: listText(await reminders.upcoming(input.userId), input.language, new Date()) };
  }

  /** Tool: "annule 2": cancels the 2nd reminder of the list by signalling its workflow. */
  async function cancelReminderAt(input: { userId: string; index: number; language: Lang }): Promise<{ reply: string }> {
    const target = await reminders.openAt(input.userId, input.index);
    if (!target) return { reply: noSuchReminderText(input.index, input.language) };
    // A workflow that ended meanwhile: the read model just hasn't caught up. Nothing to do.
    await reminders.cancel(target);
    return { reply: cancelledText(input.language, target.text) };
  }

  /** Tool: "déplace 2 à 18h". */
  async function moveReminderAt(input: { userId: string; index: number; dueAt: string; language: Lang }): Promise<{ reply: string }> {
    const target = await reminders.openAt(input.userId, input.index);
    if (!target) return { reply: noSuchReminderText(input.index, input.language) };
    await reminders.reschedule(target, input.dueAt);
    return { reply: movedText({ ...target, dueAt: new Date(input.dueAt) }, input.language, new Date()) };
  }

  /**
   * Tool: "repousse de 20 min": the Nth reminder of the list, or the one that just fired (its id
   * comes from the conversation workflow, and must still be this person's open reminder).
   */
  async function snoozeReminder(input: { userId: string; language: Lang; index: number | null; reminderId: string | null; minutes: number }): Promise<{ reply: string }> {
    const target = input.reminderId ? await reminders.openById(input.userId, input.reminderId) : await reminders.openAt(input.userId, input.index ?? 0);
    if (!target) return { reply: input.reminderId ? alreadyClosedText(input.language) : noSuchReminderText(input.index ?? 0, input.language) };
    const now = new Date();
    const until = new Date(now.getTime() + Math.min(Math.max(Math.trunc(input.minutes), 1), 24 * 60) * 60_000);
    await reminders.snooze(target, until);
    return { reply: snoozedText(until, target.timezone, input.language, now) };
  }

  /** The reminder workflow's transitions, written to the read model. */
  async function recordReminderState(input: { reminderId: string; status: ReminderStatus; dueAt: string; nagCount: number; occurrence: number }): Promise<void> {
    await reminders.recordState(input);
  }

  /**
   * Tells the person's conversation that a reminder just fired, starting the conversation if
   * it isn't running, so the next "OK" or "10 min" is routed to this reminder.
   */
  async function announceReminder(input: FiredReminder & { userId: string; lateMs?: number }): Promise<void> {
    const { userId, lateMs, ...fired } = input;
    // Measured by the workflow (its clock at firing minus the planned time); observed here, on the
    // first attempt only: activities do not run again when a workflow history is replayed.
    if (lateMs !== undefined && Context.current().info.attempt === 1) reminderLateness.observe(Math.max(0, lateMs) / 1000);
    await reminders.announce(userId, fired);
  }

  return { createReminder, listReminders, cancelReminderAt, moveReminderAt, snoozeReminder, recordReminderState, announceReminder };
}
