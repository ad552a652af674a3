import { Router } from 'express';
import type { Orm } from '../../schemas/db';
import { PartnerLink } from '../../schemas/entities';
import type { AuthGuards } from '../auth/guards';
import { linkPartner, partnerScopes, unlinkPartner } from '../auth/partners';
import { principalOf, userIdOf } from '../auth/principal';
import { LinkPartnerRequest, PartnerIdParams } from '../auth/schemas';
import { parseOr400 } from '../auth/validate';
import { HttpProblem } from '../problem';

/**
 * /api/v1/me/partners: a signed-in user grants (links) and withdraws partner access; partners cannot
 * call these. /api/v1/partner/links: a partner lists the users who linked it.
 */
export function createMePartnersRouter(orm: Orm, guards: AuthGuards): Router {
  const router = Router();

  router.get('/me/partners', guards.authenticate, async (req, res) => {
    const userId = userIdOf(req);
    const links = await orm.em.fork().find(PartnerLink, { user: userId, partner: { revokedAt: null } }, { populate: ['partner'], orderBy: { createdAt: 'asc' } });
    res.json({
      items: links.map((l) => ({
        id: l.partner.id,
        name: l.partner.getEntity().name,
        scopes: partnerScopes(l.partner.getEntity()),
        linkedAt: l.createdAt.toISOString(),
      })),
    });
  });

  router.post('/me/partners', guards.authenticate, async (req, res) => {
    const userId = userIdOf(req);
    const { partnerId } = parseOr400(LinkPartnerRequest, req.body);
    const linked = await linkPartner(orm.em.fork(), userId, partnerId);
    if (!linked) throw new HttpProblem(404, 'Not Found', 'No such partner.');
    res.status(201).json({
      id: linked.partner.id,
      name: linked.partner.name,
      scopes: partnerScopes(linked.partner),
      linkedAt: linked.link.createdAt.toISOString(),
    });
  });

  router.delete('/me/partners/:partnerId', guards.authenticate, async (req, res) => {
    const userId = userIdOf(req);
    const { partnerId } = parseOr400(PartnerIdParams, req.params, 'path');
    if (!(await unlinkPartner(orm.em.fork(), userId, partnerId))) throw new HttpProblem(404, 'Not Found', 'This partner is not linked.');
    res.status(204).end();
  });

  // The partner's side of the same links: which user ids it may name in X-On-Behalf-Of.
  router.get('/partner/links', guards.authenticate, async (req, res) => {
    const p = principalOf(req);
    if (p.kind !== 'partner') throw new HttpProblem(403, 'Forbidden', 'This route is for partner keys.');
    const links = await orm.em.fork().find(PartnerLink, { partner: p.partnerId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    res.json({ items: links.map((l) => ({ userId: l.user.id, linkedAt: l.createdAt.toISOString() })) });
  });

  return router;
}
