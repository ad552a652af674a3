import type { Client } from '@temporalio/client';
import type { ProviderName } from '../../schemas/config';
import type { Orm } from '../../schemas/db';
import { ExternalTaskLink, IntegrationAccount, OAuthRequest } from '../../schemas/entities';
import { deleteSyncSchedule, upsertSyncSchedule } from '../../temporal/sync-schedules';
import type { Logger } from '../infra/logger';
import type { Accounts } from './accounts';
import type { IntegrationDeps } from './deps';
import { authorizationUrl, ConsentRevokedError, endpoints, exchangeCode, randomToken, revokeToken, sha256hex } from './oauth';

/** The OAuth state lives 10 minutes: long enough to sign in, short enough to be useless if leaked. */
const STATE_TTL_MS = 10 * 60_000;

export interface ConnectionServiceDeps {
  orm: Orm;
  temporal: Client;
  taskQueue: string;
  publicBaseUrl: string;
  logger: Logger;
  integrations: IntegrationDeps;
  accounts: Accounts;
}

export type CallbackOutcome = { status: 'connected'; userId: string } | { status: 'invalid_state' } | { status: 'refused' } | { status: 'code_rejected' } | { status: 'provider_down' };

/**
 * Connecting and disconnecting a provider account: the OAuth authorization-code flow (one-time
 * state hashed at rest, PKCE verifier encrypted at rest), the one-time connect links texted by
 * SMS, and the sync schedule that follows a connected task list.
 */
export function createConnectionService(deps: ConnectionServiceDeps) {
  const { orm, integrations, accounts } = deps;

  /** Marks a one-time request used; null when unknown, expired or already used (a replay). */
  async function consume(secret: string, kind: 'state' | 'link', provider?: ProviderName): Promise<OAuthRequest | null> {
    const em = orm.em.fork();
    const id = sha256hex(secret);
    const used = await em.nativeUpdate(OAuthRequest, { id, kind, usedAt: null, expiresAt: { $gt: new Date() }, ...(provider ? { provider } : {}) }, { usedAt: new Date() });
    return used === 1 ? em.findOne(OAuthRequest, { id }) : null;
  }

  /** A fresh one-time state and PKCE verifier, and the provider's consent URL. */
  async function startFlow(userId: string, provider: ProviderName): Promise<string> {
    const state = randomToken();
    const verifier = endpoints(provider, integrations.config).pkce ? randomToken() : null;
    await orm.em.fork().persistAndFlush(
      new OAuthRequest({
        id: sha256hex(state),
        kind: 'state',
        userId,
        provider,
        codeVerifier: verifier ? integrations.keyRing.encryptText(verifier, `oauth-state:${provider}`) : null,
        expiresAt: new Date(Date.now() + STATE_TTL_MS),
      }),
    );
    return authorizationUrl({ provider, config: integrations.config, publicBaseUrl: deps.publicBaseUrl, state, codeVerifier: verifier });
  }

  return {
    startFlow,

    /** The person's accounts, one row per provider (status and settings; never a token). */
    list(userId: string): Promise<IntegrationAccount[]> {
      return orm.em.fork().find(IntegrationAccount, { userId });
    },

    /** The SMS link (/connect/<token>): spent once, then the consent URL; null when used or expired. */
    async followLink(token: string): Promise<string | null> {
      const link = await consume(token, 'link');
      return link ? startFlow(link.userId, link.provider) : null;
    },

    /**
     * The provider's redirect back: the state is spent first (a replay finds it used), then the
     * code is exchanged and the tokens stored, and the sync schedule of a task list is created.
     */
    async completeFlow(provider: ProviderName, answer: { state: string; code: string; error: boolean }): Promise<CallbackOutcome> {
      const request = await consume(answer.state, 'state', provider);
      if (!request) return { status: 'invalid_state' };
      if (answer.error || !answer.code) return { status: 'refused' };
      const verifier = request.codeVerifier ? integrations.keyRing.decryptText(request.codeVerifier, `oauth-state:${provider}`) : null;
      let tokens;
      try {
        tokens = await exchangeCode({ provider, config: integrations.config, publicBaseUrl: deps.publicBaseUrl, code: answer.code, codeVerifier: verifier, now: new Date() });
      } catch (err) {
        return { status: err instanceof ConsentRevokedError ? 'code_rejected' : 'provider_down' };
      }
      await accounts.save(request.userId, provider, tokens);
      await upsertSyncSchedule(deps.temporal, { userId: request.userId, provider, taskQueue: deps.taskQueue });
      return { status: 'connected', userId: request.userId };
    },

    /** Revokes the grant at the provider (best effort), deletes the tokens, the sync links and the schedule. */
    async disconnect(userId: string, provider: ProviderName): Promise<void> {
      const account = await accounts.find(userId, provider);
      if (!account) return;
      const tokens = accounts.decrypt(account);
      const revoked = await revokeToken(provider, integrations.config, tokens.refreshToken ?? tokens.accessToken).catch(() => false);
      if (!revoked) deps.logger.warn('integration revocation failed or not supported; local tokens deleted', { provider });
      const em = orm.em.fork();
      await em.nativeDelete(IntegrationAccount, { id: account.id });
      await em.nativeDelete(ExternalTaskLink, { userId, provider });
      await deleteSyncSchedule(deps.temporal, userId, provider);
    },
  };
}

export type ConnectionService = ReturnType<typeof createConnectionService>;
