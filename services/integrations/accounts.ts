import type { ProviderName } from '../../schemas/config';
import type { Orm } from '../../schemas/db';
import { IntegrationAccount, User } from '../../schemas/entities';
import type { KeyRing } from '../../schemas/keyring';
import type { Logger } from '../infra/logger';
import type { IntegrationDeps } from './deps';
import { ConsentRevokedError, refreshTokens, type TokenSet } from './oauth';

/** Refresh this long before expiry, so a call never goes out with a token about to lapse. */
const REFRESH_MARGIN_MS = 60_000;

/** The person must reconnect this provider (consent revoked or expired); they were told by SMS. */
export class NeedsReconnectError extends Error {
  override name = 'NeedsReconnectError';
  constructor(readonly provider: ProviderName) {
    super(`${provider} needs to be reconnected`);
  }
}

const aad = (account: Pick<IntegrationAccount, 'userId' | 'provider'>, kind: 'access' | 'refresh') => `integration:${account.provider}:${account.userId}:${kind}`;

export interface AccountsDeps {
  orm: Orm;
  integrations: IntegrationDeps;
  logger: Logger;
  /** Texts the person (idempotent by key); used once per lost consent. */
  notify: (userId: string, body: string, idempotencyKey: string) => Promise<unknown>;
}

export function reconnectText(provider: ProviderName, lang: 'fr' | 'en'): string {
  const name = provider === 'google' ? 'Google' : provider === 'microsoft' ? 'Microsoft' : 'Notion';
  return lang === 'fr'
    ? `Ton compte ${name} n'est plus relié (accès retiré ou expiré). Pour le reconnecter, écris: connecte ${name}`
    : `Your ${name} account is no longer connected (access removed or expired). To reconnect, text: connect ${name}`;
}

/**
 * The person's accounts as provider and status only, for the brain's every model call: one query
 * on the (user_id, provider) unique index, no token column read, nothing decrypted.
 */
export async function accountStatuses(orm: Orm, userId: string): Promise<{ provider: ProviderName; status: IntegrationAccount['status'] }[]> {
  const rows = await orm.em.fork().find(IntegrationAccount, { userId }, { fields: ['provider', 'status'] });
  return rows.map((a) => ({ provider: a.provider, status: a.status }));
}

/** Stored tokens, encrypted with the key ring; refreshed when due; revoked consent handled once. */
export function createAccounts(deps: AccountsDeps) {
  const keyRing: KeyRing = deps.integrations.keyRing;
  const now = deps.integrations.now ?? (() => new Date());

  async function save(userId: string, provider: ProviderName, tokens: TokenSet, settings?: string | null): Promise<IntegrationAccount> {
    const em = deps.orm.em.fork();
    const account = (await em.findOne(IntegrationAccount, { userId, provider })) ?? new IntegrationAccount({ userId, provider, accessToken: '' });
    account.accessToken = keyRing.encryptText(tokens.accessToken, aad(account, 'access'));
    // Providers that rotate refresh tokens send a new one; the others keep the first.
    if (tokens.refreshToken) account.refreshToken = keyRing.encryptText(tokens.refreshToken, aad(account, 'refresh'));
    account.expiresAt = tokens.expiresAt;
    account.scope = tokens.scope ?? account.scope;
    account.status = 'connected';
    account.reconnectNotifiedAt = null;
    if (settings !== undefined) account.settings = settings;
    await em.persistAndFlush(account);
    return account;
  }

  async function find(userId: string, provider: ProviderName): Promise<IntegrationAccount | null> {
    return deps.orm.em.fork().findOne(IntegrationAccount, { userId, provider });
  }

  function decrypt(account: IntegrationAccount): { accessToken: string; refreshToken: string | null } {
    return {
      accessToken: keyRing.decryptText(account.accessToken, aad(account, 'access')),
      refreshToken: account.refreshToken ? keyRing.decryptText(account.refreshToken, aad(account, 'refresh')) : null,
    };
  }

  /** The consent is gone: mark the account and text the person once (not at every sync). */
  async function lostConsent(account: IntegrationAccount): Promise<never> {
    const em = deps.orm.em.fork();
    const fresh = await em.findOne(IntegrationAccount, { id: account.id });
    if (fresh && fresh.status !== 'needs_reconnect') {
      fresh.status = 'needs_reconnect';
      fresh.reconnectNotifiedAt = now();
      await em.flush();
      const user = await em.findOne(User, { id: account.userId });
      deps.logger.warn('integration consent lost', { provider: account.provider, userId: account.userId });
      await deps.notify(account.userId, reconnectText(account.provider, user?.language ?? 'fr'), `reconnect:${account.id}:${fresh.reconnectNotifiedAt.toISOString()}`);
    }
    throw new NeedsReconnectError(account.provider);
  }

  /**
   * A valid access token for the provider, refreshed first when it expires within a minute;
   * null when the provider is not connected. Throws NeedsReconnectError on revoked consent.
   */
  async function accessToken(userId: string, provider: ProviderName, opts: { forceRefresh?: boolean } = {}): Promise<string | null> {
    const account = await find(userId, provider);
    if (!account) return null;
    if (account.status === 'needs_reconnect') throw new NeedsReconnectError(provider);
    const tokens = decrypt(account);
    const due = opts.forceRefresh || (account.expiresAt !== null && account.expiresAt.getTime() - now().getTime() < REFRESH_MARGIN_MS);
    if (!due) return tokens.accessToken;
    if (!tokens.refreshToken) return opts.forceRefresh ? lostConsent(account) : tokens.accessToken;
    try {
      const fresh = await refreshTokens(provider, deps.integrations.config, tokens.refreshToken, now());
      await save(userId, provider, fresh);
      return fresh.accessToken;
    } catch (err) {
      if (err instanceof ConsentRevokedError) return lostConsent(account);
      throw err;
    }
  }

  async function connected(userId: string): Promise<IntegrationAccount[]> {
    return deps.orm.em.fork().find(IntegrationAccount, { userId, status: 'connected' });
  }

  return { save, find, decrypt, accessToken, connected, lostConsent };
}

export type Accounts = ReturnType<typeof createAccounts>;
