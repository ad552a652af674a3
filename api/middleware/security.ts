import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's defaults (CSP included: Swagger UI at /docs loads only its own local assets), minus
 * `upgrade-insecure-requests`, which breaks /docs on a plain-HTTP development address; TLS in
 * production is the reverse proxy's job (and HSTS, which helmet also sets).
 */
export function securityHeaders(): RequestHandler {
  return helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
}

/**
 * CORS for browsers: only the origins of CORS_ORIGINS get Access-Control-Allow-Origin; any
 * other origin gets no CORS headers, so its browser refuses to hand it the response.
 * Requests without an Origin (servers, curl, partners' back ends) are not affected.
 */
export function corsAllowlist(origins: string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, done) => done(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'PATCH', 'DELETE', 'PUT'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'X-On-Behalf-Of', 'Idempotency-Key'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'Location', 'RateLimit-Limit', 'RateLimit-Remaining'],
    maxAge: 600,
  });
}
