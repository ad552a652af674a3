import { Router } from 'express';
import type { Orm } from '../../schemas/db';
import { PartnerAuditEntry, User, type UserRole } from '../../schemas/entities';
import type { AuthGuards } from '../auth/guards';
import { userIdOf } from '../auth/principal';
import { AdminUserPatch, AuditQuery, PageQuery, UserIdParams } from '../auth/schemas';
import { parseOr400 } from '../auth/validate';
import { HttpProblem } from '../problem';

/** What an admin sees of a user: never a hash, a secret or a code. */
export const adminUserJson = (u: User) => ({
  id: u.id,
  phone: u.phone,
  assistantNumber: u.assistantNumber,
  timezone: u.timezone,
  language: u.language,
  status: u.status,
  role: u.role,
  mfaEnabled: u.mfaEnabled,
  hasPassword: u.passwordHash !== null,
  createdAt: u.createdAt.toISOString(),
});

/** /api/v1/admin: 401 without a token, 403 for anyone but role admin (partners included). */
export function createAdminRouter(orm: Orm, guards: AuthGuards): Router {
  const router = Router();
  router.use('/admin', guards.authenticate, guards.requireRole('admin'));

  router.get('/admin/users', async (req, res) => {
    const { limit, offset } = parseOr400(PageQuery, req.query, 'query');
    const [users, total] = await orm.em
      .fork()
      .findAndCount(User, {}, { orderBy: { createdAt: 'asc', id: 'asc' }, limit, offset, populate: ['passwordHash'] });
    res.json({ items: users.map(adminUserJson), total, limit, offset });
  });

  router.patch('/admin/users/:id', async (req, res) => {
    const { id } = parseOr400(UserIdParams, req.params, 'path');
    const { role } = parseOr400(AdminUserPatch, req.body);
    // An admin demoting themselves could leave nobody able to undo it.
    if (id === userIdOf(req) && role !== 'admin') throw new HttpProblem(409, 'Conflict', 'Admins cannot change their own role.');
    const em = orm.em.fork();
    const user = await em.findOne(User, { id }, { populate: ['passwordHash'] });
    if (!user) throw new HttpProblem(404, 'Not Found', 'No such user.');
    user.role = role as UserRole;
    await em.flush();
    res.json(adminUserJson(user));
  });

  router.get('/admin/audit', async (req, res) => {
    const { limit, offset, partnerId, userId } = parseOr400(AuditQuery, req.query, 'query');
    const where = { ...(partnerId ? { partnerId } : {}), ...(userId ? { userId } : {}) };
    const [rows, total] = await orm.em
      .fork()
      .findAndCount(PartnerAuditEntry, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit, offset });
    res.json({
      items: rows.map((r) => ({ id: r.id, partnerId: r.partnerId, userId: r.userId, method: r.method, path: r.path, scope: r.scope, createdAt: r.createdAt.toISOString() })),
      total,
      limit,
      offset,
    });
  });

  return router;
}
