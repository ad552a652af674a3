import { Router } from 'express';
import { IdParams, MemoryItem, MemoryListQuery, page } from '../../../schemas/api/resources';
import type { Memory } from '../../../schemas/entities';
import { subjectUserId } from '../../auth/subject';
import { defineRoute } from '../../openapi/route';
import { decodeCursor, pageOf } from '../../pagination';
import { json, notFound, secured, type ResourceDeps } from './common';

const view = (m: Memory) => ({ id: m.id, text: m.text, createdAt: m.createdAt.toISOString() });
/** The memory tool's own candidate cap: a search answers its best matches, not a list. */
const SEARCH_LIMIT = 20;

/**
 * /api/v1/memories: what the person asked the assistant to remember. `?q=` searches with the
 * memory tool's full-text search (FTS5 / PostgreSQL, accent-insensitive), best first.
 */
export function createMemoriesRouter(deps: ResourceDeps): Router {
  const router = Router();
  const sec = secured(deps);
  const tags = ['memories'];
  const { memory } = deps.services;

  defineRoute(
    router,
    {
      ...sec, method: 'get', path: '/api/v1/memories', tags, query: MemoryListQuery,
      summary: 'List memories, newest first, or search them with q (partners: memories:read)',
      responses: { 200: json(page('MemoryPage', MemoryItem), 'A page of memories') },
    },
    async ({ query }, req, res) => {
      const userId = await subjectUserId(req, 'memories:read');
      if (query.q) {
        const ranked = await memory.searchRows({ userId, query: query.q, limit: Math.min(query.limit, SEARCH_LIMIT) });
        return void res.json({ items: ranked.map(view), nextCursor: null });
      }
      let before: { createdAt: Date; id: string } | undefined;
      if (query.cursor) {
        const [createdAt, id] = decodeCursor(query.cursor, 'string');
        before = { createdAt: new Date(createdAt), id };
      }
      const rows = await memory.page({ userId, limit: query.limit, ...(before ? { before } : {}) });
      const { rows: items, nextCursor } = pageOf(rows, query.limit, (m) => [m.createdAt.toISOString(), m.id]);
      res.json({ items: items.map(view), nextCursor });
    },
  );

  defineRoute(
    router,
    { ...sec, method: 'get', path: '/api/v1/memories/{id}', tags, params: IdParams, summary: 'One memory (partners: memories:read)', responses: { 200: json(MemoryItem, 'The memory') }, problems: [404] },
    async ({ params }, req, res) => {
      const userId = await subjectUserId(req, 'memories:read');
      const m = await memory.find(userId, params.id);
      if (!m) throw notFound('memory');
      res.json(view(m));
    },
  );

  defineRoute(
    router,
    { ...sec, method: 'delete', path: '/api/v1/memories/{id}', tags, params: IdParams, summary: 'Forget a memory (partners: memories:write)', responses: { 204: { description: 'Forgotten' } }, problems: [404] },
    async ({ params }, req, res) => {
      const userId = await subjectUserId(req, 'memories:write');
      if (!(await memory.delete(userId, params.id))) throw notFound('memory');
      res.status(204).end();
    },
  );
  return router;
}
