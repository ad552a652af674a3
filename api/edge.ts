import type { Express } from 'express';
import type { AuthGuards } from './auth/guards';
import { type ApiDeps, type AppDeps, withServices } from './context';
import { jsonBody } from './middleware/body';
import { httpMetrics } from './middleware/http-metrics';
import { createRateLimits, type RateLimits } from './middleware/rate-limit';
import { requestId } from './middleware/request-id';
import { corsAllowlist, securityHeaders } from './middleware/security';
import { createMetricsRouter } from './routes/metrics';
import { createOpenApiRouter } from './routes/openapi-docs';
import { createResourceRouter } from './routes/resources';

export interface ApiEdge {
  guards: AuthGuards;
  limits: RateLimits;
}

/**
 * First middleware of the app: request ids, HTTP metrics, security headers. Installed before
 * every router (webhooks included) so every request has an id and a duration.
 */
export function installEdge(app: Express, deps: ApiDeps, guards: AuthGuards): ApiEdge {
  app.use(requestId());
  app.use(httpMetrics());
  app.use(securityHeaders());
  app.use(createMetricsRouter());
  const limits = createRateLimits({
    kv: deps.kv,
    perIpPerMinute: deps.config.api.rateLimits.perIpPerMinute,
    perUserPerMinute: deps.config.api.rateLimits.perUserPerMinute,
    logger: deps.logger,
  });
  // The REST API and its documentation: CORS allowlist, per-IP limit, JSON bodies ≤ 100 kB.
  for (const path of ['/api', '/openapi.json', '/docs']) app.use(path, corsAllowlist(deps.config.api.corsOrigins), limits.perIp);
  app.use('/api', ...jsonBody());
  app.use(createOpenApiRouter());
  return { guards, limits };
}

/** The /api/v1 user resources. */
export function installResources(app: Express, deps: ApiDeps | AppDeps, edge: ApiEdge): void {
  app.use(createResourceRouter({ ...withServices(deps), guards: edge.guards, perUserLimit: edge.limits.perUser }));
}
