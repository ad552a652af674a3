import { Router } from 'express';
import { z } from 'zod';
import { metricsRegistry } from '../../services/infra/metrics';
import { registerRoute } from '../openapi/registry';

/**
 * GET /metrics in Prometheus text format. Unauthenticated like /healthz: expose it only on the
 * private network (deploy/: the reverse proxy does not route it).
 */
export function createMetricsRouter(): Router {
  const router = Router();
  registerRoute({
    method: 'get',
    path: '/metrics',
    tags: ['operations'],
    summary: 'Prometheus metrics (text exposition format); see docs/observability.md',
    responses: { 200: { description: 'Metrics', content: { 'text/plain': { schema: z.string() } } } },
  });
  router.get('/metrics', async (_req, res) => {
    res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });
  return router;
}
