import { Router } from 'express';
import type { z } from 'zod';
import { IdParams, Reminder as ReminderSchema, ReminderCreate, ReminderListQuery, ReminderPatch, page } from '../../../schemas/api/resources';
import type { Reminder } from '../../../schemas/entities';
import { type ConsentGatedCall, needsConsent } from '../../../services/privacy/consent';
import { isFinished } from '../../../services/reminders';
import { subjectUserId } from '../../auth/subject';
import { defineRoute } from '../../openapi/route';
import { decodeCursor, pageOf } from '../../pagination';
import { HttpProblem } from '../../problem';
import { json, loadUser, notFound, secured, type ResourceDeps } from './common';

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
 * /api/v1/reminders: the same reminders as the SMS ones, through the same reminder service
 * (services/reminders.ts). POST takes the SMS tool's creation path (read-model row, then the
 * `reminder-<id>` workflow); PATCH and DELETE signal that workflow, which stays the source of
 * truth and writes its transitions back to the read model.
 */
export function createRemindersRouter(deps: ResourceDeps): Router {
  const router = Router();
  const sec = secured(deps);
  const tags = ['reminders'];
  const { reminders } = deps.services;

  async function find(userId: string, id: string): Promise<Reminder> {
    // Scoped by user: another user's id is "not found", exactly like an unknown one.
    const reminder = await reminders.find(userId, id);
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
      let after: { dueAt: Date; id: string } | undefined;
      if (query.cursor) {
        const [dueAt, id] = decodeCursor(query.cursor, 'string');
        after = { dueAt: new Date(dueAt), id };
      }
      const rows = await reminders.page({ userId, limit: query.limit, ...(query.status ? { status: query.status } : {}), ...(after ? { after } : {}) });
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
      const consentRequired = () => new HttpProblem(
        409,
        'Consent Required',
        'This reminder is health-related: under Québec\'s Law 25 the person first agrees to keep such data (PATCH /api/v1/me {"consent": true}, or OUI by SMS).',
      );
      if (!user.consentedAt && needsConsent({ tool: 'createReminder', text: body.text } as ConsentGatedCall)) throw consentRequired();
      const created = await reminders.create({
        userId,
        text: body.text,
        dueAt: dueAt.toISOString(),
        rrule: body.rrule ?? null,
        explicitTime: true,
        language: user.language,
      });
      // Held for consent: only if consent was withdrawn between the check above and the create.
      if (created.status === 'held') throw consentRequired();
      const reminderId = created.reminder.id;
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
      if (isFinished(reminder.status)) throw new HttpProblem(409, 'Conflict', `This reminder is ${reminder.status}: it can no longer be rescheduled.`);
      if ((await reminders.reschedule(reminder, dueAt.toISOString())) === 'gone') {
        throw new HttpProblem(409, 'Conflict', 'This reminder has just finished: it can no longer be rescheduled.');
      }
      // The signal is in the workflow's history, so the move will happen; the read model gets
      // what the workflow will write (recordReminderState) now, so a GET right after sees it.
      const moved = await reminders.markRescheduled(reminder, dueAt);
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
      if (isFinished(reminder.status)) throw new HttpProblem(409, 'Conflict', `This reminder is ${reminder.status}: there is nothing to cancel.`);
      if ((await reminders.cancel(reminder)) === 'gone') {
        const now = await find(userId, params.id);
        if (now.status !== 'cancelled') throw new HttpProblem(409, 'Conflict', `This reminder is ${now.status}: there is nothing to cancel.`);
      }
      deps.logger.info('reminder cancelled through the api', { userId, reminderId: reminder.id });
      res.status(204).end();
    },
  );
  return router;
}
