import { ref, type FilterQuery } from '@mikro-orm/core';
import { Router } from 'express';
import type { z } from 'zod';
import { findOpenTasks, MAX_OPEN_TASKS } from '../../../activities/tasks';
import { IdParams, Task as TaskSchema, TaskCreate, TaskListQuery, TaskPatch, page } from '../../../schemas/api/resources';
import { Task, User } from '../../../schemas/entities';
import { normalizeForSearch } from '../../../workflows/lib/text-search';
import { subjectUserId } from '../../auth/subject';
import { defineRoute } from '../../openapi/route';
import { decodeCursor, pageOf } from '../../pagination';
import { HttpProblem } from '../../problem';
import { json, loadUser, notFound, secured, type ResourceDeps } from './common';

export function taskView(t: Task): z.infer<typeof TaskSchema> {
  return {
    id: t.id,
    title: t.title,
    done: t.status === 'done',
    position: t.position,
    createdAt: t.createdAt.toISOString(),
    completedAt: t.completedAt ? t.completedAt.toISOString() : null,
  };
}

/** Titles as the SMS tool stores them: one space between words, no trailing punctuation. */
const cleanTitle = (title: string) => title.trim().replace(/\s+/g, ' ').replace(/[\s.!;,]+$/, '');

/**
 * /api/v1/tasks: the to-do list "ma liste" shows, with the SMS tool's rules (at most
 * MAX_OPEN_TASKS open tasks, the same open task never twice).
 */
export function createTasksRouter(deps: ResourceDeps): Router {
  const router = Router();
  const sec = secured(deps);
  const tags = ['tasks'];

  async function find(em: ReturnType<ResourceDeps['orm']['em']['fork']>, userId: string, id: string): Promise<Task> {
    const task = await em.findOne(Task, { id, user: userId });
    if (!task) throw notFound('task');
    return task;
  }

  function titleProblem(title: string): string {
    const clean = cleanTitle(title);
    if (normalizeForSearch(clean) === '') {
      throw new HttpProblem(400, 'Bad Request', 'Invalid request body.', [{ path: 'body.title', message: 'must contain a word' }]);
    }
    return clean;
  }

  async function checkOpenSlot(em: ReturnType<ResourceDeps['orm']['em']['fork']>, userId: string, title: string, except?: string): Promise<void> {
    const open = await findOpenTasks(em, userId);
    const same = open.find((t) => t.id !== except && normalizeForSearch(t.title) === normalizeForSearch(title));
    if (same) throw new HttpProblem(409, 'Conflict', `Already on the list (task ${same.id}).`);
    if (open.filter((t) => t.id !== except).length >= MAX_OPEN_TASKS) {
      throw new HttpProblem(409, 'Conflict', `The list already has ${MAX_OPEN_TASKS} open tasks, the maximum.`);
    }
  }

  defineRoute(
    router,
    {
      ...sec, method: 'get', path: '/api/v1/tasks', tags, query: TaskListQuery,
      summary: 'List tasks in list order (partners: tasks:read)',
      responses: { 200: json(page('TaskPage', TaskSchema), 'A page of tasks') },
    },
    async ({ query }, req, res) => {
      const userId = await subjectUserId(req, 'tasks:read');
      const where: FilterQuery<Task> = { user: userId, ...(query.status === 'all' ? {} : { status: query.status }) };
      if (query.cursor) {
        const [position, id] = decodeCursor(query.cursor, 'number');
        where.$or = [{ position: { $gt: position } }, { position, id: { $gt: id } }];
      }
      const rows = await deps.orm.em.fork().find(Task, where, { orderBy: { position: 'asc', id: 'asc' }, limit: query.limit + 1 });
      const { rows: items, nextCursor } = pageOf(rows, query.limit, (t) => [t.position, t.id]);
      res.json({ items: items.map(taskView), nextCursor });
    },
  );

  defineRoute(
    router,
    {
      ...sec, method: 'post', path: '/api/v1/tasks', tags, body: TaskCreate,
      summary: 'Add a task at the end of the list (partners: tasks:write)',
      responses: { 201: { ...json(TaskSchema, 'The task'), headers: { Location: { schema: { type: 'string' } } } } },
      problems: [404, 409],
    },
    async ({ body }, req, res) => {
      const userId = await subjectUserId(req, 'tasks:write');
      const em = deps.orm.em.fork();
      await loadUser(em, userId);
      const title = titleProblem(body.title);
      await checkOpenSlot(em, userId, title);
      const last = await em.findOne(Task, { user: userId }, { orderBy: { position: 'desc' } });
      const task = new Task({ user: ref(em.getReference(User, userId)), title, position: (last?.position ?? 0) + 1 });
      await em.persistAndFlush(task);
      res.status(201).location(`/api/v1/tasks/${task.id}`).json(taskView(task));
    },
  );

  defineRoute(
    router,
    { ...sec, method: 'get', path: '/api/v1/tasks/{id}', tags, params: IdParams, summary: 'One task (partners: tasks:read)', responses: { 200: json(TaskSchema, 'The task') }, problems: [404] },
    async ({ params }, req, res) => {
      const userId = await subjectUserId(req, 'tasks:read');
      res.json(taskView(await find(deps.orm.em.fork(), userId, params.id)));
    },
  );

  defineRoute(
    router,
    {
      ...sec, method: 'patch', path: '/api/v1/tasks/{id}', tags, params: IdParams, body: TaskPatch,
      summary: 'Rename, complete (`done: true`) or reopen (`done: false`) a task (partners: tasks:write)',
      responses: { 200: json(TaskSchema, 'The task') },
      problems: [404, 409],
    },
    async ({ params, body }, req, res) => {
      const userId = await subjectUserId(req, 'tasks:write');
      const em = deps.orm.em.fork();
      const task = await find(em, userId, params.id);
      const title = body.title !== undefined ? titleProblem(body.title) : task.title;
      const reopening = body.done === false && task.status === 'done';
      const stayingOpen = task.status === 'open' && body.done !== true;
      if (reopening || (stayingOpen && title !== task.title)) await checkOpenSlot(em, userId, title, task.id);
      task.title = title;
      if (body.done === true && task.status === 'open') {
        task.status = 'done';
        task.completedAt = new Date();
      } else if (reopening) {
        task.status = 'open';
        task.completedAt = null;
      }
      await em.flush();
      res.json(taskView(task));
    },
  );

  defineRoute(
    router,
    { ...sec, method: 'delete', path: '/api/v1/tasks/{id}', tags, params: IdParams, summary: 'Delete a task (partners: tasks:write)', responses: { 204: { description: 'Deleted' } }, problems: [404] },
    async ({ params }, req, res) => {
      const userId = await subjectUserId(req, 'tasks:write');
      const deleted = await deps.orm.em.fork().nativeDelete(Task, { id: params.id, user: userId });
      if (deleted === 0) throw notFound('task');
      res.status(204).end();
    },
  );
  return router;
}
