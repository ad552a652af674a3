import express, { Router } from 'express';
import { z } from 'zod';
import { User } from '../../../schemas/entities';
import { claimExportToken, startAccountDeletion } from '../../../services/privacy/deletion';
import { exportUserData } from '../../../services/privacy/export';
import type { AuthGuards } from '../../auth/guards';
import { userIdOf } from '../../auth/principal';
import { subjectUserId } from '../../auth/subject';
import type { ApiDeps } from '../../context';
import { BEARER_JWT, problemResponses, registerRoute, USER_OR_PARTNER } from '../../openapi/registry';
import { HttpProblem } from '../../problem';

const deleteSchema = z.object({ confirm: z.literal('DELETE', { error: 'must be the string "DELETE"' }) }).strict();
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Privacy routes: the data export (authenticated, and the one-time link texted by "exporte mes
 * données") and account deletion, which starts accountDeletionWorkflow and answers 202.
 */
export function createPrivacyRouter(deps: ApiDeps, guards: AuthGuards): Router {
  const { orm, config, temporal } = deps;
  const router = Router();

  const sendExport = (res: express.Response, body: Record<string, unknown>) => {
    const day = new Date().toISOString().slice(0, 10);
    res.set('cache-control', 'no-store').attachment(`assistant-tdah-export-${day}.json`).type('application/json').send(JSON.stringify(body, null, 2));
  };

  registerRoute({
    method: 'get',
    path: '/api/v1/me/export',
    tags: ['me'],
    summary: 'All of the user\'s data as one JSON document (partners: users:read)',
    security: USER_OR_PARTNER,
    responses: {
      200: { description: 'Profile, consent, messages, reminders, tasks, memories… (credentials left out)', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } },
      ...problemResponses(401, 403, 404, 429),
    },
  });
  registerRoute({
    method: 'delete',
    path: '/api/v1/me',
    tags: ['me'],
    summary: 'Erase the account everywhere (accountDeletionWorkflow); users only',
    security: [{ [BEARER_JWT]: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: deleteSchema } } } },
    responses: {
      202: { description: 'Erasure started', content: { 'application/json': { schema: z.object({ status: z.literal('erasing'), workflowId: z.string() }) } } },
      ...problemResponses(400, 401, 403, 404),
    },
  });

  router.get('/api/v1/me/export', guards.authenticate, async (req, res) => {
    const userId = await subjectUserId(req, 'users:read');
    const body = await exportUserData(orm, userId);
    if (!body) throw new HttpProblem(404, 'Not Found', 'No such user.');
    sendExport(res, body);
  });

  router.delete('/api/v1/me', guards.authenticate, express.json({ limit: '4kb' }), async (req, res) => {
    // Users erase themselves; a partner key never erases anyone.
    const userId = userIdOf(req);
    const parsed = deleteSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new HttpProblem(400, 'Bad Request', 'Send {"confirm": "DELETE"} to erase this account and all its data.', parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'confirm', message: i.message })));
    }
    const user = await orm.em.fork().findOne(User, { id: userId });
    if (!user) throw new HttpProblem(404, 'Not Found', 'No such user (already erased?).');
    const workflowId = await startAccountDeletion({ temporal, taskQueue: config.temporal.taskQueue }, { userId, requestedBy: 'api', notify: false, language: user.language });
    res.status(202).json({ status: 'erasing', workflowId });
  });

  /** The link of "exporte mes données": single use, 15 minutes, no other credential. */
  router.get('/export/:token', async (req, res) => {
    const token = req.params.token ?? '';
    const gone = new HttpProblem(404, 'Not Found', 'This download link has expired or was already used. Text "exporte mes données" for a new one.');
    if (!TOKEN.test(token)) throw gone;
    // Single use: of two concurrent downloads, one wins.
    const userId = await claimExportToken(orm, token);
    if (!userId) throw gone;
    const body = await exportUserData(orm, userId);
    if (!body) throw gone;
    sendExport(res, body);
  });

  return router;
}
