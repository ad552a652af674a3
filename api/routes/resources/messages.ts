import { createHash } from 'node:crypto';
import type { FilterQuery } from '@mikro-orm/core';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { MessageItem, MessageReply, MessageSend, PageQuery, page } from '../../../schemas/api/resources';
import { Message } from '../../../schemas/entities';
import { sendMessage } from '../../../temporal/conversations';
import { subjectUserId } from '../../auth/subject';
import { defineRoute } from '../../openapi/route';
import { decodeCursor, pageOf } from '../../pagination';
import { HttpProblem } from '../../problem';
import { json, loadUser, secured, type ResourceDeps } from './common';

/** Longer than any offline turn; a Gemini turn with tools fits too. Past it the client retries with its Idempotency-Key. */
const REPLY_TIMEOUT_MS = 30_000;

const view = (m: Message) => ({
  id: m.id,
  direction: m.direction,
  body: m.body,
  status: m.status,
  segments: m.segments,
  encoding: m.encoding,
  createdAt: m.createdAt.toISOString(),
});

/**
 * /api/v1/messages: the conversation's history (SMS and API turns alike, newest first) and
 * POST, which hands a message to the user's conversation workflow through its `sendMessage`
 * update and answers with the assistant's reply.
 */
export function createMessagesRouter(deps: ResourceDeps): Router {
  const router = Router();
  const sec = secured(deps);
  const tags = ['messages'];

  defineRoute(
    router,
    {
      ...sec, method: 'get', path: '/api/v1/messages', tags, query: PageQuery,
      summary: 'Conversation history, newest first (partners: messages:read)',
      responses: { 200: json(page('MessagePage', MessageItem), 'A page of messages') },
    },
    async ({ query }, req, res) => {
      const userId = await subjectUserId(req, 'messages:read');
      const where: FilterQuery<Message> = { user: userId };
      if (query.cursor) {
        const [createdAt, id] = decodeCursor(query.cursor, 'string');
        const at = new Date(createdAt);
        where.$or = [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: id } }];
      }
      const rows = await deps.orm.em.fork().find(Message, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: query.limit + 1 });
      const { rows: items, nextCursor } = pageOf(rows, query.limit, (m) => [m.createdAt.toISOString(), m.id]);
      res.json({ items: items.map(view), nextCursor });
    },
  );

  defineRoute(
    router,
    {
      ...sec,
      headers: sec.headers.extend({
        'idempotency-key': z.string().min(1).max(100).optional().meta({ description: 'A retried POST with the same key is answered once, with the same reply' }),
      }),
      method: 'post', path: '/api/v1/messages', tags, body: MessageSend,
      summary: 'Send a message to the assistant and get its reply (partners: messages:write)',
      description: 'Goes through the user\'s conversation like an SMS would (tools included: "remind me…" creates a reminder), ' +
        'but the reply comes back in the response instead of by SMS.',
      responses: { 200: json(MessageReply, 'The assistant\'s reply') },
      problems: [404, 503],
    },
    async ({ body }, req, res) => {
      const userId = await subjectUserId(req, 'messages:write');
      await loadUser(deps.orm.em.fork(), userId);
      const key = req.get('idempotency-key');
      if (key !== undefined && (key.length === 0 || key.length > 100)) {
        throw new HttpProblem(400, 'Bad Request', 'Invalid headers.', [{ path: 'headers.idempotency-key', message: 'must be 1 to 100 characters' }]);
      }
      // Scoped to the user, hashed to fit the message-id column whatever the client sent.
      const messageId = key ? `api:${createHash('sha256').update(`${userId}\n${key}`).digest('hex').slice(0, 40)}` : undefined;
      try {
        const result = await deps.temporal.withAbortSignal(AbortSignal.timeout(REPLY_TIMEOUT_MS), () =>
          sendMessage(deps.temporal, { userId, taskQueue: deps.config.temporal.taskQueue, text: body.text, ...(messageId ? { messageId } : {}) }),
        );
        res.json(result);
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) {
          throw new HttpProblem(400, 'Bad Request', 'The conversation refused the message.', [{ path: 'body.text', message: err.cause?.message ?? 'refused' }]);
        }
        if (isTimeout(err)) {
          res.set('Retry-After', '5');
          throw new HttpProblem(503, 'Service Unavailable', 'The assistant did not answer in time; retry with the same Idempotency-Key.');
        }
        throw err;
      }
    },
  );
  return router;
}

function isTimeout(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const name = (e as { name?: unknown }).name;
    const code = (e as { code?: unknown }).code;
    if (name === 'AbortError' || name === 'TimeoutError' || code === 4 /* DEADLINE_EXCEEDED */ || code === 1 /* CANCELLED */) return true;
  }
  return false;
}
