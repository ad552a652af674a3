import { registerNumbersRoutes } from '../openapi/extra-routes';
import express, { Router } from 'express';
import { WorkflowFailedError } from '@temporalio/client';
import { z } from 'zod';
import { MONTH, monthlyUsage, monthOf } from '../../services/usage';
import { e164 } from '../../schemas/common';
import { findUserByPhone, User } from '../../schemas/entities';
import { provisionNumber } from '../../temporal/provisioning';
import { createAuthGuards, type AuthGuards } from '../auth/guards';
import { subjectUserId } from '../auth/subject';
import type { AppDeps } from '../context';
import { HttpProblem } from '../problem';

const provisionBody = z.object({ areaCode: z.string().regex(/^[2-9]\d{2}$/, 'must be a 3-digit area code').optional() }).strict();
const monthQuery = z.object({ month: z.string().regex(MONTH, 'must be YYYY-MM').optional() });
const adminUsageQuery = monthQuery.extend({ phone: e164.optional() });
/** The saga takes seconds; a slower one is answered 202 with its workflow id and finishes on its own. */
const PROVISION_WAIT_MS = 30_000;

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    throw new HttpProblem(400, 'Bad Request', 'Invalid request.', r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return r.data;
}

const publicUsage = <T extends { userId: string }>({ userId: _id, ...rest }: T) => rest;

/**
 * Numbers and usage: POST /api/v1/admin/users/{id}/number (provision), GET /api/v1/admin/numbers,
 * GET /api/v1/admin/usage (admins), GET /api/v1/usage (the caller's own, or a linked user's for a partner).
 */
export function createNumbersRouter(deps: AppDeps, guards: AuthGuards = createAuthGuards(deps.config.auth.jwtSecret)): Router {
  const { orm, config, temporal } = deps;
  const { numbers } = deps.services;
  registerNumbersRoutes();
  const router = Router();
  const admin = [guards.authenticate, guards.requireRole('admin')];

  router.post('/api/v1/admin/users/:id/number', ...admin, express.json({ limit: '4kb' }), async (req, res) => {
    const body = parse(provisionBody, req.body);
    const user = await orm.em.fork().findOne(User, { id: String(req.params.id) });
    if (!user) throw new HttpProblem(404, 'Not Found', 'No such user.');
    if (!config.twilio.credentials) {
      throw new HttpProblem(409, 'Provisioning Unavailable', 'Number provisioning needs Twilio credentials; this server sends to a local outbox.');
    }
    if (!body.areaCode && !/^\+1[2-9]\d{9}$/.test(user.phone)) throw new HttpProblem(400, 'Bad Request', 'areaCode is required for a phone outside +1.');
    const workflowId = `provision-${user.id}`;
    const running = provisionNumber(temporal, {
      userId: user.id, taskQueue: config.temporal.taskQueue, phone: user.phone, language: user.language, ...(body.areaCode ? { areaCode: body.areaCode } : {}),
    });
    const timeout = new Promise<null>((r) => setTimeout(() => r(null), PROVISION_WAIT_MS).unref());
    try {
      const result = await Promise.race([running, timeout]);
      if (!result) return void res.status(202).json({ workflowId, status: 'provisioning' });
      res.status(result.reused ? 200 : 201).json({ userId: user.id, phoneNumber: result.phoneNumber, sid: result.numberSid, reused: result.reused, workflowId });
    } catch (err) {
      if (err instanceof WorkflowFailedError) throw new HttpProblem(502, 'Provisioning Failed', err.cause?.message ?? err.message);
      throw err;
    } finally {
      running.catch(() => undefined);
    }
  });

  router.get('/api/v1/admin/numbers', ...admin, async (_req, res) => {
    res.json((await numbers.list()).map((n) => ({
      phoneNumber: n.phoneNumber, sid: n.twilioSid, status: n.status, userId: n.userId, areaCode: n.areaCode,
      purchasedAt: n.purchasedAt.toISOString(), assignedAt: n.assignedAt?.toISOString() ?? null,
      releasedAt: n.releasedAt?.toISOString() ?? null, releaseReason: n.releaseReason,
    })));
  });

  router.get('/api/v1/admin/usage', ...admin, async (req, res) => {
    const q = parse(adminUsageQuery, req.query);
    const month = q.month ?? monthOf(new Date());
    let userId: string | undefined;
    if (q.phone) {
      const user = await findUserByPhone(orm.em.fork(), q.phone);
      if (!user) throw new HttpProblem(404, 'Not Found', 'No user with this phone.');
      userId = user.id;
    }
    const rows = (await monthlyUsage(orm, config.outbound, { month, ...(userId ? { userId } : {}) })).map(publicUsage);
    res.json(q.phone ? rows[0] : rows);
  });

  router.get('/api/v1/usage', guards.authenticate, async (req, res) => {
    const userId = await subjectUserId(req, 'users:read');
    const q = parse(monthQuery, req.query);
    const [usage] = await monthlyUsage(orm, config.outbound, { month: q.month ?? monthOf(new Date()), userId });
    if (!usage) throw new HttpProblem(404, 'Not Found', 'No such user.');
    res.json(publicUsage(usage));
  });

  return router;
}
