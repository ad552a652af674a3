import type { NextFunction, Request, RequestHandler, Response } from 'express';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { HttpProblem } from '../problem';
import { ROLES, type Principal, type Role } from './principal';
import { JWT_AUDIENCE, JWT_ISSUER, type AccessClaims } from './tokens';

/** Resolves a bearer credential that is not a JWT (partner keys); null when it is not one. */
export type BearerResolver = (token: string) => Promise<Principal | null>;

export interface AuthGuards {
  /** 401 unless a valid access token (or a partner key, when a resolver is given) is presented. */
  authenticate: RequestHandler;
  /** 403 unless the caller is a user with one of the roles. */
  requireRole(...roles: Role[]): RequestHandler;
  /** 403 unless the caller is a partner holding the scope, or a user (users own their data). */
  requireScope(scope: string): RequestHandler;
}

/**
 * Authentication for /api/v1: passport-jwt for access tokens (HS256 pinned, issuer and audience
 * checked, 15-minute expiry), plus an optional resolver for partner keys.
 */
export function createAuthGuards(jwtSecret: string, resolvePartnerKey?: BearerResolver): AuthGuards {
  const strategy = new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: jwtSecret,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    },
    (claims: AccessClaims, done: (err: unknown, user?: Principal | false) => void) => {
      if (claims.typ !== 'access' || typeof claims.sub !== 'string' || !ROLES.includes(claims.role)) return done(null, false);
      done(null, { kind: 'user', userId: claims.sub, role: claims.role });
    },
  );
  const authenticator = new passport.Passport();
  authenticator.use('jwt', strategy);

  const unauthorized = () => new HttpProblem(401, 'Unauthorized', 'A valid access token is required.');
  const authenticate: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer) return next(unauthorized());
    if (bearer.split('.').length !== 3 && resolvePartnerKey) {
      resolvePartnerKey(bearer).then((principal) => {
        if (!principal) return next(new HttpProblem(401, 'Unauthorized', 'Unknown or revoked key.'));
        req.principal = principal;
        next();
      }, next);
      return;
    }
    // A custom callback keeps failures as problem+json instead of passport's bare 401.
    const handler = authenticator.authenticate('jwt', { session: false }, (err: unknown, principal: Principal | false) => {
      if (err) return next(err);
      if (!principal) return next(unauthorized());
      req.principal = principal;
      next();
    }) as RequestHandler;
    handler(req, res, next);
  };

  return {
    authenticate,
    requireRole:
      (...roles) =>
      (req, _res, next) => {
        const p = req.principal;
        if (!p) return next(new HttpProblem(401, 'Unauthorized', 'A valid access token is required.'));
        if (p.kind !== 'user' || !roles.includes(p.role)) return next(new HttpProblem(403, 'Forbidden', 'Not allowed for your role.'));
        next();
      },
    requireScope: (scope) => (req, _res, next) => {
      const p = req.principal;
      if (!p) return next(new HttpProblem(401, 'Unauthorized', 'A valid access token is required.'));
      if (p.kind === 'partner' && !p.scopes.includes(scope)) {
        return next(new HttpProblem(403, 'Forbidden', `This key lacks the "${scope}" scope.`));
      }
      next();
    },
  };
}
