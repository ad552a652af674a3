import { Router } from 'express';
import type { z } from 'zod';
import { IdParams, Task as TaskSchema, TaskCreate, TaskListQuery, TaskPatch, page } from '../../../schemas/api/resources';
import type { Task } from '../../../schemas/entities';
import type { SlotRefusal } from '../../../services/tasks';
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

/** A title the list refuses, as the api says it: 400 for no word, 409 for a duplicate or a full list. */
function refused(r: SlotRefusal): HttpProblem {
  if (r.status === 'no_title') return new HttpProblem(400, 'Bad Request', 'Invalid request body.', [{ path: 'body.title', message: 'must contain a word' }]);
  if (r.status === 'duplicate') return new HttpProblem(409, 'Conflict', `Already on the list (task ${r.task.id}).`);
  return new HttpProblem(409, 'Conflict', `The list already has ${r.max} open tasks, the maximum.`);
}

/**
 * /api/v1/tasks: the to-do list "ma liste" shows, with the SMS tool's rules (at most
 * MAX_OPEN_TASKS open tasks, the same open task never twice).
 */
export function createTasksRouter(deps: ResourceDeps): Router {
  const router = Router();
  const sec = secured(deps);
  const tags = ['tasks'];
  const { tasks } = deps.services;

  async function find(userId: string, id: string): Promise<Task> {
    const task = await tasks.find(userId, id);
    if (!task) throw notFound('task');
    return task;
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
      let after: { position: number; id: string } | undefined;
      if (query.cursor) {
        const [position, id] = decodeCursor(query.cursor, 'number');
        after = { position, id };
      }
      const rows = await tasks.page({ userId, status: query.status, limit: query.limit, ...(after ? { after } : {}) });
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
      await loadUser(deps.orm.em.fork(), userId);
      const created = await tasks.create(userId, body.title);
      if (created.status !== 'created') throw refused(created);
      const { task } = created;
      res.status(201).location(`/api/v1/tasks/${task.id}`).json(taskView(task));
    },
  );

  defineRoute(
    router,
    { ...sec, method: 'get', path: '/api/v1/tasks/{id}', tags, params: IdParams, summary: 'One task (partners: tasks:read)', responses: { 200: json(TaskSchema, 'The task') }, problems: [404] },
    async ({ params }, req, res) => {
      const userId = await subjectUserId(req, 'tasks:read');
      res.json(taskView(await find(userId, params.id)));
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
      const updated = await tasks.update(userId, params.id, body);
      if (updated.status === 'not_found') throw notFound('task');
      if (updated.status !== 'updated') throw refused(updated);
      res.json(taskView(updated.task));
    },
  );

  defineRoute(
    router,
    { ...sec, method: 'delete', path: '/api/v1/tasks/{id}', tags, params: IdParams, summary: 'Delete a task (partners: tasks:write)', responses: { 204: { description: 'Deleted' } }, problems: [404] },
    async ({ params }, req, res) => {
      const userId = await subjectUserId(req, 'tasks:write');
      if (!(await tasks.delete(userId, params.id))) throw notFound('task');
      res.status(204).end();
    },
  );
  return router;
}
