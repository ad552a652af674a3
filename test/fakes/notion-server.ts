import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

/**
 * A fake Notion API on 127.0.0.1 speaking the real paths and JSON used by @notionhq/client and our
 * OAuth code: `POST /v1/oauth/token` (JSON body, client credentials in HTTP Basic; no PKCE),
 * `POST /v1/oauth/revoke`, `POST /v1/search` (filter on object page / data_source — page / database
 * before 2025-09-03 —, paging), `PATCH /v1/blocks/{id}/children` (appends to a page the integration
 * was granted), and the databases of the task sync: `GET /v1/databases/{id}` (its data sources;
 * the property schema before 2025-09-03), `GET /v1/data_sources/{id}` (the property schema),
 * `POST /v1/data_sources/{id}/query` (paging; trashed rows left out, as Notion does) — or
 * `POST /v1/databases/{id}/query` before 2025-09-03 —, `GET|PATCH /v1/pages/{id}` (properties,
 * `in_trash` or the deprecated `archived`) and `POST /v1/pages` (parent data_source_id, or
 * database_id for a single-source database). Properties are validated against the schema like
 * Notion does (an unknown property or status option is a validation_error).
 *
 * Errors are Notion's error objects (`{object: "error", status, code, message}`). Every API call
 * must carry a Notion-Version header (missing_version otherwise) and a bearer token it issued.
 *
 * Like Notion, `last_edited_time` (and `created_time`) have minute granularity: two edits in the
 * same minute leave it unchanged. The clock is `now()` (tests move it with `advance`).
 */
export interface FakeNotionBlock {
  object: 'block';
  id: string;
  type: string;
  [key: string]: unknown;
}

export interface FakeNotionPage {
  id: string;
  title: string;
  children: FakeNotionBlock[];
}

/** A property of a database's schema: checkbox, status or select with options (status with groups), title, rich_text. */
export interface FakeNotionProperty {
  type: 'title' | 'checkbox' | 'status' | 'select' | 'rich_text';
  options?: string[];
  /** Status only: the "Complete" group's options (Notion's groups: To-do, In progress, Complete). */
  complete?: string[];
}

/** A row of a database: its property values by name (title: string, checkbox: boolean, status/select: option name or null). */
export interface FakeNotionRow {
  id: string;
  values: Record<string, string | boolean | null>;
  inTrash: boolean;
  createdTime: string;
  lastEditedTime: string;
}

export interface FakeNotionDatabase {
  id: string;
  dataSourceId: string;
  title: string;
  schema: Record<string, FakeNotionProperty>;
  rows: FakeNotionRow[];
}

export interface FakeNotion {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Pages shared with the integration (the page picker of the consent screen), most recent first. */
  pages: FakeNotionPage[];
  /** Databases shared with the integration (one data source each). */
  databases: FakeNotionDatabase[];
  issueCode(opts: { redirectUri: string }): string;
  /** The person removed the integration in Notion: every token issued so far answers 401. */
  removeIntegration(): void;
  /** The fake's clock (real time plus what `advance` added). */
  now(): Date;
  advance(ms: number): void;
  /** Sets the clock to `at` from now on (null: real time again). */
  setClock(at: Date | null): void;
  addDatabase(title: string, schema: Record<string, FakeNotionProperty>): FakeNotionDatabase;
  /** A row added "in Notion" by the person. */
  addRow(db: FakeNotionDatabase, values: Record<string, string | boolean | null>): FakeNotionRow;
  /** The person edits a row in Notion. */
  editRow(row: FakeNotionRow, values: Record<string, string | boolean | null>): void;
  /** The person deletes a row in Notion (moves it to the trash). */
  archiveRow(row: FakeNotionRow): void;
  /** The rows not in the trash. */
  liveRows(db: FakeNotionDatabase): FakeNotionRow[];
  calls: { method: string; path: string; notionVersion: string | null; body?: Record<string, unknown> }[];
  tokenRequests: Array<{ basic: string | null; body: Record<string, unknown> }>;
  revoked: string[];
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data));
  });

/** Notion's newest versions; 2022-06-28 is the oldest still widely used. */
const VERSIONS = ['2022-06-28', '2025-09-03'];
const DATA_SOURCES = '2025-09-03';

/** Notion accepts ids with or without dashes. */
const sameId = (a: string, b: string) => a.replace(/-/g, '').toLowerCase() === b.replace(/-/g, '').toLowerCase();
const minuteOf = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000).toISOString();
const richText = (content: string) => [{ type: 'text', text: { content, link: null }, annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' }, plain_text: content, href: null }];
const propId = (name: string) => (name === 'title' ? 'title' : Buffer.from(name).toString('base64url').slice(0, 4));
const optionId = (name: string) => Buffer.from(name).toString('hex').slice(0, 8);
const COLORS = ['gray', 'blue', 'green'];

class ValidationError extends Error {}

export async function startFakeNotion(): Promise<FakeNotion> {
  const codes = new Map<string, { redirectUri: string }>();
  const tokens = new Set<string>();
  let skew = 0;
  const now = () => new Date(Date.now() + skew);
  const state: Omit<FakeNotion, 'url' | 'close' | 'issueCode' | 'removeIntegration' | 'now' | 'advance' | 'setClock' | 'addDatabase' | 'addRow' | 'editRow' | 'archiveRow' | 'liveRows'> = {
    clientId: randomUUID(),
    clientSecret: `secret_${randomBytes(20).toString('base64url')}`,
    pages: [],
    databases: [],
    calls: [],
    tokenRequests: [],
    revoked: [],
  };
  const botId = randomUUID();
  const workspaceId = randomUUID();
  const user = () => ({ object: 'user', id: botId });
  const pageJson = (p: FakeNotionPage) => ({
    object: 'page',
    id: p.id,
    created_time: '2026-11-01T12:00:00.000Z',
    last_edited_time: minuteOf(now()),
    created_by: user(),
    last_edited_by: user(),
    cover: null,
    icon: null,
    parent: { type: 'workspace', workspace: true },
    archived: false,
    in_trash: false,
    is_archived: false,
    is_locked: false,
    properties: { title: { id: 'title', type: 'title', title: richText(p.title) } },
    url: `https://www.notion.so/${p.title.replace(/\W+/g, '-')}-${p.id.replace(/-/g, '')}`,
    public_url: null,
  });

  function schemaJson(db: FakeNotionDatabase) {
    return Object.fromEntries(
      Object.entries(db.schema).map(([name, p]) => {
        const options = (p.options ?? []).map((o, i) => ({ id: optionId(o), name: o, color: COLORS[i % COLORS.length], description: null }));
        let config: unknown = {};
        if (p.type === 'select') config = { options };
        if (p.type === 'status') {
          const complete = p.complete ?? [];
          const todo = (p.options ?? []).filter((o) => !complete.includes(o));
          config = {
            options,
            groups: [
              { id: 'todo', name: 'To-do', color: 'gray', option_ids: todo.slice(0, 1).map(optionId) },
              { id: 'progress', name: 'In progress', color: 'blue', option_ids: todo.slice(1).map(optionId) },
              { id: 'complete', name: 'Complete', color: 'green', option_ids: complete.map(optionId) },
            ],
          };
        }
        return [name, { id: propId(name), name, description: null, type: p.type, [p.type]: config }];
      }),
    );
  }

  const dbObject = (db: FakeNotionDatabase, version: string) => ({
    object: 'database',
    id: db.id,
    title: richText(db.title),
    description: [],
    parent: { type: 'page_id', page_id: state.pages[0]?.id ?? randomUUID() },
    is_inline: false,
    in_trash: false,
    archived: false,
    is_locked: false,
    created_time: '2026-11-01T12:00:00.000Z',
    last_edited_time: minuteOf(now()),
    icon: null,
    cover: null,
    url: `https://www.notion.so/${db.id.replace(/-/g, '')}`,
    public_url: null,
    ...(version >= DATA_SOURCES ? { data_sources: [{ id: db.dataSourceId, name: db.title }] } : { properties: schemaJson(db), created_by: user(), last_edited_by: user() }),
  });

  const dataSourceObject = (db: FakeNotionDatabase) => ({
    object: 'data_source',
    id: db.dataSourceId,
    title: richText(db.title),
    description: [],
    parent: { type: 'database_id', database_id: db.id },
    database_parent: { type: 'page_id', page_id: state.pages[0]?.id ?? randomUUID() },
    is_inline: false,
    in_trash: false,
    archived: false,
    created_time: '2026-11-01T12:00:00.000Z',
    last_edited_time: minuteOf(now()),
    created_by: user(),
    last_edited_by: user(),
    properties: schemaJson(db),
    icon: null,
    cover: null,
    url: `https://www.notion.so/${db.id.replace(/-/g, '')}`,
    public_url: null,
  });

  function rowJson(db: FakeNotionDatabase, row: FakeNotionRow, version: string) {
    const properties = Object.fromEntries(
      Object.entries(db.schema).map(([name, p]) => {
        const v = row.values[name];
        const base = { id: propId(name), type: p.type };
        if (p.type === 'title') return [name, { ...base, title: richText(typeof v === 'string' ? v : '') }];
        if (p.type === 'rich_text') return [name, { ...base, rich_text: typeof v === 'string' && v ? richText(v) : [] }];
        if (p.type === 'checkbox') return [name, { ...base, checkbox: v === true }];
        const option = typeof v === 'string' ? { id: optionId(v), name: v, color: COLORS[(p.options ?? []).indexOf(v) % COLORS.length] ?? 'default' } : null;
        return [name, { ...base, [p.type]: option }];
      }),
    );
    const title = String(Object.entries(db.schema).find(([, p]) => p.type === 'title')?.[0] ?? '');
    return {
      object: 'page',
      id: row.id,
      created_time: row.createdTime,
      last_edited_time: row.lastEditedTime,
      created_by: user(),
      last_edited_by: user(),
      cover: null,
      icon: null,
      parent: version >= DATA_SOURCES ? { type: 'data_source_id', data_source_id: db.dataSourceId, database_id: db.id } : { type: 'database_id', database_id: db.id },
      archived: row.inTrash,
      in_trash: row.inTrash,
      is_archived: row.inTrash,
      is_locked: false,
      properties,
      url: `https://www.notion.so/${String(row.values[title] ?? '').replace(/\W+/g, '-')}-${row.id.replace(/-/g, '')}`,
      public_url: null,
    };
  }

  /** Writes request property values into a row, checked against the schema like Notion does. */
  function applyProperties(db: FakeNotionDatabase, row: FakeNotionRow, props: unknown): void {
    if (props === undefined) return;
    if (!props || typeof props !== 'object' || Array.isArray(props)) throw new ValidationError('body failed validation: body.properties should be an object.');
    for (const [name, raw] of Object.entries(props as Record<string, Record<string, unknown>>)) {
      const key = Object.keys(db.schema).find((k) => k === name || propId(k) === name);
      if (!key) throw new ValidationError(`${name} is not a property that exists.`);
      const p = db.schema[key]!;
      const value = raw?.[p.type];
      if (p.type === 'title' || p.type === 'rich_text') {
        if (!Array.isArray(value)) throw new ValidationError(`body failed validation: body.properties.${name}.${p.type} should be an array.`);
        row.values[key] = (value as Array<{ text?: { content?: unknown } }>).map((t) => String(t.text?.content ?? '')).join('');
      } else if (p.type === 'checkbox') {
        if (typeof value !== 'boolean') throw new ValidationError(`body failed validation: body.properties.${name}.checkbox should be a boolean.`);
        row.values[key] = value;
      } else {
        if (value === null && p.type === 'select') {
          row.values[key] = null;
          continue;
        }
        const option = value as { name?: unknown; id?: unknown } | undefined;
        const name2 = typeof option?.name === 'string' ? option.name : (p.options ?? []).find((o) => optionId(o) === option?.id);
        if (typeof name2 !== 'string') throw new ValidationError(`body failed validation: body.properties.${name}.${p.type} should be an option.`);
        if (!(p.options ?? []).includes(name2)) {
          // Notion creates new select options on the fly, never status options.
          if (p.type === 'status') throw new ValidationError(`Invalid status option. Status option "${name2}" does not exist".`);
          p.options = [...(p.options ?? []), name2];
        }
        row.values[key] = name2;
      }
    }
  }

  const findDb = (id: string) => state.databases.find((d) => sameId(d.id, id));
  const findDataSource = (id: string) => state.databases.find((d) => sameId(d.dataSourceId, id));
  const findRow = (id: string) => {
    for (const db of state.databases) {
      const row = db.rows.find((r) => sameId(r.id, id));
      if (row) return { db, row };
    }
    return null;
  };
  const touch = (row: FakeNotionRow) => (row.lastEditedTime = minuteOf(now()));

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': randomUUID() }).end(JSON.stringify(json));
      const error = (status: number, code: string, message: string) => send(status, { object: 'error', status, code, message, request_id: randomUUID() });
      const raw = await readBody(req);
      let json: Record<string, unknown> = {};
      if (raw) {
        try {
          json = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          return error(400, 'invalid_json', 'Error parsing JSON body.');
        }
      }

      // ---- OAuth (client credentials in HTTP Basic, JSON body) ------------------------------
      if (url.pathname === '/v1/oauth/authorize' && req.method === 'GET') {
        // The consent page (the person picks the pages to share beforehand, in `pages`): 302 to redirect_uri with code and state.
        const q = url.searchParams;
        if (q.get('client_id') !== state.clientId || q.get('response_type') !== 'code' || !q.get('redirect_uri')) return error(400, 'invalid_request', 'Invalid OAuth request.');
        const back = new URL(q.get('redirect_uri')!);
        back.searchParams.set('code', fake.issueCode({ redirectUri: q.get('redirect_uri')! }));
        if (q.get('state')) back.searchParams.set('state', q.get('state')!);
        return res.writeHead(302, { location: back.toString() }).end();
      }
      if (url.pathname === '/v1/oauth/token' || url.pathname === '/v1/oauth/revoke') {
        if (req.method !== 'POST') return error(405, 'invalid_request', 'Method not allowed.');
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null;
        const [id, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':') : [];
        if (url.pathname === '/v1/oauth/revoke') {
          if (id !== state.clientId || secret !== state.clientSecret) return error(401, 'unauthorized', 'Invalid client.');
          if (typeof json.token === 'string') {
            state.revoked.push(json.token);
            tokens.delete(json.token);
          }
          return send(200, {});
        }
        state.tokenRequests.push({ basic, body: json });
        if (id !== state.clientId || secret !== state.clientSecret) return send(401, { error: 'invalid_client' });
        if (json.grant_type !== 'authorization_code') return send(400, { error: 'unsupported_grant_type' });
        const grant = codes.get(String(json.code ?? ''));
        if (!grant) return send(400, { error: 'invalid_grant', error_description: 'Invalid code.' });
        codes.delete(String(json.code));
        if (json.redirect_uri !== grant.redirectUri) return send(400, { error: 'invalid_grant', error_description: 'Invalid redirect_uri.' });
        const access = `ntn_${randomBytes(24).toString('base64url')}`;
        tokens.add(access);
        return send(200, {
          access_token: access,
          token_type: 'bearer',
          refresh_token: null,
          bot_id: botId,
          workspace_name: 'Espace de test',
          workspace_icon: null,
          workspace_id: workspaceId,
          owner: { type: 'user', user: { object: 'user', id: randomUUID() } },
          duplicated_template_id: null,
          request_id: randomUUID(),
        });
      }

      // ---- API -------------------------------------------------------------------------------
      const version = typeof req.headers['notion-version'] === 'string' ? req.headers['notion-version'] : null;
      state.calls.push({ method: req.method ?? 'GET', path: url.pathname, notionVersion: version, ...(raw ? { body: json } : {}) });
      if (!version) return error(400, 'missing_version', 'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.');
      if (!VERSIONS.includes(version)) return error(400, 'validation_error', `Notion-Version header failed validation: ${version} is not a supported version.`);
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !tokens.has(token)) return error(401, 'unauthorized', 'API token is invalid.');
      const dataSources = version >= DATA_SOURCES;
      const pageSizeOf = () => (json.page_size === undefined ? 100 : Number(json.page_size));
      const badPageSize = (n: number) => !Number.isInteger(n) || n < 1 || n > 100;

      if (url.pathname === '/v1/search' && req.method === 'POST') {
        const filter = json.filter as { property?: unknown; value?: unknown } | undefined;
        const objects = dataSources ? ['page', 'data_source'] : ['page', 'database'];
        if (filter !== undefined && (filter.property !== 'object' || !objects.includes(String(filter.value)))) {
          return error(400, 'validation_error', `body failed validation: body.filter.value should be one of ${objects.map((o) => `"${o}"`).join(', ')}.`);
        }
        const pageSize = pageSizeOf();
        if (badPageSize(pageSize)) return error(400, 'validation_error', 'body failed validation: body.page_size should be between 1 and 100.');
        const query = typeof json.query === 'string' ? json.query.toLowerCase() : '';
        // Like Notion, a page search finds database rows too (they are pages); most recent first.
        const found: Array<{ id: string; title: string; json: unknown }> = [];
        if (filter === undefined || filter.value === 'page') {
          for (const db of state.databases) {
            const titleProp = Object.entries(db.schema).find(([, p]) => p.type === 'title')?.[0] ?? '';
            for (const row of db.rows.filter((r) => !r.inTrash)) found.push({ id: row.id, title: String(row.values[titleProp] ?? ''), json: rowJson(db, row, version) });
          }
          for (const p of state.pages) found.push({ id: p.id, title: p.title, json: pageJson(p) });
        }
        if (filter === undefined || filter.value !== 'page') {
          for (const db of state.databases) found.push({ id: dataSources ? db.dataSourceId : db.id, title: db.title, json: dataSources ? dataSourceObject(db) : dbObject(db, version) });
        }
        const matching = found.filter((f) => f.title.toLowerCase().includes(query));
        const start = typeof json.start_cursor === 'string' ? Math.max(matching.findIndex((f) => f.id === json.start_cursor), 0) : 0;
        const slice = matching.slice(start, start + pageSize);
        const next = matching[start + pageSize];
        return send(200, { object: 'list', results: slice.map((f) => f.json), next_cursor: next?.id ?? null, has_more: Boolean(next), type: 'page_or_data_source', page_or_data_source: {}, request_id: randomUUID() });
      }

      const database = /^\/v1\/databases\/([^/]+)$/.exec(url.pathname);
      if (database && req.method === 'GET') {
        const db = findDb(decodeURIComponent(database[1]!));
        if (!db) return error(404, 'object_not_found', `Could not find database with ID: ${database[1]}. Make sure the relevant pages and databases are shared with your integration.`);
        return send(200, { ...dbObject(db, version), request_id: randomUUID() });
      }

      const dataSource = /^\/v1\/data_sources\/([^/]+)(\/query)?$/.exec(url.pathname);
      const legacyQuery = /^\/v1\/databases\/([^/]+)\/query$/.exec(url.pathname);
      if (dataSource && !dataSources) return error(400, 'invalid_request_url', 'Invalid request URL.');
      if (legacyQuery && dataSources) {
        return error(400, 'invalid_request_url', 'Databases with multiple data sources are queried through /v1/data_sources/{id}/query since Notion-Version 2025-09-03.');
      }
      if (dataSource && !dataSource[2] && req.method === 'GET') {
        const db = findDataSource(decodeURIComponent(dataSource[1]!));
        if (!db) return error(404, 'object_not_found', `Could not find data_source with ID: ${dataSource[1]}. Make sure the relevant pages and databases are shared with your integration.`);
        return send(200, { ...dataSourceObject(db), request_id: randomUUID() });
      }
      if ((dataSource?.[2] || legacyQuery) && req.method === 'POST') {
        const id = decodeURIComponent((dataSource?.[1] ?? legacyQuery?.[1])!);
        const db = dataSource ? findDataSource(id) : findDb(id);
        if (!db) return error(404, 'object_not_found', `Could not find ${dataSource ? 'data_source' : 'database'} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`);
        const pageSize = pageSizeOf();
        if (badPageSize(pageSize)) return error(400, 'validation_error', 'body failed validation: body.page_size should be between 1 and 100.');
        if (json.filter !== undefined || json.sorts !== undefined) return error(400, 'validation_error', 'This fake only answers unfiltered, unsorted queries.');
        const rows = db.rows.filter((r) => !r.inTrash);
        let start = 0;
        if (json.start_cursor !== undefined) {
          start = rows.findIndex((r) => r.id === json.start_cursor);
          if (start < 0) return error(400, 'validation_error', 'body failed validation: body.start_cursor should be a valid cursor.');
        }
        const slice = rows.slice(start, start + pageSize);
        const next = rows[start + pageSize];
        return send(200, { object: 'list', results: slice.map((r) => rowJson(db, r, version)), next_cursor: next?.id ?? null, has_more: Boolean(next), type: 'page_or_data_source', page_or_data_source: {}, request_id: randomUUID() });
      }

      if (url.pathname === '/v1/pages' && req.method === 'POST') {
        const parent = (json.parent ?? {}) as { data_source_id?: unknown; database_id?: unknown };
        let db: FakeNotionDatabase | undefined;
        if (typeof parent.data_source_id === 'string') {
          if (!dataSources) return error(400, 'validation_error', 'body failed validation: body.parent.data_source_id is not supported before Notion-Version 2025-09-03.');
          db = findDataSource(parent.data_source_id);
        } else if (typeof parent.database_id === 'string') db = findDb(parent.database_id);
        else return error(400, 'validation_error', 'body failed validation: body.parent should be a data source, database or page.');
        if (!db) return error(404, 'object_not_found', 'Could not find the parent. Make sure the relevant pages and databases are shared with your integration.');
        const row: FakeNotionRow = { id: randomUUID(), values: {}, inTrash: false, createdTime: minuteOf(now()), lastEditedTime: minuteOf(now()) };
        try {
          applyProperties(db, row, json.properties);
        } catch (err) {
          if (err instanceof ValidationError) return error(400, 'validation_error', err.message);
          throw err;
        }
        db.rows.push(row);
        return send(200, { ...rowJson(db, row, version), request_id: randomUUID() });
      }

      const page = /^\/v1\/pages\/([^/]+)$/.exec(url.pathname);
      if (page && (req.method === 'GET' || req.method === 'PATCH')) {
        const id = decodeURIComponent(page[1]!);
        const found = findRow(id);
        if (!found) {
          const standalone = state.pages.find((p) => sameId(p.id, id));
          if (standalone && req.method === 'GET') return send(200, { ...pageJson(standalone), request_id: randomUUID() });
          return error(404, 'object_not_found', `Could not find page with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`);
        }
        const { db, row } = found;
        if (req.method === 'GET') return send(200, { ...rowJson(db, row, version), request_id: randomUUID() });
        const trash = json.in_trash ?? json.archived;
        if (trash !== undefined && typeof trash !== 'boolean') return error(400, 'validation_error', 'body failed validation: body.in_trash should be a boolean.');
        if (row.inTrash && trash !== false) return error(400, 'validation_error', "Can't edit block that is archived. You must unarchive the block before editing.");
        try {
          const copy = { ...row, values: { ...row.values } };
          applyProperties(db, copy, json.properties);
          row.values = copy.values;
        } catch (err) {
          if (err instanceof ValidationError) return error(400, 'validation_error', err.message);
          throw err;
        }
        if (trash !== undefined) row.inTrash = trash;
        touch(row);
        return send(200, { ...rowJson(db, row, version), request_id: randomUUID() });
      }

      const children = /^\/v1\/blocks\/([^/]+)\/children$/.exec(url.pathname);
      if (children && req.method === 'PATCH') {
        const id = decodeURIComponent(children[1]!);
        const page = state.pages.find((p) => sameId(p.id, id));
        if (!page) return error(404, 'object_not_found', `Could not find block with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`);
        const list = json.children;
        if (!Array.isArray(list) || list.length === 0 || list.length > 100) return error(400, 'validation_error', 'body failed validation: body.children should be an array of 1 to 100 blocks.');
        const created: FakeNotionBlock[] = [];
        for (const [i, block] of (list as Array<Record<string, unknown>>).entries()) {
          const type = typeof block.type === 'string' ? block.type : null;
          const content = type ? (block[type] as { rich_text?: Array<{ type?: string; text?: { content?: unknown } }> } | undefined) : undefined;
          if (!type || !content || !Array.isArray(content.rich_text)) return error(400, 'validation_error', `body failed validation: body.children[${i}] should be a block with a rich_text array.`);
          for (const rt of content.rich_text) {
            if (rt.type !== 'text' || typeof rt.text?.content !== 'string') return error(400, 'validation_error', `body failed validation: body.children[${i}].${type}.rich_text should contain text objects.`);
            if (rt.text.content.length > 2000) return error(400, 'validation_error', `body failed validation: body.children[${i}].${type}.rich_text[0].text.content.length should be ≤ \`2000\`, instead was \`${rt.text.content.length}\`.`);
          }
          const b: FakeNotionBlock = {
            object: 'block',
            id: randomUUID(),
            parent: { type: 'page_id', page_id: page.id },
            created_time: new Date().toISOString(),
            has_children: false,
            archived: false,
            in_trash: false,
            type,
            [type]: { color: 'default', rich_text: content.rich_text.map((rt) => ({ ...rt, plain_text: rt.text!.content, href: null })) },
          };
          created.push(b);
        }
        page.children.push(...created);
        return send(200, { object: 'list', results: created, next_cursor: null, has_more: false, type: 'block', block: {}, request_id: randomUUID() });
      }
      return error(400, 'invalid_request_url', 'Invalid request URL.');
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const fake = state as FakeNotion;
  fake.url = `http://127.0.0.1:${port}`;
  fake.issueCode = (opts) => {
    const code = `03${randomBytes(16).toString('hex')}`;
    codes.set(code, opts);
    return code;
  };
  fake.removeIntegration = () => tokens.clear();
  fake.now = now;
  fake.advance = (ms) => void (skew += ms);
  fake.setClock = (at) => void (skew = at ? at.getTime() - Date.now() : 0);
  fake.addDatabase = (title, schema) => {
    const db: FakeNotionDatabase = { id: randomUUID(), dataSourceId: randomUUID(), title, schema, rows: [] };
    state.databases.push(db);
    return db;
  };
  fake.addRow = (db, values) => {
    const row: FakeNotionRow = { id: randomUUID(), values: { ...values }, inTrash: false, createdTime: minuteOf(now()), lastEditedTime: minuteOf(now()) };
    db.rows.push(row);
    return row;
  };
  fake.editRow = (row, values) => {
    Object.assign(row.values, values);
    touch(row);
  };
  fake.archiveRow = (row) => {
    row.inTrash = true;
    touch(row);
  };
  fake.liveRows = (db) => db.rows.filter((r) => !r.inTrash);
  fake.close = () => new Promise((r) => server.close(() => r()));
  return fake;
}

/** Plain text of a page's paragraphs, for assertions. */
export function paragraphs(page: FakeNotionPage): string[] {
  return page.children
    .filter((b) => b.type === 'paragraph')
    .map((b) => ((b.paragraph as { rich_text: Array<{ plain_text: string }> }).rich_text ?? []).map((t) => t.plain_text).join(''));
}
