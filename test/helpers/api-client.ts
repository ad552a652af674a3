import { signAccessToken } from '../../api/auth/tokens';
import type { Role } from '../../api/auth/principal';

export interface ApiResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A tiny JSON client for the REST API: bearer token, JSON bodies, parsed JSON or problem+json answers. */
export function apiClient(baseUrl: string, jwtSecret: string) {
  const tokenFor = (userId: string, role: Role = 'user') => signAccessToken(jwtSecret, userId, role);
  async function call(
    method: string,
    path: string,
    opts: { token?: string; json?: unknown; raw?: string | Uint8Array; contentType?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | Uint8Array | undefined;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] = 'application/json';
    } else if (opts.raw !== undefined) {
      body = opts.raw;
      headers['content-type'] = opts.contentType ?? 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    if (/json/.test(res.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed };
  }
  return { call, tokenFor };
}
