import { Router } from 'express';
import { metricsRegistry } from '../../activities/infra/metrics';

/**
 * GET /metrics in Prometheus text format. Unauthenticated like /healthz: expose it only on the
 * private network (deploy/: the reverse proxy does not route it).
 */
export function createMetricsRouter(): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });
  return router;
}
