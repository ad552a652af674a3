import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';

/**
 * A fake Google on 127.0.0.1 speaking the real REST paths and JSON that googleapis uses:
 * OAuth token and revoke endpoints (form-encoded), Calendar v3 events (list, insert), Tasks v1
 * (list, insert, patch, delete on @default), YouTube Data v3 search and videos. Bearer tokens are
 * checked against the ones it issued; `outage` makes every API call answer 503. GET
 * `/o/oauth2/v2/auth` is the consent page, consenting at once (302 to redirect_uri with code and state).
 */
export interface FakeTask {
  id: string;
  title: string;
  status: 'needsAction' | 'completed';
  updated: string;
  deleted?: boolean;
}

export interface FakeGoogle {
  url: string;
  clientId: string;
  clientSecret: string;
  events: Array<{ id: string; summary: string; start: { dateTime: string }; end: { dateTime: string } }>;
  tasks: FakeTask[];
  videos: Array<{ id: string; title: string; duration: string }>;
  /** Codes the consent page would have issued: code → PKCE challenge. */
  issueCode(challenge: string | null): string;
  /** Every refresh token is refused with invalid_grant (revoked consent). */
  revokeAll(): void;
  /** API calls answer 503 while true. */
  outage: boolean;
  calls: { method: string; path: string }[];
  revoked: string[];
  tokenRequests: Record<string, string>[];
  /** Access tokens expire after this many seconds. */
  expiresIn: number;
  close(): Promise<void>;
}

const body = (req: IncomingMessage) => new Promise<string>((resolve) => {
  let data = '';
  req.on('data', (c) => (data += c));
  req.on('end', () => resolve(data));
});

export async function startFakeGoogle(): Promise<FakeGoogle> {
  const codes = new Map<string, string | null>();
  const access = new Set<string>();
  const refresh = new Set<string>();
  let revokedAll = false;
  const state: Omit<FakeGoogle, 'url' | 'close' | 'issueCode' | 'revokeAll'> = {
    clientId: 'fake-google-client', clientSecret: 'fake-google-secret', events: [], tasks: [], videos: [], outage: false, calls: [], revoked: [], tokenRequests: [], expiresIn: 3600,
  };
  const issue = () => {
    const a = `ya29.${randomBytes(12).toString('hex')}`;
    const r = `1//${randomBytes(12).toString('hex')}`;
    access.add(a);
    refresh.add(r);
    return { access_token: a, refresh_token: r, expires_in: state.expiresIn, token_type: 'Bearer', scope: 'https://www.googleapis.com/auth/calendar.events' };
  };
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    const raw = await body(req);
    if (url.pathname === '/o/oauth2/v2/auth' && req.method === 'GET') {
      // The consent page, consenting at once: back to redirect_uri with a code bound to the PKCE challenge.
      const q = url.searchParams;
      if (q.get('client_id') !== state.clientId || q.get('response_type') !== 'code' || !q.get('redirect_uri')) return send(400, { error: 'invalid_request' });
      const back = new URL(q.get('redirect_uri')!);
      back.searchParams.set('code', fake.issueCode(q.get('code_challenge')));
      if (q.get('state')) back.searchParams.set('state', q.get('state')!);
      back.searchParams.set('scope', q.get('scope') ?? '');
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === '/token') {
      const p = Object.fromEntries(new URLSearchParams(raw));
      state.tokenRequests.push(p);
      if (p.client_id !== state.clientId || p.client_secret !== state.clientSecret) return send(401, { error: 'invalid_client' });
      if (p.grant_type === 'authorization_code') {
        if (!codes.has(p.code ?? '')) return send(400, { error: 'invalid_grant' });
        const challenge = codes.get(p.code!);
        codes.delete(p.code!);
        const { createHash } = await import('node:crypto');
        if (challenge && createHash('sha256').update(p.code_verifier ?? '').digest('base64url') !== challenge) return send(400, { error: 'invalid_grant' });
        return send(200, issue());
      }
      if (p.grant_type === 'refresh_token') {
        if (revokedAll || !refresh.has(p.refresh_token ?? '')) return send(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
        const t = issue();
        return send(200, { ...t, refresh_token: undefined });
      }
      return send(400, { error: 'unsupported_grant_type' });
    }
    if (url.pathname === '/revoke') {
      state.revoked.push(new URLSearchParams(raw).get('token') ?? '');
      return send(200, {});
    }
    state.calls.push({ method: req.method ?? 'GET', path: url.pathname });
    if (state.outage) return send(503, { error: { code: 503, message: 'The service is currently unavailable.' } });
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !access.has(token)) return send(401, { error: { code: 401, message: 'Request had invalid authentication credentials.' } });
    const json = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    if (url.pathname === '/calendar/v3/calendars/primary/events') {
      if (req.method === 'POST') {
        const ev = { id: randomBytes(6).toString('hex'), summary: String(json.summary), start: json.start as { dateTime: string }, end: json.end as { dateTime: string } };
        state.events.push(ev);
        return send(200, { ...ev, status: 'confirmed' });
      }
      const min = new Date(url.searchParams.get('timeMin') ?? 0).getTime();
      const max = new Date(url.searchParams.get('timeMax') ?? 8.64e15).getTime();
      const items = state.events.filter((e) => new Date(e.start.dateTime).getTime() < max && new Date(e.end.dateTime).getTime() > min).sort((a, b) => a.start.dateTime.localeCompare(b.start.dateTime));
      return send(200, { kind: 'calendar#events', items: items.map((e) => ({ ...e, status: 'confirmed' })) });
    }
    const task = /^\/tasks\/v1\/lists\/%40default\/tasks(?:\/([^/]+))?$/.exec(url.pathname) ?? /^\/tasks\/v1\/lists\/@default\/tasks(?:\/([^/]+))?$/.exec(url.pathname);
    if (task) {
      const now = new Date().toISOString();
      if (!task[1] && req.method === 'GET') return send(200, { kind: 'tasks#tasks', items: state.tasks });
      if (!task[1] && req.method === 'POST') {
        const t: FakeTask = { id: randomBytes(6).toString('hex'), title: String(json.title), status: json.status === 'completed' ? 'completed' : 'needsAction', updated: now };
        state.tasks.push(t);
        return send(200, t);
      }
      const t = state.tasks.find((x) => x.id === task[1]);
      if (!t) return send(404, { error: { code: 404, message: 'Not found' } });
      if (req.method === 'PATCH') {
        if (typeof json.title === 'string') t.title = json.title;
        if (json.status === 'completed' || json.status === 'needsAction') t.status = json.status;
        t.updated = now;
        return send(200, t);
      }
      if (req.method === 'DELETE') {
        t.deleted = true;
        t.updated = now;
        return res.writeHead(204).end();
      }
    }
    if (url.pathname === '/youtube/v3/search') {
      return send(200, { items: state.videos.map((v) => ({ id: { kind: 'youtube#video', videoId: v.id }, snippet: { title: v.title } })) });
    }
    if (url.pathname === '/youtube/v3/videos') {
      // googleapis sends arrays as repeated parameters (id=a&id=b); comma-separated also works on Google.
      const ids = url.searchParams.getAll('id').flatMap((v) => v.split(','));
      return send(200, { items: state.videos.filter((v) => ids.includes(v.id)).map((v) => ({ id: v.id, snippet: { title: v.title }, contentDetails: { duration: v.duration } })) });
    }
    return send(404, { error: { code: 404, message: `no route ${req.method} ${url.pathname}` } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const fake = state as FakeGoogle;
  fake.url = `http://127.0.0.1:${port}`;
  fake.issueCode = (challenge) => {
    const code = `4/${randomBytes(8).toString('hex')}`;
    codes.set(code, challenge);
    return code;
  };
  fake.revokeAll = () => {
    revokedAll = true;
  };
  fake.close = () => new Promise((r) => server.close(() => r()));
  return fake;
}
