import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Role } from './principal';

/** Access tokens live 15 minutes; refresh tokens (opaque, stored hashed) carry sessions longer. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const JWT_ISSUER = 'assistant-tdah';
export const JWT_AUDIENCE = 'assistant-tdah-api';

export interface AccessClaims {
  sub: string;
  role: Role;
  typ: 'access';
}

/** HS256 only; verification (passport-jwt in guards.ts) pins the algorithm so `alg: none` never passes. */
export function signAccessToken(secret: string, userId: string, role: Role, ttlSeconds = ACCESS_TOKEN_TTL_SECONDS): string {
  const claims: AccessClaims = { sub: userId, role, typ: 'access' };
  return jwt.sign(claims, secret, {
    algorithm: 'HS256',
    expiresIn: ttlSeconds,
    issuer: JWT_ISSUER,
    audience: JWT_AUDIENCE,
    jwtid: randomUUID(),
  });
}
