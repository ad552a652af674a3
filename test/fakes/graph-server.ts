import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

/**
 * A fake Microsoft identity platform + Microsoft Graph on 127.0.0.1, speaking the real paths and
 * JSON: `POST /common/oauth2/v2.0/token` (form-encoded; authorization_code with the PKCE S256
 * check and the redirect_uri of the authorize leg, refresh_token with a required `scope` and
 * rotated refresh tokens; AADSTS-style errors), Graph `GET /v1.0/me/calendarView` (startDateTime
 * and endDateTime required, `Prefer: outlook.timezone` honoured for UTC, `$top` with
 * `@odata.nextLink`, `value` arrays with `@odata.context` / `@odata.etag`), `POST /v1.0/me/events`
 * (201), To Do `GET /v1.0/me/todo/lists`, `GET|POST /v1.0/me/todo/lists/{id}/tasks` (`$filter`
 * on status, `$top`/`$skip` with server-driven paging: at most `todoPageSize` per page and an
 * absolute `@odata.nextLink`) and `GET|PATCH|DELETE …/tasks/{taskId}` (200 / 200 / 204, Graph error
 * bodies on 404), `lastModifiedDateTime` moved forward on every change (100 ns ticks, 7 digits,
 * strictly increasing), deleted tasks forgotten (no tombstones, as Graph). Bearer tokens are
 * checked against the ones it issued; `outage` makes Graph answer 503.
 */
export interface FakeGraphEvent {
  id: string;
  subject: string;
  /** Instants in UTC (ISO with Z). */
  start: string;
  end: string;
  isAllDay?: boolean;
  isCancelled?: boolean;
  /** What the client sent on creation (for assertions). */
  sent?: { start: { dateTime: string; timeZone: string }; end: { dateTime: string; timeZone: string } };
}

export type FakeTodoStatus = 'notStarted' | 'inProgress' | 'completed' | 'waitingOnOthers' | 'deferred';
const TODO_STATUSES: FakeTodoStatus[] = ['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred'];

export interface FakeTodoTask {
  id: string;
  title: string;
  status: FakeTodoStatus;
  /** Set by the fake when missing (a task pushed by a test) and on every change. */
  createdDateTime?: string;
  lastModifiedDateTime?: string;
  completedDateTime?: { dateTime: string; timeZone: 'UTC' } | null;
}

export interface FakeGraphCall {
  method: string;
  path: string;
  search: string;
  prefer: string | null;
  /** The HTTP status the fake answered. */
  status?: number;
}

export interface FakeGraph {
  url: string;
  clientId: string;
  clientSecret: string;
  events: FakeGraphEvent[];
  todoLists: Array<{ id: string; displayName: string; wellknownListName: 'defaultList' | 'flaggedEmails' | 'none'; tasks: FakeTodoTask[] }>;
  /** A code the consent page would have issued for this PKCE challenge and redirect_uri. */
  issueCode(opts: { challenge: string | null; redirectUri: string; scope: string }): string;
  /** Every refresh token is refused with invalid_grant (consent revoked by the person or an admin). */
  revokeAll(): void;
  /** Every access token issued so far is refused (401) before its expiry; refresh tokens still work. */
  invalidateAccessTokens(): void;
  /** Graph answers 503 while true. */
  outage: boolean;
  /** Most items per page of To Do tasks (Graph pages server-side, whatever `$top` asks). */
  todoPageSize: number;
  /** Called with each Graph request before it is answered (a test can e.g. invalidate tokens mid-sync). */
  onGraphCall: ((call: FakeGraphCall) => void) | null;
  calls: FakeGraphCall[];
  /** What a person does in the To Do app (Outlook, phone) on the default list; each change moves lastModifiedDateTime. */
  todo: {
    tasks(): FakeTodoTask[];
    add(title: string, status?: FakeTodoStatus): FakeTodoTask;
    complete(title: string): FakeTodoTask;
    reopen(title: string): FakeTodoTask;
    rename(title: string, newTitle: string): FakeTodoTask;
    remove(title: string): void;
  };
  tokenRequests: Record<string, string>[];
  expiresIn: number;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data));
  });

/** Graph's dateTime format in a zone: "2026-12-03T16:00:00.0000000" (UTC only in this fake). */
const graphDateTime = (iso: string) => `${new Date(iso).toISOString().slice(0, 19)}.0000000`;

/** A Graph dateTimeTimeZone to an instant; the fake understands UTC only and says so. */
function instantOf(value: unknown): string | null {
  const v = value as { dateTime?: unknown; timeZone?: unknown } | null;
  if (!v || typeof v.dateTime !== 'string' || typeof v.timeZone !== 'string') return null;
  if (v.timeZone !== 'UTC') return null;
  const d = new Date(`${v.dateTime.replace(/Z$/, '')}Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

const aadError = (code: string, aadsts: number, description: string) => ({
  error: code,
  error_description: `AADSTS${aadsts}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
  error_codes: [aadsts],
  timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z',
  trace_id: randomUUID(),
  correlation_id: randomUUID(),
});

const graphError = (code: string, message: string) => ({ error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } });

export async function startFakeGraph(): Promise<FakeGraph> {
  const codes = new Map<string, { challenge: string | null; redirectUri: string; scope: string }>();
  const access = new Set<string>();
  const refresh = new Map<string, string>(); // refresh token → granted scope
  let revokedAll = false;
  const state: Omit<FakeGraph, 'url' | 'close' | 'issueCode' | 'revokeAll' | 'invalidateAccessTokens' | 'todo'> = {
    clientId: '8d2f1c3e-0000-4000-8000-00000000c11d',
    clientSecret: 'fake~ms~secret',
    events: [],
    todoLists: [{ id: `AAMkAD${randomBytes(8).toString('hex')}=`, displayName: 'Tasks', wellknownListName: 'defaultList', tasks: [] }],
    outage: false,
    todoPageSize: 10,
    onGraphCall: null,
    calls: [],
    tokenRequests: [],
    expiresIn: 3599,
  };
  // Graph's stamps have 7 fractional digits; two changes in the same millisecond still differ.
  let lastTick = 0n;
  const stamp = (): string => {
    const now = BigInt(Date.now()) * 10_000n;
    lastTick = now > lastTick ? now : lastTick + 1n;
    const ms = lastTick / 10_000n;
    const rest = String(lastTick % 10_000n).padStart(4, '0');
    return `${new Date(Number(ms)).toISOString().slice(0, 23)}${rest}Z`;
  };
  /** Fills the stamps of tasks pushed directly by a test. */
  const stamped = (t: FakeTodoTask): FakeTodoTask => {
    t.lastModifiedDateTime ??= stamp();
    t.createdDateTime ??= t.lastModifiedDateTime;
    if (t.completedDateTime === undefined) t.completedDateTime = t.status === 'completed' ? { dateTime: graphDateTime(new Date().toISOString()), timeZone: 'UTC' } : null;
    return t;
  };
  const touch = (t: FakeTodoTask, change: { title?: string; status?: FakeTodoStatus }) => {
    if (change.title !== undefined) t.title = change.title;
    if (change.status !== undefined && change.status !== t.status) {
      t.status = change.status;
      t.completedDateTime = change.status === 'completed' ? { dateTime: graphDateTime(new Date().toISOString()), timeZone: 'UTC' } : null;
    }
    t.lastModifiedDateTime = stamp();
    return t;
  };
  const todoJson = (t: FakeTodoTask) => {
    stamped(t);
    return {
      '@odata.etag': `W/"${createHash('sha1').update(`${t.id}${t.lastModifiedDateTime}`).digest('base64').slice(0, 24)}"`,
      importance: 'normal',
      isReminderOn: false,
      status: t.status,
      title: t.title,
      createdDateTime: t.createdDateTime,
      lastModifiedDateTime: t.lastModifiedDateTime,
      hasAttachments: false,
      categories: [],
      id: t.id,
      body: { content: '', contentType: 'text' },
      ...(t.completedDateTime ? { completedDateTime: t.completedDateTime } : {}),
    };
  };
  const newTaskId = () => `AAkALg${randomBytes(24).toString('base64url')}AAA=`;
  const issue = (scope: string) => {
    const a = `eyJ0eXAiOiJKV1QiLCJub25jZSI6.${randomBytes(16).toString('base64url')}`;
    const r = `0.AX${randomBytes(24).toString('base64url')}`;
    access.add(a);
    refresh.set(r, scope);
    return { token_type: 'Bearer', scope, expires_in: state.expiresIn, ext_expires_in: state.expiresIn, access_token: a, refresh_token: r };
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (status: number, json: unknown, headers: Record<string, string> = {}) =>
        res.writeHead(status, { 'content-type': 'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8', ...headers }).end(JSON.stringify(json));
      const raw = await readBody(req);

      // ---- identity platform --------------------------------------------------------------
      if (url.pathname === '/common/oauth2/v2.0/authorize' && req.method === 'GET') {
        // The sign-in and consent pages, consenting at once: 302 to redirect_uri with code, state and session_state.
        const q = url.searchParams;
        if (q.get('client_id') !== state.clientId) return send(400, aadError('unauthorized_client', 700016, `Application with identifier '${q.get('client_id') ?? ''}' was not found in the directory.`));
        if (q.get('response_type') !== 'code' || !q.get('redirect_uri') || !q.get('scope')) return send(400, aadError('invalid_request', 900144, "The request body must contain the following parameter: 'redirect_uri'."));
        const back = new URL(q.get('redirect_uri')!);
        back.searchParams.set('code', fake.issueCode({ challenge: q.get('code_challenge'), redirectUri: q.get('redirect_uri')!, scope: q.get('scope')! }));
        if (q.get('state')) back.searchParams.set('state', q.get('state')!);
        back.searchParams.set('session_state', randomUUID());
        return res.writeHead(302, { location: back.toString() }).end();
      }
      if (url.pathname === '/common/oauth2/v2.0/token') {
        if (req.method !== 'POST' || !/application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
          return send(400, aadError('invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'."));
        }
        const p = Object.fromEntries(new URLSearchParams(raw));
        state.tokenRequests.push(p);
        if (p.client_id !== state.clientId) return send(400, aadError('unauthorized_client', 700016, `Application with identifier '${p.client_id ?? ''}' was not found in the directory.`));
        if (p.client_secret !== state.clientSecret) return send(401, aadError('invalid_client', 7000215, 'Invalid client secret provided.'));
        if (p.grant_type === 'authorization_code') {
          const grant = codes.get(p.code ?? '');
          if (!grant) return send(400, aadError('invalid_grant', 70000, 'The provided authorization code or refresh token has expired or is invalid.'));
          codes.delete(p.code!);
          if (p.redirect_uri !== grant.redirectUri) return send(400, aadError('invalid_grant', 50148, 'The redirect URI specified in the request does not match the redirect URI used in the authorization request.'));
          if (grant.challenge) {
            if (!p.code_verifier) return send(400, aadError('invalid_grant', 50148, 'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.'));
            if (createHash('sha256').update(p.code_verifier).digest('base64url') !== grant.challenge) {
              return send(400, aadError('invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.'));
            }
          }
          return send(200, issue(grant.scope));
        }
        if (p.grant_type === 'refresh_token') {
          // In practice the v2.0 endpoint needs the scope on refresh (AADSTS90009 / 70011 without it).
          if (!p.scope) return send(400, aadError('invalid_request', 90014, "The required field 'scope' is missing from the credential."));
          const granted = refresh.get(p.refresh_token ?? '');
          if (revokedAll || granted === undefined) {
            return send(400, aadError('invalid_grant', 70000, 'The user or administrator has not consented to use the application, or the grant was revoked.'));
          }
          const asked = p.scope.split(' ');
          const allowed = granted.split(' ');
          if (!asked.every((s) => allowed.includes(s))) return send(400, aadError('invalid_grant', 65001, 'The user or administrator has not consented to use the application.'));
          return send(200, issue(granted)); // refresh tokens rotate on every use
        }
        return send(400, aadError('unsupported_grant_type', 70003, 'The app requested an unsupported grant type.'));
      }

      // ---- Graph --------------------------------------------------------------------------
      const prefer = typeof req.headers.prefer === 'string' ? req.headers.prefer : null;
      const call: FakeGraphCall = { method: req.method ?? 'GET', path: url.pathname, search: url.search, prefer };
      state.calls.push(call);
      res.on('finish', () => (call.status = res.statusCode));
      state.onGraphCall?.(call);
      if (!url.pathname.startsWith('/v1.0/')) return send(404, graphError('ResourceNotFound', `Resource not found for the segment '${url.pathname}'.`));
      if (state.outage) return send(503, graphError('serviceNotAvailable', 'The service is temporarily unavailable. Please try again later.'), { 'retry-after': '1' });
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token) return send(401, graphError('InvalidAuthenticationToken', 'Access token is empty.'));
      if (!access.has(token)) return send(401, graphError('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'));
      let json: Record<string, unknown> = {};
      if (raw) {
        try {
          json = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          return send(400, graphError('BadRequest', 'Unable to read JSON request payload.'));
        }
      }

      if (url.pathname === '/v1.0/me/calendarView' && req.method === 'GET') {
        const from = url.searchParams.get('startDateTime');
        const to = url.searchParams.get('endDateTime');
        if (!from || !to) return send(400, graphError('ErrorInvalidParameter', "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime."));
        const min = new Date(from).getTime();
        const max = new Date(to).getTime();
        if (Number.isNaN(min) || Number.isNaN(max)) return send(400, graphError('ErrorInvalidParameter', 'The parameter StartDateTime or EndDateTime is not a valid date.'));
        const zone = prefer ? /outlook\.timezone="([^"]+)"/.exec(prefer)?.[1] ?? 'UTC' : 'UTC';
        if (zone !== 'UTC') return send(400, graphError('ErrorTimeZoneNotSupportedByFake', `This fake answers in UTC only, not ${zone}.`));
        const orderby = url.searchParams.get('$orderby');
        const top = Math.min(Number(url.searchParams.get('$top') ?? 10) || 10, 1000);
        const skip = Number(url.searchParams.get('$skip') ?? 0) || 0;
        let items = state.events.filter((e) => new Date(e.start).getTime() < max && new Date(e.end).getTime() > min);
        if (orderby === 'start/dateTime') items = [...items].sort((a, b) => a.start.localeCompare(b.start));
        const page = items.slice(skip, skip + top);
        const next = new URL(`http://127.0.0.1${url.pathname}${url.search}`);
        next.searchParams.set('$skip', String(skip + top));
        return send(
          200,
          {
            '@odata.context': "https://graph.microsoft.com/v1.0/$metadata#users('me')/calendarView",
            ...(skip + top < items.length ? { '@odata.nextLink': `${(state as FakeGraph).url}${next.pathname}${next.search}` } : {}),
            value: page.map((e) => ({
              '@odata.etag': `W/"${createHash('sha1').update(e.id).digest('base64').slice(0, 20)}"`,
              id: e.id,
              subject: e.subject,
              isAllDay: e.isAllDay ?? false,
              isCancelled: e.isCancelled ?? false,
              showAs: 'busy',
              start: { dateTime: graphDateTime(e.start), timeZone: 'UTC' },
              end: { dateTime: graphDateTime(e.end), timeZone: 'UTC' },
            })),
          },
          prefer ? { 'preference-applied': `outlook.timezone="${zone}"` } : {},
        );
      }

      if (url.pathname === '/v1.0/me/events' && req.method === 'POST') {
        const start = instantOf(json.start);
        const end = instantOf(json.end);
        if (typeof json.subject !== 'string' || !start || !end) return send(400, graphError('ErrorInvalidRequest', 'Your request can\'t be completed. The start or end time is missing or invalid.'));
        if (end < start) return send(400, graphError('ErrorInvalidRequest', 'The end time must be after the start time.'));
        const ev: FakeGraphEvent = { id: `AAMkAGI${randomBytes(12).toString('base64url')}=`, subject: json.subject, start, end, sent: { start: json.start as never, end: json.end as never } };
        state.events.push(ev);
        return send(201, {
          '@odata.context': "https://graph.microsoft.com/v1.0/$metadata#users('me')/events/$entity",
          '@odata.etag': 'W/"created"',
          id: ev.id,
          subject: ev.subject,
          isAllDay: false,
          isCancelled: false,
          start: { dateTime: graphDateTime(start), timeZone: 'UTC' },
          end: { dateTime: graphDateTime(end), timeZone: 'UTC' },
        });
      }

      if (url.pathname === '/v1.0/me/todo/lists' && req.method === 'GET') {
        return send(200, {
          '@odata.context': "https://graph.microsoft.com/v1.0/$metadata#users('me')/todo/lists",
          value: state.todoLists.map((l) => ({ '@odata.etag': 'W/"list"', displayName: l.displayName, isOwner: true, isShared: false, wellknownListName: l.wellknownListName, id: l.id })),
        });
      }
      const tasksPath = /^\/v1\.0\/me\/todo\/lists\/([^/]+)\/tasks(?:\/([^/]+))?$/.exec(url.pathname);
      if (tasksPath) {
        const list = state.todoLists.find((l) => l.id === decodeURIComponent(tasksPath[1]!));
        if (!list) return send(404, graphError('ErrorItemNotFound', 'The specified object was not found in the store.'));
        const badStatus = json.status !== undefined && !TODO_STATUSES.includes(json.status as FakeTodoStatus);
        if (badStatus) return send(400, graphError('invalidRequest', `Invalid value '${String(json.status)}' for the property 'status'.`));
        if (json.title !== undefined && typeof json.title !== 'string') return send(400, graphError('invalidRequest', "Invalid value for the property 'title'."));

        if (tasksPath[2]) {
          const id = decodeURIComponent(tasksPath[2]);
          const task = list.tasks.find((t) => t.id === id);
          if (!task) return send(404, graphError('ErrorItemNotFound', 'The specified object was not found in the store.'));
          if (req.method === 'GET') return send(200, { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('me')/todo/lists('${list.id}')/tasks/$entity`, ...todoJson(task) });
          if (req.method === 'PATCH') {
            touch(task, { title: json.title as string | undefined, status: json.status as FakeTodoStatus | undefined });
            return send(200, { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('me')/todo/lists('${list.id}')/tasks/$entity`, ...todoJson(task) });
          }
          if (req.method === 'DELETE') {
            list.tasks.splice(list.tasks.indexOf(task), 1);
            return res.writeHead(204).end();
          }
          return send(405, graphError('MethodNotAllowed', `${req.method} is not allowed on a task.`));
        }

        if (req.method === 'POST') {
          if (typeof json.title !== 'string') return send(400, graphError('invalidRequest', 'Invalid request body.'));
          const t = stamped({ id: newTaskId(), title: json.title, status: (json.status as FakeTodoStatus | undefined) ?? 'notStarted' });
          list.tasks.push(t);
          return send(201, { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('me')/todo/lists('${list.id}')/tasks/$entity`, ...todoJson(t) });
        }
        if (req.method !== 'GET') return send(405, graphError('MethodNotAllowed', `${req.method} is not allowed on tasks.`));
        let tasks = list.tasks;
        const filter = url.searchParams.get('$filter');
        if (filter) {
          const m = /^status (eq|ne) '(\w+)'$/.exec(filter);
          if (!m) return send(400, graphError('invalidRequest', `Invalid filter clause: ${filter}`));
          tasks = tasks.filter((t) => (m[1] === 'eq' ? t.status === m[2] : t.status !== m[2]));
        }
        const topParam = url.searchParams.get('$top');
        const top = topParam === null ? state.todoPageSize : Number(topParam);
        const skip = Number(url.searchParams.get('$skip') ?? 0);
        if (!Number.isInteger(top) || top < 1 || !Number.isInteger(skip) || skip < 0) return send(400, graphError('invalidRequest', 'Invalid $top or $skip.'));
        const size = Math.min(top, state.todoPageSize);
        const next = new URL(`http://127.0.0.1${url.pathname}${url.search}`);
        next.searchParams.set('$skip', String(skip + size));
        return send(200, {
          '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('me')/todo/lists('${list.id}')/tasks`,
          ...(skip + size < tasks.length ? { '@odata.nextLink': `${(state as FakeGraph).url}${next.pathname}${next.search}` } : {}),
          value: tasks.slice(skip, skip + size).map(todoJson),
        });
      }
      return send(400, graphError('BadRequest', `Unsupported request: ${req.method} ${url.pathname}`));
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const fake = state as FakeGraph;
  fake.url = `http://127.0.0.1:${port}`;
  fake.issueCode = (opts) => {
    const code = `M.C${randomBytes(4).toString('hex')}_BAY.2.U.${randomBytes(12).toString('base64url')}`;
    codes.set(code, opts);
    return code;
  };
  fake.revokeAll = () => {
    revokedAll = true;
  };
  fake.invalidateAccessTokens = () => access.clear();
  const defaultList = () => fake.todoLists.find((l) => l.wellknownListName === 'defaultList')!;
  const byTitle = (title: string) => {
    const t = defaultList().tasks.find((x) => x.title === title);
    if (!t) throw new Error(`no To Do task "${title}"`);
    return stamped(t);
  };
  fake.todo = {
    tasks: () => defaultList().tasks.map(stamped),
    add: (title, status = 'notStarted') => {
      const t = stamped({ id: newTaskId(), title, status });
      defaultList().tasks.push(t);
      return t;
    },
    complete: (title) => touch(byTitle(title), { status: 'completed' }),
    reopen: (title) => touch(byTitle(title), { status: 'notStarted' }),
    rename: (title, newTitle) => touch(byTitle(title), { title: newTitle }),
    remove: (title) => {
      const list = defaultList();
      list.tasks.splice(list.tasks.indexOf(byTitle(title)), 1);
    },
  };
  fake.close = () => new Promise((r) => server.close(() => r()));
  return fake;
}
