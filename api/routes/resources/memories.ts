import type { FilterQuery } from '@mikro-orm/core';
import { Router } from 'express';
import { createMemoryActivities } from '../../../activities/memory';
import { IdParams, MemoryItem, MemoryListQuery, page } from '../../../schemas/api/resources';
import { Memory } from '../../../schemas/entities';
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
  const memory = createMemoryActivities({ orm: deps.orm });

  defineRoute(
    router,
    {
      ...sec, method: 'get', path: '/api/v1/memories', tags, query: MemoryListQuery,
      summary: 'List memories, newest first, or search them with q (partners: memories:read)',
      responses: { 200: json(page('MemoryPage', MemoryItem), 'A page of memories') },
    },
    async ({ query }, req, res) => {
      const userId = await subjectUserId(req, 'memories:read');
      const em = deps.orm.em.fork();
      if (query.q) {
        const ids = await memory.searchMemoryIds({ userId, query: query.q, limit: Math.min(query.limit, SEARCH_LIMIT) });
        const rows = ids.length ? await em.find(Memory, { user: userId, id: { $in: ids } }) : [];
        const ranked = ids.flatMap((id) => rows.filter((r) => r.id === id));
        return void res.json({ items: ranked.map(view), nextCursor: null });
      }
      const where: FilterQuery<Memory> = { user: userId };
      if (query.cursor) {
        const [createdAt, id] = decodeCursor(query.cursor, 'string');
        const at = new Date(createdAt);
        where.$or = [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: id } }];
      }
      const rows = await em.find(Memory, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: query.limit + 1 });
      const { rows: items, nextCursor } = pageOf(rows, query.limit, (m) => [m.createdAt.toISOString(), m.id]);
      res.json({ items: items.map(view), nextCursor });
    },
  );

  defineRoute(
    router,
    { ...sec, method: 'get', path: '/api/v1/memories/{id}', tags, params: IdParams, summary: 'One memory (partners: memories:read)', responses: { 200: json(MemoryItem, 'The memory') }, problems: [404] },
    async ({ params }, req, res) => {
      const userId = await subjectUserId(req, 'memories:read');
      const m = await deps.orm.em.fork().findOne(Memory, { id: params.id, user: userId });
      if (!m) throw notFound('memory');
      res.json(view(m));
    },
  );

  defineRoute(
    router,
    { ...sec, method: 'delete', path: '/api/v1/memories/{id}', tags, params: IdParams, summary: 'Forget a memory (partners: memories:write)', responses: { 204: { description: 'Forgotten' } }, problems: [404] },
    async ({ params }, req, res) => {
      const userId = await subjectUserId(req, 'memories:write');
      const deleted = await deps.orm.em.fork().nativeDelete(Memory, { id: params.id, user: userId });
      if (deleted === 0) throw notFound('memory');
      res.status(204).end();
    },
  );
  return router;
}
