import type { FilterQuery } from '@mikro-orm/core';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Router } from 'express';
import type { z } from 'zod';
import { type ConsentGatedCall, needsConsent } from '../../../services/privacy/consent';
import { createReminderActivities } from '../../../activities/reminders';
import { IdParams, Reminder as ReminderSchema, ReminderCreate, ReminderListQuery, ReminderPatch, page } from '../../../schemas/api/resources';
import { Reminder } from '../../../schemas/entities';
import { cancelSignal, rescheduleSignal } from '../../../workflows/reminder';
import { subjectUserId } from '../../auth/subject';
import { defineRoute } from '../../openapi/route';
import { decodeCursor, pageOf } from '../../pagination';
import { HttpProblem } from '../../problem';
import { json, loadUser, notFound, secured, type ResourceDeps } from './common';

/** States a reminder never leaves: nothing left to reschedule or cancel. */
const FINISHED = new Set(['acknowledged', 'missed', 'cancelled', 'done']);
/** Clocks disagree a little: a due time up to this far in the past fires at once rather than being refused. */
const PAST_TOLERANCE_MS = 60_000;
const MAX_AHEAD_MS = 10 * 366 * 86_400_000;

export function reminderView(r: Reminder): z.infer<typeof ReminderSchema> {
  return {
    id: r.id,
    text: r.text,
    dueAt: r.dueAt.toISOString(),
    timezone: r.timezone,
    rrule: r.rrule,
    status: r.status,
    nagCount: r.nagCount,
    occurrence: r.occurrence,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

function checkDue(dueAt: string): Date {
  const at = new Date(dueAt);
  const problem = (message: string) => new HttpProblem(400, 'Bad Request', 'Invalid request body.', [{ path: 'body.dueAt', message }]);
  if (at.getTime() < Date.now() - PAST_TOLERANCE_MS) throw problem('must be in the future');
  if (at.getTime() > Date.now() + MAX_AHEAD_MS) throw problem('must be within 10 years');
  return at;
}

/**
 * /api/v1/reminders: the same reminders as the SMS ones. POST goes through the reminder tool's
 * own creation path (activities/reminders.ts createReminder: read-model row, then the
 * `reminder-<id>` workflow); PATCH and DELETE signal that workflow, which stays the source of
 * truth and writes its transitions back to the read model.
 */
export function createRemindersRouter(deps: ResourceDeps): Router {
  const router = Router();
  const sec = secured(deps);
  const tags = ['reminders'];
  const reminders = createReminderActivities({
    orm: deps.orm,
    temporal: deps.temporal,
    taskQueue: deps.config.temporal.taskQueue,
    nagMinutes: deps.config.reminders.nagMinutes,
  });

  async function find(userId: string, id: string): Promise<Reminder> {
    // Scoped by user: another user's id is "not found", exactly like an unknown one.
    const reminder = await deps.orm.em.fork().findOne(Reminder, { id, user: userId });
    if (!reminder) throw notFound('reminder');
    return reminder;
  }

  defineRoute(
    router,
    {
      ...sec, method: 'get', path: '/api/v1/reminders', tags, query: ReminderListQuery,
      summary: 'List reminders, soonest first (partners: reminders:read)',
      responses: { 200: json(page('ReminderPage', ReminderSchema), 'A page of reminders') },
    },
    async ({ query }, req, res) => {
      const userId = await subjectUserId(req, 'reminders:read');
      const where: FilterQuery<Reminder> = { user: userId, ...(query.status ? { status: query.status } : {}) };
      if (query.cursor) {
        const [dueAt, id] = decodeCursor(query.cursor, 'string');
        const at = new Date(dueAt);
        where.$or = [{ dueAt: { $gt: at } }, { dueAt: at, id: { $gt: id } }];
      }
      const rows = await deps.orm.em.fork().find(Reminder, where, { orderBy: { dueAt: 'asc', id: 'asc' }, limit: query.limit + 1 });
      const { rows: items, nextCursor } = pageOf(rows, query.limit, (r) => [r.dueAt.toISOString(), r.id]);
      res.json({ items: items.map(reminderView), nextCursor });
    },
  );

  defineRoute(
    router,
    {
      ...sec, method: 'post', path: '/api/v1/reminders', tags, body: ReminderCreate,
      summary: 'Create a reminder and start its workflow (partners: reminders:write)',
      description: 'It texts the user at `dueAt` (even in quiet hours: the time was chosen), then nags until they answer. ' +
        '`rrule` repeats it at the same local wall time in the user\'s timezone.',
      responses: { 201: { ...json(ReminderSchema, 'The reminder, scheduled'), headers: { Location: { schema: { type: 'string' } } } } },
      problems: [404, 409],
    },
    async ({ body }, req, res) => {
      const userId = await subjectUserId(req, 'reminders:write');
      const user = await loadUser(deps.orm.em.fork(), userId);
      const dueAt = checkDue(body.dueAt);
      if (!user.consentedAt && needsConsent({ tool: 'createReminder', text: body.text } as ConsentGatedCall)) {
        throw new HttpProblem(
          409,
          'Consent Required',
          'This reminder is health-related: under Québec\'s Law 25 the person first agrees to keep such data (PATCH /api/v1/me {"consent": true}, or OUI by SMS).',
        );
      }
      const { reminderId } = await reminders.createReminder({
        userId,
        text: body.text,
        dueAt: dueAt.toISOString(),
        rrule: body.rrule ?? null,
        explicitTime: true,
        language: user.language,
      });
      deps.logger.info('reminder created through the api', { userId, reminderId });
      res.status(201).location(`/api/v1/reminders/${reminderId}`).json(reminderView(await find(userId, reminderId)));
    },
  );

  defineRoute(
    router,
    { ...sec, method: 'get', path: '/api/v1/reminders/{id}', tags, params: IdParams, summary: 'One reminder (partners: reminders:read)', responses: { 200: json(ReminderSchema, 'The reminder') }, problems: [404] },
    async ({ params }, req, res) => {
      const userId = await subjectUserId(req, 'reminders:read');
      res.json(reminderView(await find(userId, params.id)));
    },
  );

  defineRoute(
    router,
    {
      ...sec, method: 'patch', path: '/api/v1/reminders/{id}', tags, params: IdParams, body: ReminderPatch,
      summary: 'Reschedule a reminder (partners: reminders:write)',
      responses: { 200: json(ReminderSchema, 'The reminder at its new time') },
      problems: [404, 409],
    },
    async ({ params, body }, req, res) => {
      const userId = await subjectUserId(req, 'reminders:write');
      const reminder = await find(userId, params.id);
      const dueAt = checkDue(body.dueAt);
      if (FINISHED.has(reminder.status)) throw new HttpProblem(409, 'Conflict', `This reminder is ${reminder.status}: it can no longer be rescheduled.`);
      try {
        await deps.temporal.workflow.getHandle(reminder.workflowId).signal(rescheduleSignal, { dueAt: dueAt.toISOString() });
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw new HttpProblem(409, 'Conflict', 'This reminder has just finished: it can no longer be rescheduled.');
        throw err;
      }
      // The signal is in the workflow's history, so the move will happen; the read model gets
      // what the workflow will write (recordReminderState) now, so a GET right after sees it.
      const moved = { dueAt, status: 'scheduled' as const, nagCount: 0, updatedAt: new Date() };
      await deps.orm.em.fork().nativeUpdate(Reminder, { id: reminder.id, status: { $nin: [...FINISHED] as Reminder['status'][] } }, moved);
      res.json(reminderView(Object.assign(reminder, moved)));
      deps.logger.info('reminder rescheduled through the api', { userId, reminderId: reminder.id });
    },
  );

  defineRoute(
    router,
    {
      ...sec, method: 'delete', path: '/api/v1/reminders/{id}', tags, params: IdParams,
      summary: 'Cancel a reminder (partners: reminders:write)',
      description: 'Idempotent: cancelling a cancelled reminder is a success. An acknowledged or missed one is a conflict.',
      responses: { 204: { description: 'Cancelled' } },
      problems: [404, 409],
    },
    async ({ params }, req, res) => {
      const userId = await subjectUserId(req, 'reminders:write');
      const reminder = await find(userId, params.id);
      if (reminder.status === 'cancelled') return void res.status(204).end();
      if (FINISHED.has(reminder.status)) throw new HttpProblem(409, 'Conflict', `This reminder is ${reminder.status}: there is nothing to cancel.`);
      try {
        await deps.temporal.workflow.getHandle(reminder.workflowId).signal(cancelSignal);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        const now = await find(userId, params.id);
        if (now.status !== 'cancelled') throw new HttpProblem(409, 'Conflict', `This reminder is ${now.status}: there is nothing to cancel.`);
      }
      deps.logger.info('reminder cancelled through the api', { userId, reminderId: reminder.id });
      res.status(204).end();
    },
  );
  return router;
}
