import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

/**
 * A fake Notion API on 127.0.0.1 speaking the real paths and JSON used by @notionhq/client and our
 * OAuth code: `POST /v1/oauth/token` (JSON body, client credentials in HTTP Basic; no PKCE),
 * `POST /v1/oauth/revoke`, `POST /v1/search` (filter on object page / data_source, paging),
 * `PATCH /v1/blocks/{id}/children` (appends to a page the integration was granted), with Notion's
 * error objects (`{object: "error", status, code, message}`). Every API call must carry a
 * Notion-Version header (missing_version otherwise) and a bearer token it issued.
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

export interface FakeNotion {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Pages shared with the integration (the page picker of the consent screen), most recent first. */
  pages: FakeNotionPage[];
  issueCode(opts: { redirectUri: string }): string;
  /** The person removed the integration in Notion: every token issued so far answers 401. */
  removeIntegration(): void;
  calls: { method: string; path: string; notionVersion: string | null }[];
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

export async function startFakeNotion(): Promise<FakeNotion> {
  const codes = new Map<string, { redirectUri: string }>();
  const tokens = new Set<string>();
  const state: Omit<FakeNotion, 'url' | 'close' | 'issueCode' | 'removeIntegration'> = {
    clientId: randomUUID(),
    clientSecret: `secret_${randomBytes(20).toString('base64url')}`,
    pages: [],
    calls: [],
    tokenRequests: [],
    revoked: [],
  };
  const botId = randomUUID();
  const workspaceId = randomUUID();
  const pageJson = (p: FakeNotionPage) => ({
    object: 'page',
    id: p.id,
    created_time: '2026-11-01T12:00:00.000Z',
    last_edited_time: new Date().toISOString().replace(/\.\d+Z$/, '.000Z'),
    created_by: { object: 'user', id: randomUUID() },
    last_edited_by: { object: 'user', id: randomUUID() },
    cover: null,
    icon: null,
    parent: { type: 'workspace', workspace: true },
    archived: false,
    in_trash: false,
    properties: { title: { id: 'title', type: 'title', title: [{ type: 'text', text: { content: p.title, link: null }, plain_text: p.title, href: null }] } },
    url: `https://www.notion.so/${p.title.replace(/\W+/g, '-')}-${p.id.replace(/-/g, '')}`,
    public_url: null,
  });

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
      state.calls.push({ method: req.method ?? 'GET', path: url.pathname, notionVersion: version });
      if (!version) return error(400, 'missing_version', 'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.');
      if (!VERSIONS.includes(version)) return error(400, 'validation_error', `Notion-Version header failed validation: ${version} is not a supported version.`);
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !tokens.has(token)) return error(401, 'unauthorized', 'API token is invalid.');

      if (url.pathname === '/v1/search' && req.method === 'POST') {
        const filter = json.filter as { property?: unknown; value?: unknown } | undefined;
        const objects = version >= '2025-09-03' ? ['page', 'data_source'] : ['page', 'database'];
        if (filter !== undefined && (filter.property !== 'object' || !objects.includes(String(filter.value)))) {
          return error(400, 'validation_error', `body failed validation: body.filter.value should be one of ${objects.map((o) => `"${o}"`).join(', ')}.`);
        }
        const pageSize = json.page_size === undefined ? 100 : Number(json.page_size);
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return error(400, 'validation_error', 'body failed validation: body.page_size should be between 1 and 100.');
        const query = typeof json.query === 'string' ? json.query.toLowerCase() : '';
        const start = typeof json.start_cursor === 'string' ? state.pages.findIndex((p) => p.id === json.start_cursor) : 0;
        const matching = filter?.value === 'page' || filter === undefined ? state.pages.filter((p) => p.title.toLowerCase().includes(query)) : [];
        const slice = matching.slice(Math.max(start, 0), Math.max(start, 0) + pageSize);
        const next = matching[Math.max(start, 0) + pageSize];
        return send(200, { object: 'list', results: slice.map(pageJson), next_cursor: next?.id ?? null, has_more: Boolean(next), type: 'page_or_data_source', page_or_data_source: {}, request_id: randomUUID() });
      }

      const children = /^\/v1\/blocks\/([^/]+)\/children$/.exec(url.pathname);
      if (children && req.method === 'PATCH') {
        const id = decodeURIComponent(children[1]!);
        // Notion accepts ids with or without dashes.
        const page = state.pages.find((p) => p.id.replace(/-/g, '') === id.replace(/-/g, ''));
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
  fake.close = () => new Promise((r) => server.close(() => r()));
  return fake;
}

/** Plain text of a page's paragraphs, for assertions. */
export function paragraphs(page: FakeNotionPage): string[] {
  return page.children
    .filter((b) => b.type === 'paragraph')
    .map((b) => ((b.paragraph as { rich_text: Array<{ plain_text: string }> }).rich_text ?? []).map((t) => t.plain_text).join(''));
}
