import express, { type Express } from 'express';
import { type ApiDeps, withServices } from './context';
import { createAccountsApi } from './auth/module';
import { installEdge, installResources } from './edge';
import { HttpProblem, problemHandler } from './problem';
import { createCodecRouter } from './routes/codec';
import { createHealthRouter } from './routes/health';
import { createIntegrationsRouter } from './routes/integrations';
import { createTwilioWebhookRouter } from './routes/twilio-webhooks';
import { createPrivacyRouter } from './routes/v1/privacy';
import { createNumbersRouter } from './routes/numbers';

/** The Express app: Twilio webhooks, health, metrics, the codec server and the REST API under /api/v1. */
export function createApp(apiDeps: ApiDeps): Express {
  // The services the routes call, built once for this app: one SMS sender for its texts.
  const deps = withServices(apiDeps);
  const app = express();
  app.disable('x-powered-by');
  // Twilio signs the public URL; behind a proxy, trust X-Forwarded-* from it.
  app.set('trust proxy', 'loopback');
  const accounts = createAccountsApi(deps);
  const edge = installEdge(app, deps, accounts.guards);
  app.use(createHealthRouter(deps));
  app.use(createTwilioWebhookRouter(deps));
  app.use(createCodecRouter(deps));
  app.use('/api/v1', accounts.router);
  installResources(app, deps, edge);
  app.use(createPrivacyRouter(deps, accounts.guards));
  app.use(createNumbersRouter(deps, accounts.guards));
  app.use(createIntegrationsRouter(deps, accounts.guards));
  app.use((_req, _res, next) => next(new HttpProblem(404, 'Not Found')));
  app.use(problemHandler((err) => deps.logger.error('unhandled api error', { err })));
  return app;
}
