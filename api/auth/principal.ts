import type { Request } from 'express';
import { HttpProblem } from '../problem';

export type Role = 'user' | 'premium' | 'admin';
export const ROLES: readonly Role[] = ['user', 'premium', 'admin'];

/**
 * Who is calling. A user (access token) acts on their own data; a partner (partner key) acts on a
 * user who linked them, within its scopes. Routes read it with `principalOf(req)` and derive the
 * user id from it, never from the request body or path.
 */
export type Principal =
  | { kind: 'user'; userId: string; role: Role }
  | { kind: 'partner'; partnerId: string; scopes: string[] };

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export function principalOf(req: Request): Principal {
  if (!req.principal) throw new HttpProblem(401, 'Unauthorized', 'A valid access token is required.');
  return req.principal;
}

/** The signed-in user's id; partners must name the user explicitly through their own routes. */
export function userIdOf(req: Request): string {
  const p = principalOf(req);
  if (p.kind !== 'user') throw new HttpProblem(403, 'Forbidden', 'This route is for signed-in users.');
  return p.userId;
}
