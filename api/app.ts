import express, { type Express } from 'express';
import type { ApiDeps } from './context';
import { HttpProblem, problemHandler } from './problem';
import { createHealthRouter } from './routes/health';
import { createIntegrationsRouter } from './routes/integrations';
import { createTwilioWebhookRouter } from './routes/twilio-webhooks';

/** The Express app: Twilio webhooks and health for now; the REST API mounts under /api/v1. */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Twilio signs the public URL; behind a proxy, trust X-Forwarded-* from it.
  app.set('trust proxy', 'loopback');
  app.use(createHealthRouter(deps));
  app.use(createTwilioWebhookRouter(deps));
  app.use(createIntegrationsRouter(deps));
  app.use((_req, _res, next) => next(new HttpProblem(404, 'Not Found')));
  app.use(problemHandler((err) => deps.logger.error('unhandled api error', { err })));
  return app;
}
