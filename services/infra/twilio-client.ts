/**
 * Factory for the official `twilio` SDK client, optionally pointed at a
 * different origin (a local fake in tests, a recording proxy, …).
 *
 * The SDK always builds absolute `https://<product>.twilio.com/...` URLs; the
 * supported extension point to change where they go is the `httpClient`
 * option. We pass a subclass of the SDK's own `RequestClient` that rewrites the
 * origin of every request URL (including `next_page_uri` pagination URLs) to
 * `apiBaseUrl`, keeping path and query string.
 *
 * The subclass also turns low-level transport failures (socket hang-up,
 * timeout, connection refused) into a `TwilioTransportError` that carries no
 * request headers: axios errors keep `config.headers.Authorization`, i.e. the
 * base64 of `AccountSid:AuthToken`, and would leak the token if logged.
 * HTTP error responses are untouched and still surface as the SDK's
 * `RestException` (`.status`, `.code`, `.moreInfo`).
 */
import twilio from 'twilio';
import type { Twilio } from 'twilio';
import type RequestClientTypes from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /** e.g. `https://api.twilio.com` (production) or `http://127.0.0.1:PORT` (fake). */
  apiBaseUrl: string;
  /** Per-request timeout in milliseconds (socket + whole request). Defaults to 10 000. */
  timeoutMs?: number;
}

export const DEFAULT_TWILIO_API_BASE_URL = 'https://api.twilio.com';
export const DEFAULT_TWILIO_TIMEOUT_MS = 10_000;

/**
 * A request to Twilio failed below HTTP: no response was received (reset,
 * hang-up, timeout, refused). For a Message create this means the outcome is
 * unknown — Twilio may or may not have accepted (and sent) the SMS.
 */
export class TwilioTransportError extends Error {
  override readonly name = 'TwilioTransportError';
  /** Node/axios error code such as ECONNRESET, ECONNREFUSED, ECONNABORTED, ETIMEDOUT. */
  readonly code: string | undefined;
  readonly method: string;
  /** The URL actually requested (after rewriting). Contains no credentials. */
  readonly url: string;
  readonly isTimeout: boolean;

  constructor(args: { method: string; url: string; code: string | undefined; reason: string }) {
    super(
      `Twilio request ${args.method.toUpperCase()} ${args.url} failed without a response: ${args.reason}` +
        (args.code ? ` (${args.code})` : ''),
    );
    this.code = args.code;
    this.method = args.method.toUpperCase();
    this.url = args.url;
    this.isTimeout = args.code === 'ECONNABORTED' || args.code === 'ETIMEDOUT';
  }
}

function isTwilioHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'twilio.com' || h.endsWith('.twilio.com');
}

function normaliseBaseUrl(apiBaseUrl: string): URL {
  let base: URL;
  try {
    base = new URL(apiBaseUrl);
  } catch {
    throw new Error(`Invalid Twilio apiBaseUrl: ${JSON.stringify(apiBaseUrl)}`);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new Error(`Twilio apiBaseUrl must be http(s), got ${base.protocol}`);
  }
  if (base.username || base.password) {
    throw new Error('Twilio apiBaseUrl must not contain credentials');
  }
  if (base.search || base.hash) {
    throw new Error('Twilio apiBaseUrl must not contain a query string or fragment');
  }
  return base;
}

/** True when `apiBaseUrl` is Twilio's own production origin (no rewriting needed). */
export function isDefaultTwilioApiBaseUrl(apiBaseUrl: string): boolean {
  const base = normaliseBaseUrl(apiBaseUrl);
  return base.origin === DEFAULT_TWILIO_API_BASE_URL && (base.pathname === '/' || base.pathname === '');
}

/**
 * Rewrites an `https://api.twilio.com/...` (or any `https://<sub>.twilio.com/...`)
 * URL onto `apiBaseUrl`, keeping path and query. A path prefix on apiBaseUrl is
 * kept (`http://proxy/twilio` + `/2010-04-01/...`). Other URLs are returned as is.
 */
export function rewriteTwilioUrl(uri: string, apiBaseUrl: string): string {
  const base = normaliseBaseUrl(apiBaseUrl);
  let target: URL;
  try {
    target = new URL(uri);
  } catch {
    return uri;
  }
  if (target.protocol !== 'https:' || !isTwilioHost(target.hostname)) return uri;
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.origin}${prefix}${target.pathname}${target.search}`;
}

function describeTransportError(err: unknown): { code: string | undefined; reason: string } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { isAxiosError?: unknown; response?: unknown; code?: unknown; message?: unknown };
  // Only errors without an HTTP response: those with one are turned into
  // RestException by the SDK (we make every status "valid" like the SDK does).
  if (e.isAxiosError !== true || e.response !== undefined) return undefined;
  return {
    code: typeof e.code === 'string' ? e.code : undefined,
    reason: typeof e.message === 'string' && e.message ? e.message : 'request failed',
  };
}

/**
 * The SDK's RequestClient with (optional) origin rewriting and credential-free
 * transport errors. With `apiBaseUrl` undefined it behaves like the default.
 */
export class RewritingRequestClient extends twilio.RequestClient {
  readonly apiBaseUrl: string | undefined;

  constructor(opts: RequestClientTypes.RequestClientOptions & { apiBaseUrl?: string }) {
    const { apiBaseUrl, ...rest } = opts;
    super(rest);
    if (apiBaseUrl !== undefined) normaliseBaseUrl(apiBaseUrl); // fail fast on a bad URL
    this.apiBaseUrl = apiBaseUrl;
  }

  override async request<TData>(opts: RequestClientTypes.RequestOptions<TData>): Promise<Response<TData>> {
    const uri = this.apiBaseUrl === undefined ? opts.uri : rewriteTwilioUrl(opts.uri, this.apiBaseUrl);
    try {
      return await super.request({ ...opts, uri });
    } catch (err) {
      const transport = describeTransportError(err);
      if (transport) {
        // Deliberately not chaining `cause`: the axios error holds the Authorization header.
        throw new TwilioTransportError({ method: String(opts.method), url: uri, ...transport });
      }
      throw err;
    }
  }
}

/**
 * Creates the official Twilio SDK client. With `apiBaseUrl` = Twilio's own
 * origin, requests go to Twilio untouched (the SDK's default request client,
 * only adding credential-free transport errors); otherwise every
 * `https://*.twilio.com` request is sent to `apiBaseUrl` instead.
 * No automatic retries: a retried Message create could send an SMS twice.
 */
export function createTwilioClient(opts: TwilioClientOptions): Twilio {
  if (!opts.accountSid) throw new Error('Twilio accountSid is required');
  if (!opts.authToken) throw new Error('Twilio authToken is required');
  const timeout = opts.timeoutMs ?? DEFAULT_TWILIO_TIMEOUT_MS;
  const rewrite = !isDefaultTwilioApiBaseUrl(opts.apiBaseUrl);
  const httpClient = new RewritingRequestClient({
    timeout,
    autoRetry: false,
    ...(rewrite ? { apiBaseUrl: opts.apiBaseUrl } : {}),
  });
  return twilio(opts.accountSid, opts.authToken, {
    httpClient,
    timeout,
    autoRetry: false,
  });
}
