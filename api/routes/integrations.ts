import { Router, type Request } from 'express';
import { registerIntegrationRoutes } from '../openapi/extra-routes';
import { type AuthGuards, createAuthGuards } from '../auth/guards';
import { subjectUserId } from '../auth/subject';
import { HttpProblem } from '../problem';
import type { ApiDeps } from '../context';
import { createAccounts } from '../../activities/integrations/accounts';
import { integrationDeps } from '../../activities/integrations/deps';
import { authorizationUrl, ConsentRevokedError, exchangeCode, isProvider, PROVIDERS, randomToken, revokeToken, sha256hex, endpoints } from '../../activities/integrations/oauth';
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
        return { provider, connected: row?.status === 'connected', status: row?.status ?? 'not_connected', connectedAt: row?.createdAt ?? null };
      }),
    );
  });

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
