import type { EntityManager } from '@mikro-orm/core';
import type { RequestHandler } from 'express';
import type { AuthGuards } from '../../auth/guards';
import type { AppDeps } from '../../context';
import { USER_OR_PARTNER } from '../../openapi/registry';
import { HttpProblem } from '../../problem';
import { User } from '../../../schemas/entities';
import { z } from 'zod';

/** What every resource router gets: the api's dependencies, the auth guards and the per-user limiter. */
export interface ResourceDeps extends AppDeps {
  guards: AuthGuards;
  /** Per-user (or per-partner) rate limit, run after authentication. */
  perUserLimit: RequestHandler;
}

/** The route options shared by every resource route: secured, authenticated, limited per user. */
export function secured(deps: ResourceDeps) {
  return {
    security: USER_OR_PARTNER,
    use: [deps.guards.authenticate, deps.perUserLimit],
    headers: z.object({
      'x-on-behalf-of': z.string().max(64).optional().meta({ description: 'Partners only: the id of the linked user to act on' }),
    }),
  };
}

export async function loadUser(em: EntityManager, userId: string): Promise<User> {
  const user = await em.findOne(User, { id: userId });
  if (!user) throw new HttpProblem(404, 'Not Found', 'No such user.');
  return user;
}

export const notFound = (what: string) => new HttpProblem(404, 'Not Found', `No such ${what}.`);

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
