import { Router, type Request } from 'express';
import { NotionSettingsBody, NotionSettingsView, NotionTargets, registerIntegrationRoutes } from '../openapi/extra-routes';
import { defineRoute } from '../openapi/route';
import { USER_OR_PARTNER } from '../openapi/registry';
import { type AuthGuards, createAuthGuards } from '../auth/guards';
import { subjectUserId } from '../auth/subject';
import { HttpProblem } from '../problem';
import type { ApiDeps } from '../context';
import { createAccounts, NeedsReconnectError } from '../../services/integrations/accounts';
import { isNotFound, notionDatabase, notionPage, notionTargets } from '../../services/integrations/notion';
import { publicNotionSettings, saveNotionChoice, startNotionSync } from '../../activities/integrations/notion-picker';
import { integrationDeps } from '../../services/integrations/deps';
import { authorizationUrl, ConsentRevokedError, exchangeCode, isProvider, PROVIDERS, randomToken, revokeToken, sha256hex, endpoints } from '../../services/integrations/oauth';
import type { ProviderName } from '../../schemas/config';
import { ExternalTaskLink, IntegrationAccount, OAuthRequest } from '../../schemas/entities';
import { deleteSyncSchedule, upsertSyncSchedule } from '../../temporal/sync-schedules';

/** The OAuth state lives 10 minutes: long enough to sign in, short enough to be useless if leaked. */
const STATE_TTL_MS = 10 * 60_000;
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
  const offered = (p: ProviderName) => integrations.config.clients[p] !== null;

  function providerParam(req: Request): ProviderName {
    const p = String(req.params.provider ?? '');
    if (!isProvider(p) || !offered(p)) throw new HttpProblem(404, 'Not Found', 'No such integration is offered.');
    return p;
  }

  /** A fresh one-time state (hashed at rest) and PKCE verifier (encrypted at rest), and the consent URL. */
  async function startFlow(userId: string, provider: ProviderName): Promise<string> {
    const state = randomToken();
    const verifier = endpoints(provider, integrations.config).pkce ? randomToken() : null;
    const em = deps.orm.em.fork();
    await em.persistAndFlush(
      new OAuthRequest({
        id: sha256hex(state),
        kind: 'state',
        userId,
        provider,
        codeVerifier: verifier ? integrations.keyRing.encryptText(verifier, `oauth-state:${provider}`) : null,
        expiresAt: new Date(Date.now() + STATE_TTL_MS),
      }),
    );
    return authorizationUrl({ provider, config: integrations.config, publicBaseUrl: deps.config.publicBaseUrl, state, codeVerifier: verifier });
  }

  /** Marks a one-time request used; null when unknown, expired or already used (a replay). */
  async function consume(secret: string, kind: 'state' | 'link', provider?: ProviderName): Promise<OAuthRequest | null> {
    const em = deps.orm.em.fork();
    const id = sha256hex(secret);
    const used = await em.nativeUpdate(OAuthRequest, { id, kind, usedAt: null, expiresAt: { $gt: new Date() }, ...(provider ? { provider } : {}) }, { usedAt: new Date() });
    return used === 1 ? em.findOne(OAuthRequest, { id }) : null;
  }

  router.get('/api/v1/integrations', guards.authenticate, async (req, res) => {
    const userId = await subjectUserId(req, SCOPE);
    const rows = await deps.orm.em.fork().find(IntegrationAccount, { userId });
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
    res.json({ authorizationUrl: await startFlow(userId, providerParam(req)) });
  });

  router.delete('/api/v1/integrations/:provider', guards.authenticate, async (req, res) => {
    const userId = await subjectUserId(req, SCOPE);
    const provider = providerParam(req);
    const account = await accounts.find(userId, provider);
    if (account) {
      const tokens = accounts.decrypt(account);
      const revoked = await revokeToken(provider, integrations.config, tokens.refreshToken ?? tokens.accessToken).catch(() => false);
      if (!revoked) deps.logger.warn('integration revocation failed or not supported; local tokens deleted', { provider });
      const em = deps.orm.em.fork();
      await em.nativeDelete(IntegrationAccount, { id: account.id });
      await em.nativeDelete(ExternalTaskLink, { userId, provider });
      await deleteSyncSchedule(deps.temporal, userId, provider);
    }
    res.status(204).end();
  });

  router.get('/connect/:token', async (req, res) => {
    const link = await consume(String(req.params.token), 'link');
    if (!link) throw new HttpProblem(410, 'Link Expired', 'This link was already used or has expired. Text the assistant again for a new one.');
    res.redirect(302, await startFlow(link.userId, link.provider));
  });

  router.get('/oauth/:provider/callback', async (req, res) => {
    const provider = providerParam(req);
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const code = typeof req.query.code === 'string' ? req.query.code : '';
    if (!state) throw new HttpProblem(400, 'Bad Request', 'The state parameter is missing.');
    const request = await consume(state, 'state', provider);
    if (!request) throw new HttpProblem(400, 'Invalid State', 'Unknown, expired or already used state.');
    if (typeof req.query.error === 'string' || !code) throw new HttpProblem(400, 'Consent Refused', 'The provider did not grant access.');
    const verifier = request.codeVerifier ? integrations.keyRing.decryptText(request.codeVerifier, `oauth-state:${provider}`) : null;
    let tokens;
    try {
      tokens = await exchangeCode({ provider, config: integrations.config, publicBaseUrl: deps.config.publicBaseUrl, code, codeVerifier: verifier, now: new Date() });
    } catch (err) {
      if (err instanceof ConsentRevokedError) throw new HttpProblem(400, 'Code Rejected', 'The provider rejected the authorization code.');
      throw new HttpProblem(502, 'Bad Gateway', 'The provider could not be reached. Try again.');
    }
    await accounts.save(request.userId, provider, tokens);
    await upsertSyncSchedule(deps.temporal, { userId: request.userId, provider, taskQueue: deps.config.temporal.taskQueue });
    res.type('text/html').send('<!doctype html><meta charset="utf-8"><title>OK</title><p>C\'est relié! Tu peux fermer cette page. / Connected! You can close this page.</p>');
  });

  return router;
}
