import { Router } from 'express';
import type { z } from 'zod';
import { subjectUserId } from '../../auth/subject';
import { defineRoute } from '../../openapi/route';
import { Me, MePatch } from '../../../schemas/api/resources';
import { applyEventReminderSetting } from '../../../services/event-reminders';
import { CONSENT_VERSION } from '../../../services/privacy/consent';
import { Memory, type User } from '../../../schemas/entities';
import { json, loadUser, secured, type ResourceDeps } from './common';

export function meView(u: User): z.infer<typeof Me> {
  return {
    id: u.id,
    phone: u.phone,
    assistantNumber: u.assistantNumber,
    timezone: u.timezone,
    language: u.language,
    quietHours: { start: u.quietStart, end: u.quietEnd },
    gsmFriendly: u.gsmFriendly,
    status: u.status,
    consentedAt: u.consentedAt?.toISOString() ?? null,
    eventReminderMinutes: u.eventReminderMinutes,
    createdAt: u.createdAt.toISOString(),
  };
}

/** GET/PATCH /api/v1/me: the caller's profile and preferences (timezone, language, quiet hours). */
export function createMeRouter(deps: ResourceDeps): Router {
  const router = Router();
  const sec = secured(deps);

  defineRoute(
    router,
    { ...sec, method: 'get', path: '/api/v1/me', tags: ['me'], summary: 'The signed-in user (partners: users:read)', responses: { 200: json(Me, 'The user') }, problems: [404] },
    async (_in, req, res) => {
      const userId = await subjectUserId(req, 'users:read');
      res.json(meView(await loadUser(deps.orm.em.fork(), userId)));
    },
  );

  defineRoute(
    router,
    {
      ...sec,
      method: 'patch',
      path: '/api/v1/me',
      tags: ['me'],
      summary: 'Change timezone, language, quiet hours, GSM-friendly replies, Law 25 consent or reminders before events (partners: users:write)',
      description:
        'New reminders use the new timezone and quiet hours; reminders already scheduled keep theirs. ' +
        '`eventReminderMinutes` (1 to 240, or null for off) turns reminders before calendar events on or off: ' +
        'a scan every 15 minutes of the connected Google and Outlook calendars (docs/integrations.md); without a connected calendar it waits for one.',
      body: MePatch,
      responses: { 200: json(Me, 'The updated user') },
      problems: [404],
    },
    async ({ body }, req, res) => {
      const userId = await subjectUserId(req, 'users:write');
      const em = deps.orm.em.fork();
      const user = await loadUser(em, userId);
      if (body.timezone !== undefined) user.timezone = body.timezone;
      if (body.language !== undefined) user.language = body.language;
      if (body.quietHours !== undefined) {
        user.quietStart = body.quietHours.start;
        user.quietEnd = body.quietHours.end;
      }
      if (body.gsmFriendly !== undefined) user.gsmFriendly = body.gsmFriendly;
      if (body.consent === true && !user.consentedAt) Object.assign(user, { consentedAt: new Date(), consentVersion: CONSENT_VERSION });
      if (body.consent === false) {
        // Same as "retire mon consentement" by SMS: what was kept under that consent goes with it.
        Object.assign(user, { consentedAt: null, consentVersion: null, consentPending: null, consentPendingAt: null });
        await em.nativeDelete(Memory, { user: user.id });
      }
      await em.flush();
      if (body.eventReminderMinutes !== undefined) {
        // Same as "rappelle-moi 15 min avant mes rendez-vous" by SMS: the column and its schedule.
        const updated = await applyEventReminderSetting({ orm: deps.orm, temporal: deps.temporal, taskQueue: deps.config.temporal.taskQueue }, user.id, body.eventReminderMinutes);
        user.eventReminderMinutes = updated?.eventReminderMinutes ?? null;
      }
      deps.logger.info('user preferences changed', { userId, fields: Object.keys(body) });
      res.json(meView(user));
    },
  );
  return router;
}
