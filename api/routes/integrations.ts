import { Router, type Request } from 'express';
import { NotionSettingsBody, NotionSettingsView, NotionTargets, registerIntegrationRoutes } from '../openapi/extra-routes';
import { defineRoute } from '../openapi/route';
import { USER_OR_PARTNER } from '../openapi/registry';
import { type AuthGuards, createAuthGuards } from '../auth/guards';
import { subjectUserId } from '../auth/subject';
import { HttpProblem } from '../problem';
import type { ApiDeps } from '../context';
import type { ProviderName } from '../../schemas/config';
import { createAccounts, NeedsReconnectError } from '../../services/integrations/accounts';
import { createConnectionService } from '../../services/integrations/connections';
import { integrationDeps } from '../../services/integrations/deps';
import { isNotFound, notionDatabase, notionPage, notionTargets } from '../../services/integrations/notion';
import { publicNotionSettings, saveNotionChoice, startNotionSync } from '../../services/integrations/notion-settings';
import { isProvider, PROVIDERS } from '../../services/integrations/oauth';

const SCOPE = 'integrations';

/**
 * Connected accounts: GET /api/v1/integrations, POST /api/v1/integrations/{provider}/connect,
 * DELETE /api/v1/integrations/{provider} (authenticated), the OAuth callback
 * GET /oauth/{provider}/callback, and the SMS link GET /connect/{token}.
 */
export function createIntegrationsRouter(deps: ApiDeps, guards: AuthGuards = createAuthGuards(deps.config.auth.jwtSecret)): Router {
  registerIntegrationRoutes();
  const router = Router();
  const integrations = integrationDeps(deps.config);
  const accounts = createAccounts({ orm: deps.orm, integrations, logger: deps.logger, notify: async () => undefined });
  const connections = createConnectionService({
    orm: deps.orm, temporal: deps.temporal, taskQueue: deps.config.temporal.taskQueue, publicBaseUrl: deps.config.publicBaseUrl, logger: deps.logger, integrations, accounts,
  });
  const offered = (p: ProviderName) => integrations.config.clients[p] !== null;

  function providerParam(req: Request): ProviderName {
    const p = String(req.params.provider ?? '');
    if (!isProvider(p) || !offered(p)) throw new HttpProblem(404, 'Not Found', 'No such integration is offered.');
    return p;
  }

  router.get('/api/v1/integrations', guards.authenticate, async (req, res) => {
    const userId = await subjectUserId(req, SCOPE);
    const rows = await connections.list(userId);
    res.json(
      PROVIDERS.filter(offered).map((provider) => {
        const row = rows.find((r) => r.provider === provider);
        return {
          provider,
          connected: row?.status === 'connected',
          status: row?.status ?? 'not_connected',
          connectedAt: row?.createdAt ?? null,
          // Notion: the chosen notes page and task database (ids, titles, detected properties).
          settings: row && provider === 'notion' ? publicNotionSettings(row.settings) : null,
        };
      }),
    );
  });

  /**
   * Calls Notion for the picker routes with the person's token: not connected (or Notion not
   * offered) → 404, consent lost → 409 (reconnect), Notion down → 502; a 401 refreshes once.
   */
  async function withNotion<T>(userId: string, fn: (token: string) => Promise<T>): Promise<T> {
    if (!offered('notion')) throw new HttpProblem(404, 'Not Found', 'No such integration is offered.');
    try {
      const token = await accounts.accessToken(userId, 'notion');
      if (!token) throw new HttpProblem(404, 'Not Found', 'Notion is not connected.');
      try {
        return await fn(token);
      } catch (err) {
        if ((err as { status?: unknown }).status !== 401) throw err;
        const fresh = await accounts.accessToken(userId, 'notion', { forceRefresh: true });
        if (!fresh) throw err;
        return await fn(fresh);
      }
    } catch (err) {
      if (err instanceof HttpProblem) throw err;
      if (err instanceof NeedsReconnectError) throw new HttpProblem(409, 'Conflict', 'Notion must be reconnected (access removed or expired).');
      deps.logger.warn('notion picker call failed', { status: (err as { status?: unknown }).status ?? null });
      throw new HttpProblem(502, 'Bad Gateway', 'Notion could not be reached. Try again.');
    }
  }

  /** A picked id Notion does not know, or does not share with the integration: 422 naming the field. */
  const notShared = (field: string, detail: string) => new HttpProblem(422, 'Unprocessable Content', detail, [{ path: `body.${field}`, message: 'not shared with the integration' }]);

  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/v1/integrations/notion/targets',
      tags: ['integrations'],
      summary: 'The Notion pages (for notes) and databases (for the task sync) shared with the integration, sorted by title (partners: integrations)',
      security: USER_OR_PARTNER,
      use: [guards.authenticate],
      responses: { 200: { description: 'Pages and databases', content: { 'application/json': { schema: NotionTargets } } } },
      problems: [404, 409, 502],
    },
    async (_input, req, res) => {
      const userId = await subjectUserId(req, SCOPE);
      res.json(await withNotion(userId, (token) => notionTargets(integrations.config, token)));
    },
  );

  defineRoute(
    router,
    {
      method: 'put',
      path: '/api/v1/integrations/notion/settings',
      tags: ['integrations'],
      summary: 'Choose the Notion page notes go to and/or the database the task list syncs with; a sync starts at once when a database is set (partners: integrations)',
      description:
        'The database must have a title property and something that can hold "done": a checkbox (e.g. "Done", "Fait"), a status property ' +
        '(its Complete group) or a select with a done-like option. Changing the database forgets the links of the previous one.',
      security: USER_OR_PARTNER,
      use: [guards.authenticate],
      body: NotionSettingsBody,
      responses: { 200: { description: 'The saved settings', content: { 'application/json': { schema: NotionSettingsView } } } },
      problems: [404, 409, 422, 502],
    },
    async ({ body }, req, res) => {
      const userId = await subjectUserId(req, SCOPE);
      const config = integrations.config;
      const choice = await withNotion(userId, async (token) => {
        const out: Parameters<typeof saveNotionChoice>[2] = {};
        if (body.pageId) {
          try {
            out.page = await notionPage(config, token, body.pageId);
          } catch (err) {
            if (isNotFound(err)) throw notShared('pageId', 'No such page is shared with the integration in Notion.');
            throw err;
          }
        }
        if (body.databaseId) {
          try {
            out.database = await notionDatabase(config, token, body.databaseId);
          } catch (err) {
            if (isNotFound(err)) throw notShared('databaseId', 'No such database is shared with the integration in Notion.');
            throw err;
          }
          if (!out.database.properties) {
            throw new HttpProblem(422, 'Unprocessable Content', 'This database has no property that can hold "done": add a checkbox (e.g. "Done") or a status property.', [
              { path: 'body.databaseId', message: 'no checkbox, status or select property for done' },
            ]);
          }
        }
        return out;
      });
      const saved = await saveNotionChoice(deps.orm, userId, choice);
      if (!saved) throw new HttpProblem(404, 'Not Found', 'Notion is not connected.');
      if (choice.database) {
        await startNotionSync(deps.temporal, deps.config.temporal.taskQueue, userId);
      }
      res.json(publicNotionSettings(JSON.stringify(saved)));
    },
  );

  router.post('/api/v1/integrations/:provider/connect', guards.authenticate, async (req, res) => {
    const userId = await subjectUserId(req, SCOPE);
    res.json({ authorizationUrl: await connections.startFlow(userId, providerParam(req)) });
  });

  router.delete('/api/v1/integrations/:provider', guards.authenticate, async (req, res) => {
    const userId = await subjectUserId(req, SCOPE);
    await connections.disconnect(userId, providerParam(req));
    res.status(204).end();
  });

  router.get('/connect/:token', async (req, res) => {
    const url = await connections.followLink(String(req.params.token));
    if (!url) throw new HttpProblem(410, 'Link Expired', 'This link was already used or has expired. Text the assistant again for a new one.');
    res.redirect(302, url);
  });

  router.get('/oauth/:provider/callback', async (req, res) => {
    const provider = providerParam(req);
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const code = typeof req.query.code === 'string' ? req.query.code : '';
    if (!state) throw new HttpProblem(400, 'Bad Request', 'The state parameter is missing.');
    const done = await connections.completeFlow(provider, { state, code, error: typeof req.query.error === 'string' });
    if (done.status === 'invalid_state') throw new HttpProblem(400, 'Invalid State', 'Unknown, expired or already used state.');
    if (done.status === 'refused') throw new HttpProblem(400, 'Consent Refused', 'The provider did not grant access.');
    if (done.status === 'code_rejected') throw new HttpProblem(400, 'Code Rejected', 'The provider rejected the authorization code.');
    if (done.status === 'provider_down') throw new HttpProblem(502, 'Bad Gateway', 'The provider could not be reached. Try again.');
    res.type('text/html').send('<!doctype html><meta charset="utf-8"><title>OK</title><p>C\'est relié! Tu peux fermer cette page. / Connected! You can close this page.</p>');
  });

  return router;
}
