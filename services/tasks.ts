import { ref, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { ApplicationFailure } from '@temporalio/common';
import type { Orm } from '../schemas/db';
import { Task, User } from '../schemas/entities';
import { ErrorType } from '../schemas/errors';
import { normalizeForSearch } from '../language/search';

export interface TaskServiceDeps {
  orm: Orm;
}

export const MAX_TITLE_LENGTH = 200;
/** A list longer than this no longer helps anyone decide what to do next. */
export const MAX_OPEN_TASKS = 100;

/** Open tasks in list order (the order "fait 2" counts in): oldest first. */
export function findOpenTasks(em: EntityManager, userId: string, limit = MAX_OPEN_TASKS): Promise<Task[]> {
  return em.find(Task, { user: userId, status: 'open' }, { orderBy: { position: 'asc' }, limit });
}

/** Titles as the list keeps them: one space between words, no trailing punctuation. */
export const cleanTitle = (title: string) => title.trim().replace(/\s+/g, ' ').replace(/[\s.!;,]+$/, '');

/** Why a title cannot go on the list as an open task. */
export type SlotRefusal = { status: 'no_title' } | { status: 'duplicate'; task: Task } | { status: 'full'; max: number };

export type AddOutcome = { status: 'added'; title: string; open: number } | { status: 'already'; task: Task; open: number } | { status: 'no_title' } | { status: 'too_long'; max: number } | { status: 'full'; max: number };

/**
 * The person's to-do list ("ma liste"): at most MAX_OPEN_TASKS open tasks, the same open task
 * never twice, numbered in list order. The SMS tools (activities/tasks.ts), the check-in and
 * the day plan, and the REST api share these rules.
 */
export function createTaskService({ orm }: TaskServiceDeps) {
  /** Null when `title` may be an open task (besides task `except`, when it is being edited). */
  async function refusal(em: EntityManager, userId: string, title: string, except?: string): Promise<SlotRefusal | null> {
    if (normalizeForSearch(title) === '') return { status: 'no_title' };
    const open = (await findOpenTasks(em, userId)).filter((t) => t.id !== except);
    const same = open.find((t) => normalizeForSearch(t.title) === normalizeForSearch(title));
    if (same) return { status: 'duplicate', task: same };
    if (open.length >= MAX_OPEN_TASKS) return { status: 'full', max: MAX_OPEN_TASKS };
    return null;
  }

  async function append(em: EntityManager, userId: string, title: string): Promise<Task> {
    const last = await em.findOne(Task, { user: userId }, { orderBy: { position: 'desc' } });
    const task = new Task({ user: ref(em.getReference(User, userId)), title, position: (last?.position ?? 0) + 1 });
    await em.persistAndFlush(task);
    return task;
  }

  return {
    /** Open tasks in list order. */
    open(userId: string, limit = MAX_OPEN_TASKS): Promise<Task[]> {
      return findOpenTasks(orm.em.fork(), userId, limit);
    },

    /** "ajoute acheter du lait". The same open task is never added twice (nor by a retry). */
    async add(input: { userId: string; title: string }): Promise<AddOutcome> {
      const title = cleanTitle(input.title);
      if (normalizeForSearch(title) === '') return { status: 'no_title' };
      if (title.length > MAX_TITLE_LENGTH) return { status: 'too_long', max: MAX_TITLE_LENGTH };
      const em = orm.em.fork();
      if ((await em.count(User, { id: input.userId })) === 0) {
        throw ApplicationFailure.nonRetryable(`no user ${input.userId}`, ErrorType.UserNotFound);
      }
      const open = await findOpenTasks(em, input.userId);
      const same = open.find((task) => normalizeForSearch(task.title) === normalizeForSearch(title));
      if (same) return { status: 'already', task: same, open: open.length };
      if (open.length >= MAX_OPEN_TASKS) return { status: 'full', max: MAX_OPEN_TASKS };
      await append(em, input.userId, title);
      return { status: 'added', title, open: open.length + 1 };
    },

    /**
     * "fait 2": completes the 2nd open task. Index-based, so not idempotent: a retry after a
     * successful completion would complete the next task too.
     */
    async completeAt(input: { userId: string; index: number }): Promise<{ status: 'empty' } | { status: 'no_such' } | { status: 'done'; title: string; left: number }> {
      const em = orm.em.fork();
      const open = await findOpenTasks(em, input.userId);
      const target = Number.isInteger(input.index) && input.index >= 1 ? open[input.index - 1] : undefined;
      if (!target) return { status: open.length === 0 ? 'empty' : 'no_such' };
      await em.nativeUpdate(Task, { id: target.id, status: 'open' }, { status: 'done', completedAt: new Date(), updatedAt: new Date() });
      return { status: 'done', title: target.title, left: open.length - 1 };
    },

    /** One page in list order after the (position, id) cursor; `limit + 1` rows so the caller sees if more follow. */
    async page(query: { userId: string; status: 'open' | 'done' | 'all'; after?: { position: number; id: string }; limit: number }): Promise<Task[]> {
      const where: FilterQuery<Task> = { user: query.userId, ...(query.status === 'all' ? {} : { status: query.status }) };
      if (query.after) {
        const { position, id } = query.after;
        where.$or = [{ position: { $gt: position } }, { position, id: { $gt: id } }];
      }
      return orm.em.fork().find(Task, where, { orderBy: { position: 'asc', id: 'asc' }, limit: query.limit + 1 });
    },

    async find(userId: string, id: string): Promise<Task | null> {
      return orm.em.fork().findOne(Task, { id, user: userId });
    },

    /** Adds a task at the end of the list (REST api): refused like the SMS tool would. */
    async create(userId: string, rawTitle: string): Promise<{ status: 'created'; task: Task } | SlotRefusal> {
      const em = orm.em.fork();
      const title = cleanTitle(rawTitle);
      const refused = await refusal(em, userId, title);
      if (refused) return refused;
      return { status: 'created', task: await append(em, userId, title) };
    },

    /** Renames, completes (`done: true`) or reopens (`done: false`) a task, within the list's rules. */
    async update(userId: string, id: string, patch: { title?: string; done?: boolean }): Promise<{ status: 'updated'; task: Task } | { status: 'not_found' } | SlotRefusal> {
      const em = orm.em.fork();
      const task = await em.findOne(Task, { id, user: userId });
      if (!task) return { status: 'not_found' };
      const title = patch.title !== undefined ? cleanTitle(patch.title) : task.title;
      if (patch.title !== undefined && normalizeForSearch(title) === '') return { status: 'no_title' };
      const reopening = patch.done === false && task.status === 'done';
      const stayingOpen = task.status === 'open' && patch.done !== true;
      if (reopening || (stayingOpen && title !== task.title)) {
        const refused = await refusal(em, userId, title, task.id);
        if (refused) return refused;
      }
      task.title = title;
      if (patch.done === true && task.status === 'open') {
        task.status = 'done';
        task.completedAt = new Date();
      } else if (reopening) {
        task.status = 'open';
        task.completedAt = null;
      }
      await em.flush();
      return { status: 'updated', task };
    },

    /** False when the person has no such task. */
    async delete(userId: string, id: string): Promise<boolean> {
      return (await orm.em.fork().nativeDelete(Task, { id, user: userId })) > 0;
    },
  };
}

export type TaskService = ReturnType<typeof createTaskService>;
