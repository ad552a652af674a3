import { ref } from '@mikro-orm/core';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Orm } from '../schemas/db';
import { reminderLateness } from '../services/infra/metrics';
import { Reminder, type ReminderStatus, User } from '../schemas/entities';
import { ErrorType } from '../schemas/errors';
import { conversationWorkflowId } from '../temporal/conversations';
import { alreadyClosedText, confirmationText, listText, movedText, noSuchReminderText, cancelledText, snoozedText } from '../workflows/lib/reminder-texts';
import type { Lang } from '../workflows/lib/time';
import { cancelSignal, reminderWorkflow, rescheduleSignal, snoozeSignal } from '../workflows/reminder';
import { USER_ID } from '../workflows/search-attributes';
import { consentGate } from '../services/privacy/consent';
import { conversationWorkflow } from '../workflows/conversation';
import { reminderFiredSignal, type FiredReminder } from '../workflows/signals';

export interface ReminderDeps {
  orm: Orm;
  temporal: Client;
  taskQueue: string;
  /** Minutes between nags (default 10, 20, 40): its length is the number of nags. */
  nagMinutes: number[];
}

export interface CreateReminderInput {
  /** Chosen by the calling workflow (deterministically), so a retried activity creates one reminder. */
  reminderId?: string;
  userId: string;
  text: string;
  dueAt: string;
  rrule: string | null;
  explicitTime: boolean;
  language: Lang;
}

const OPEN: ReminderStatus[] = ['scheduled', 'firing'];

/** False on an activity retry (so a retried announce is not observed twice); true outside an activity. */
function firstAttempt(): boolean {
  try {
    return Context.current().info.attempt === 1;
  } catch {
    return true;
  }
}

/**
 * Starts the `reminder-<id>` workflow of a stored reminder row with the client (not as a child), so
 * it lives on its own whatever happens to what created it. The same path for reminders asked by
 * SMS or the API and for reminders before calendar events (activities/event-reminders.ts).
 * A retry finds the workflow already started: that is success. With `once`, a workflow id that
 * was ever used (even closed: acknowledged, cancelled) is never started again.
 */
export async function startReminderWorkflow(
  deps: Pick<ReminderDeps, 'temporal' | 'taskQueue' | 'nagMinutes'>,
  reminder: Reminder,
  user: User,
  opts: { language: Lang; rrule: string | null; explicitTime: boolean; once?: boolean; dueAt?: string },
): Promise<{ started: boolean }> {
  try {
    await deps.temporal.workflow.start(reminderWorkflow, {
      workflowId: reminder.workflowId,
      taskQueue: deps.taskQueue,
      ...(opts.once ? { workflowIdReusePolicy: 'REJECT_DUPLICATE' as const } : {}),
      args: [
        {
          reminderId: reminder.id,
          userId: user.id,
          text: reminder.text,
          language: opts.language,
          timezone: reminder.timezone,
          dueAt: opts.dueAt ?? reminder.dueAt.toISOString(),
          rrule: opts.rrule,
          explicitTime: opts.explicitTime,
          nagMinutes: deps.nagMinutes,
          quietHours: { start: user.quietStart, end: user.quietEnd },
        },
      ],
      typedSearchAttributes: new TypedSearchAttributes([{ key: USER_ID, value: user.id }]),
    });
    return { started: true };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return { started: false };
  }
}

export function createReminderActivities(deps: ReminderDeps) {
  const { orm, temporal, taskQueue } = deps;

  async function loadUser(userId: string): Promise<User> {
    const user = await orm.em.fork().findOne(User, { id: userId });
    if (!user) throw ApplicationFailure.nonRetryable(`no user ${userId}`, ErrorType.UserNotFound);
    return user;
  }

  /** Upcoming reminders in the order "mes rappels" numbers them. */
  async function upcoming(userId: string): Promise<Reminder[]> {
    return orm.em.fork().find(Reminder, { user: userId, status: { $in: OPEN } }, { orderBy: { dueAt: 'asc', id: 'asc' }, limit: 20 });
  }

  /**
   * Tool: creates the reminder row and starts its workflow with the client (not as a child), so
   * it lives on its own whatever happens to the conversation that created it.
   */
  async function createReminder(input: CreateReminderInput): Promise<{ reminderId: string; reply: string }> {
    const user = await loadUser(input.userId);
    const em = orm.em.fork();
    const existing = input.reminderId ? await em.findOne(Reminder, { id: input.reminderId }) : null;
    // Law 25: a health-related reminder waits for the person's consent (held until they answer).
    const { userId: _u, language: _l, ...call } = input;
    const ask = existing ? null : await consentGate(orm, { userId: user.id, language: input.language, call: { tool: 'createReminder', ...call } });
    if (ask) return { reminderId: '', reply: ask };
    const reminder = existing ?? new Reminder({
      ...(input.reminderId ? { id: input.reminderId } : {}),
      user: ref(em.getReference(User, user.id)),
      text: input.text,
      dueAt: new Date(input.dueAt),
      timezone: user.timezone,
      rrule: input.rrule,
    });
    if (!existing) await em.persistAndFlush(reminder);
    await startReminderWorkflow(deps, reminder, user, { language: input.language, rrule: input.rrule, explicitTime: input.explicitTime, dueAt: input.dueAt });
    return { reminderId: reminder.id, reply: confirmationText(reminder, input.language, new Date()) };
  }

  async function listReminders(input: { userId: string; language: Lang }): Promise<{ reply: string }> {
    return { reply: listText(await upcoming(input.userId), input.language, new Date()) };
  }

  /** Tool: "annule 2": cancels the 2nd reminder of the list by signalling its workflow. */
  async function cancelReminderAt(input: { userId: string; index: number; language: Lang }): Promise<{ reply: string }> {
    const target = (await upcoming(input.userId))[input.index - 1];
    if (!target) return { reply: noSuchReminderText(input.index, input.language) };
    await signalReminder(target, (h) => h.signal(cancelSignal));
    return { reply: cancelledText(input.language) };
  }

  /** Tool: "déplace 2 à 18h". */
  async function moveReminderAt(input: { userId: string; index: number; dueAt: string; language: Lang }): Promise<{ reply: string }> {
    const target = (await upcoming(input.userId))[input.index - 1];
    if (!target) return { reply: noSuchReminderText(input.index, input.language) };
    await signalReminder(target, (h) => h.signal(rescheduleSignal, { dueAt: input.dueAt }));
    return { reply: movedText({ ...target, dueAt: new Date(input.dueAt) }, input.language, new Date()) };
  }

  /**
   * Tool: "repousse de 20 min": the Nth reminder of the list, or the one that just fired (its id
   * comes from the conversation workflow, and must still be this person's open reminder).
   */
  async function snoozeReminder(input: { userId: string; language: Lang; index: number | null; reminderId: string | null; minutes: number }): Promise<{ reply: string }> {
    const target = input.reminderId
      ? await orm.em.fork().findOne(Reminder, { id: input.reminderId, user: input.userId, status: { $in: OPEN } })
      : (await upcoming(input.userId))[(input.index ?? 0) - 1];
    if (!target) return { reply: input.reminderId ? alreadyClosedText(input.language) : noSuchReminderText(input.index ?? 0, input.language) };
    const now = new Date();
    const until = new Date(now.getTime() + Math.min(Math.max(Math.trunc(input.minutes), 1), 24 * 60) * 60_000);
    await signalReminder(target, (h) => h.signal(snoozeSignal, { until: until.toISOString() }));
    return { reply: snoozedText(until, target.timezone, input.language, now) };
  }

  async function signalReminder(
    reminder: Reminder,
    send: (h: ReturnType<Client['workflow']['getHandle']>) => Promise<void>,
  ): Promise<void> {
    try {
      await send(temporal.workflow.getHandle(reminder.workflowId));
    } catch (err) {
      // The workflow ended meanwhile: the read model just hasn't caught up. Nothing to do.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }

  /** The reminder workflow's transitions, written to the read model. */
  async function recordReminderState(input: {
    reminderId: string;
    status: ReminderStatus;
    dueAt: string;
    nagCount: number;
    occurrence: number;
  }): Promise<void> {
    const em = orm.em.fork();
    await em.nativeUpdate(
      Reminder,
      { id: input.reminderId },
      { status: input.status, dueAt: new Date(input.dueAt), nagCount: input.nagCount, occurrence: input.occurrence, updatedAt: new Date() },
    );
  }

  /**
   * Tells the person's conversation that a reminder just fired, starting the conversation if
   * it isn't running, so the next "OK" or "10 min" is routed to this reminder.
   */
  async function announceReminder(input: FiredReminder & { userId: string; lateMs?: number }): Promise<void> {
    const { userId, lateMs, ...fired } = input;
    // Measured by the workflow (its clock at firing minus the planned time); observed here,
    // once per occurrence: activities do not run again when a workflow history is replayed.
    if (lateMs !== undefined && firstAttempt()) reminderLateness.observe(Math.max(0, lateMs) / 1000);
    await temporal.workflow.signalWithStart(conversationWorkflow, {
      workflowId: conversationWorkflowId(userId),
      taskQueue,
      args: [{ userId }],
      signal: reminderFiredSignal,
      signalArgs: [fired],
      typedSearchAttributes: new TypedSearchAttributes([{ key: USER_ID, value: userId }]),
    });
  }

  return { createReminder, listReminders, cancelReminderAt, moveReminderAt, snoozeReminder, recordReminderState, announceReminder };
}
