import { ref, type FilterQuery } from '@mikro-orm/core';
import { ApplicationFailure } from '@temporalio/common';
import type { Orm } from '../schemas/db';
import { Reminder, type ReminderStatus, User } from '../schemas/entities';
import { ErrorType } from '../schemas/errors';
import type { Lang } from '../language/time';
import type { FiredReminder } from '../workflows/contracts/conversation';
import { consentGate } from './privacy/consent';
import {
  announceToConversation,
  reminderOutcome,
  signalReminder,
  startReminderWorkflow,
  type ReminderWorkflowDeps,
  type StartReminderOptions,
} from './reminder-workflows';

export type ReminderServiceDeps = ReminderWorkflowDeps & { orm: Orm };

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

/** 'held': Law 25, the reminder waits for the person's consent and `ask` is the question to text. */
export type CreateReminderOutcome = { status: 'created'; reminder: Reminder } | { status: 'held'; ask: string };

const OPEN: ReminderStatus[] = ['scheduled', 'firing'];
/** States a reminder never leaves: nothing left to reschedule or cancel. */
const FINISHED: ReminderStatus[] = ['acknowledged', 'missed', 'cancelled', 'done'];
export const isFinished = (status: ReminderStatus) => FINISHED.includes(status);
/** How many open reminders "mes rappels" numbers (and "annule 2" counts in). */
const LISTED = 20;

/**
 * The read model of reminders (rows written by their workflows; the text encrypted at rest by the
 * entity): the queries every side shares, and the transitions the workflows write back.
 */
export function createReminderStore(orm: Orm) {
  /** Open reminders in the order "mes rappels" numbers them. */
  async function upcoming(userId: string): Promise<Reminder[]> {
    return orm.em.fork().find(Reminder, { user: userId, status: { $in: OPEN } }, { orderBy: { dueAt: 'asc', id: 'asc' }, limit: LISTED });
  }

  return {
    upcoming,

    /** The `index`-th (from 1) open reminder of the list, if any. */
    async openAt(userId: string, index: number): Promise<Reminder | undefined> {
      return (await upcoming(userId))[index - 1];
    },

    /** This person's reminder `id` if it is still open (e.g. the one that just fired). */
    async openById(userId: string, id: string): Promise<Reminder | null> {
      return orm.em.fork().findOne(Reminder, { id, user: userId, status: { $in: OPEN } });
    },

    /** Scoped by user: another user's id is "not found", exactly like an unknown one. */
    async find(userId: string, id: string): Promise<Reminder | null> {
      return orm.em.fork().findOne(Reminder, { id, user: userId });
    },

    /** Any reminder by id (operator CLI). */
    async byId(id: string): Promise<Reminder | null> {
      return orm.em.fork().findOne(Reminder, { id });
    },

    /** Every reminder of a person, soonest first (operator CLI). */
    async allOf(userId: string): Promise<Reminder[]> {
      return orm.em.fork().find(Reminder, { user: userId }, { orderBy: { dueAt: 'asc', id: 'asc' } });
    },

    /** One page, soonest first, after the (dueAt, id) cursor; `limit + 1` rows so the caller sees if more follow. */
    async page(query: { userId: string; status?: ReminderStatus; after?: { dueAt: Date; id: string }; limit: number }): Promise<Reminder[]> {
      const where: FilterQuery<Reminder> = { user: query.userId, ...(query.status ? { status: query.status } : {}) };
      if (query.after) {
        const { dueAt, id } = query.after;
        where.$or = [{ dueAt: { $gt: dueAt } }, { dueAt, id: { $gt: id } }];
      }
      return orm.em.fork().find(Reminder, where, { orderBy: { dueAt: 'asc', id: 'asc' }, limit: query.limit + 1 });
    },

    /**
     * After a reschedule signal (it is in the workflow's history, so the move will happen): the
     * read model gets now what the workflow will write, so a read right after sees it. A reminder
     * that finished meanwhile is left as it is.
     */
    async markRescheduled(reminder: Reminder, dueAt: Date): Promise<Pick<Reminder, 'dueAt' | 'status' | 'nagCount' | 'updatedAt'>> {
      const moved = { dueAt, status: 'scheduled' as const, nagCount: 0, updatedAt: new Date() };
      await orm.em.fork().nativeUpdate(Reminder, { id: reminder.id, status: { $nin: FINISHED } }, moved);
      return moved;
    },

    /** The reminder workflow's transitions, written to the read model. */
    async recordState(input: { reminderId: string; status: ReminderStatus; dueAt: string; nagCount: number; occurrence: number }): Promise<void> {
      await orm.em.fork().nativeUpdate(
        Reminder,
        { id: input.reminderId },
        { status: input.status, dueAt: new Date(input.dueAt), nagCount: input.nagCount, occurrence: input.occurrence, updatedAt: new Date() },
      );
    },

  };
}

export type ReminderStore = ReturnType<typeof createReminderStore>;

/**
 * The reminders of a person: the store above and the `reminder-<id>` workflows, which stay the
 * source of truth. The SMS tools (activities/reminders.ts), the REST api and the operator CLI all
 * go through it; every start and signal goes through services/reminder-workflows.ts.
 */
export function createReminderService(deps: ReminderServiceDeps) {
  const { orm, temporal } = deps;

  async function loadUser(userId: string): Promise<User> {
    const user = await orm.em.fork().findOne(User, { id: userId });
    if (!user) throw ApplicationFailure.nonRetryable(`no user ${userId}`, ErrorType.UserNotFound);
    return user;
  }

  return {
    ...createReminderStore(orm),

    /**
     * Creates the reminder row and starts its workflow with the client (not as a child), so it
     * lives on its own whatever happens to what created it. With a reminderId, a retry finds the
     * row it made and only (re)starts the workflow.
     */
    async create(input: CreateReminderInput): Promise<CreateReminderOutcome> {
      const user = await loadUser(input.userId);
      const em = orm.em.fork();
      const existing = input.reminderId ? await em.findOne(Reminder, { id: input.reminderId }) : null;
      // Law 25: a health-related reminder waits for the person's consent (held until they answer).
      const { userId: _u, language: _l, ...call } = input;
      const ask = existing ? null : await consentGate(orm, { userId: user.id, language: input.language, call: { tool: 'createReminder', ...call } });
      if (ask) return { status: 'held', ask };
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
      return { status: 'created', reminder };
    },

    /** Starts the workflow of a row stored elsewhere (reminders before events). */
    startWorkflow(reminder: Reminder, user: User, opts: StartReminderOptions): Promise<{ started: boolean }> {
      return startReminderWorkflow(deps, reminder, user, opts);
    },

    /** 'gone': the workflow had already ended. */
    cancel(reminder: Pick<Reminder, 'workflowId'>): Promise<'signalled' | 'gone'> {
      return signalReminder(temporal, reminder.workflowId, { kind: 'cancel' });
    },

    reschedule(reminder: Pick<Reminder, 'workflowId'>, dueAt: string): Promise<'signalled' | 'gone'> {
      return signalReminder(temporal, reminder.workflowId, { kind: 'reschedule', dueAt });
    },

    snooze(reminder: Pick<Reminder, 'workflowId'>, until: Date): Promise<'signalled' | 'gone'> {
      return signalReminder(temporal, reminder.workflowId, { kind: 'snooze', until: until.toISOString() });
    },

    /** How the workflow ended, or null if it has not within `waitMs`. */
    outcome(reminder: Pick<Reminder, 'workflowId'>, waitMs: number): Promise<string | null> {
      return reminderOutcome(temporal, reminder.workflowId, waitMs);
    },

    /** Routes the person's next "OK" or "10 min" to this fired reminder (signal-with-start of their conversation). */
    announce(userId: string, fired: FiredReminder): Promise<void> {
      return announceToConversation(deps, userId, fired);
    },
  };
}

export type ReminderService = ReturnType<typeof createReminderService>;
