import { createHash, randomBytes } from 'node:crypto';
import type { IntegrationsConfig, ProviderName } from '../../schemas/config';

/**
 * OAuth 2.0 authorization-code flow per provider: authorize URL (PKCE S256 where the provider
 * supports it; Notion does not), code exchange, refresh and revocation, with plain fetch against
 * each provider's documented endpoints (base URLs overridable for tests).
 */
export const PROVIDERS: ProviderName[] = ['google', 'microsoft', 'notion'];

export interface ProviderEndpoints {
  authorize: string;
  token: string;
  revoke: string | null;
  scopes: string[];
  pkce: boolean;
  /** Extra authorize parameters (offline access, consent prompt). */
  extra: Record<string, string>;
}

export function endpoints(provider: ProviderName, config: IntegrationsConfig): ProviderEndpoints {
  const { urls } = config;
  switch (provider) {
    case 'google':
      return {
        authorize: `${urls.googleOAuth ?? 'https://accounts.google.com'}/o/oauth2/v2/auth`,
        token: `${urls.googleOAuth ?? 'https://oauth2.googleapis.com'}/token`,
        revoke: `${urls.googleOAuth ?? 'https://oauth2.googleapis.com'}/revoke`,
        scopes: [
          'https://www.googleapis.com/auth/calendar.events',
          'https://www.googleapis.com/auth/tasks',
          'https://www.googleapis.com/auth/youtube.readonly',
        ],
        pkce: true,
        extra: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
      };
    case 'microsoft':
      return {
        authorize: `${urls.msLogin}/common/oauth2/v2.0/authorize`,
        token: `${urls.msLogin}/common/oauth2/v2.0/token`,
        // The Microsoft identity platform has no per-grant revocation endpoint: disconnecting deletes our tokens.
        revoke: null,
        scopes: ['offline_access', 'User.Read', 'Calendars.ReadWrite', 'Tasks.ReadWrite'],
        pkce: true,
        extra: { response_mode: 'query' },
      };
    case 'notion':
      return {
        authorize: `${urls.notionApi}/v1/oauth/authorize`,
        token: `${urls.notionApi}/v1/oauth/token`,
        revoke: `${urls.notionApi}/v1/oauth/revoke`,
        scopes: [],
        pkce: false,
        extra: { owner: 'user' },
      };
  }
}

export const isProvider = (value: string): value is ProviderName => (PROVIDERS as string[]).includes(value);

export const redirectUri = (publicBaseUrl: string, provider: ProviderName) => `${publicBaseUrl}/oauth/${provider}/callback`;

export const randomToken = () => randomBytes(32).toString('base64url');
export const sha256hex = (value: string) => createHash('sha256').update(value).digest('hex');
export const pkceChallenge = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export function authorizationUrl(opts: {
  provider: ProviderName;
  config: IntegrationsConfig;
  publicBaseUrl: string;
  state: string;
  codeVerifier: string | null;
}): string {
  const client = opts.config.clients[opts.provider];
  if (!client) throw new Error(`${opts.provider} is not configured`);
  const e = endpoints(opts.provider, opts.config);
  const url = new URL(e.authorize);
  url.searchParams.set('client_id', client.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', redirectUri(opts.publicBaseUrl, opts.provider));
  url.searchParams.set('state', opts.state);
  if (e.scopes.length) url.searchParams.set('scope', e.scopes.join(' '));
  if (e.pkce && opts.codeVerifier) {
    url.searchParams.set('code_challenge', pkceChallenge(opts.codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
  }
  for (const [k, v] of Object.entries(e.extra)) url.searchParams.set(k, v);
  return url.toString();
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
  scope: string | null;
}

/** The provider refused the grant for good (revoked or expired consent): the person must reconnect. */
export class ConsentRevokedError extends Error {
  override name = 'ConsentRevokedError';
}

/** A token endpoint answer that is neither a token nor invalid_grant (5xx, network): transient. */
export class TokenEndpointError extends Error {
  override name = 'TokenEndpointError';
}

async function tokenRequest(provider: ProviderName, config: IntegrationsConfig, params: Record<string, string>, now: Date): Promise<TokenSet> {
  const client = config.clients[provider];
  if (!client) throw new Error(`${provider} is not configured`);
  const e = endpoints(provider, config);
  let response: Response;
  if (provider === 'notion') {
    // Notion: JSON body, client credentials in HTTP Basic.
    response = await fetch(e.token, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      },
      body: JSON.stringify(params),
      signal: AbortSignal.timeout(15_000),
    });
  } else {
    response = await fetch(e.token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ ...params, client_id: client.clientId, client_secret: client.clientSecret }),
      signal: AbortSignal.timeout(15_000),
    });
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    // Never echo the body: it may carry a token. The error code alone says what happened.
    const code = typeof body.error === 'string' ? body.error : `http_${response.status}`;
    if (code === 'invalid_grant' || (provider === 'notion' && response.status === 400 && code === 'invalid_grant')) throw new ConsentRevokedError(code);
    if (response.status >= 400 && response.status < 500) throw new ConsentRevokedError(code);
    throw new TokenEndpointError(`${provider} token endpoint: ${code}`);
  }
  if (typeof body.access_token !== 'string') throw new TokenEndpointError(`${provider} token endpoint: no access_token`);
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : null;
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : null,
    expiresAt: expiresIn ? new Date(now.getTime() + expiresIn * 1000) : null,
    scope: typeof body.scope === 'string' ? body.scope : null,
  };
}

export function exchangeCode(opts: {
  provider: ProviderName;
  config: IntegrationsConfig;
  publicBaseUrl: string;
  code: string;
  codeVerifier: string | null;
  now: Date;
}): Promise<TokenSet> {
  const params: Record<string, string> = {
    grant_type: 'authorization_code',
    code: opts.code,
    redirect_uri: redirectUri(opts.publicBaseUrl, opts.provider),
  };
  if (opts.codeVerifier) params.code_verifier = opts.codeVerifier;
  return tokenRequest(opts.provider, opts.config, params, opts.now);
}

export function refreshTokens(provider: ProviderName, config: IntegrationsConfig, refreshToken: string, now: Date): Promise<TokenSet> {
  const params: Record<string, string> = { grant_type: 'refresh_token', refresh_token: refreshToken };
  // The Microsoft identity platform (v2.0) needs the scopes again on a refresh, else it refuses the request.
  if (provider === 'microsoft') params.scope = endpoints(provider, config).scopes.join(' ');
  return tokenRequest(provider, config, params, now);
}

/** Best effort: a revocation that fails is logged by the caller, the local tokens are deleted anyway. */
export async function revokeToken(provider: ProviderName, config: IntegrationsConfig, token: string): Promise<boolean> {
  const e = endpoints(provider, config);
  const client = config.clients[provider];
  if (!e.revoke || !client) return false;
  const response =
    provider === 'notion'
      ? await fetch(e.revoke, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
          },
          body: JSON.stringify({ token }),
          signal: AbortSignal.timeout(10_000),
        })
      : await fetch(e.revoke, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token }),
          signal: AbortSignal.timeout(10_000),
        });
  return response.ok;
}
