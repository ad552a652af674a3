import express, { Router, type ErrorRequestHandler } from 'express';
import type { SmsSender } from '../../services/sms';
import { KeyRing } from '../../schemas/keyring';
import { type ApiDeps, type AppDeps, withServices } from '../context';
import { createAdminRouter } from '../routes/admin';
import { createAuthRouter } from '../routes/auth';
import { createMePartnersRouter } from '../routes/me-partners';
import { registerRoute } from '../openapi/registry';
import { createAccounts, type Accounts } from './accounts';
import { authRoutes } from './openapi-routes';
import { createAuthGuards, type AuthGuards } from './guards';
import { createAuthLimiter, TooManyAttempts } from './limits';
import { createPartnerAccess, createPartnerKeyResolver } from './partners';
import { setPartnerAccess } from './subject';

export interface AccountsApi {
  /** Mount at /api/v1: /auth/*, /me/partners, /admin/*. */
  router: Router;
  /** Access tokens and partner keys: what every /api/v1 resource route authenticates with. */
  guards: AuthGuards;
  accounts: Accounts;
}

/**
 * The accounts half of the REST API. Also plugs the partner half of subjectUserId (links and
 * audit) in, so resource routes serve partners on behalf of the users who linked them.
 */
export function createAccountsApi(deps: ApiDeps | AppDeps, opts: { sms?: SmsSender } = {}): AccountsApi {
  const { config, orm, kv, logger } = deps;
  const guards = createAuthGuards(config.auth.jwtSecret, createPartnerKeyResolver(orm));
  const accounts = createAccounts({
    orm,
    kv,
    jwtSecret: config.auth.jwtSecret,
    keyRing: new KeyRing(config.encryptionKeys),
    limiter: createAuthLimiter(kv),
    sms: opts.sms ?? withServices(deps).services.sms,
    logger,
  });
  setPartnerAccess(createPartnerAccess(orm));
  // The same zod schemas the routes validate with, in GET /openapi.json.
  for (const route of authRoutes) registerRoute(route);

  const router = Router();
  router.use(['/auth', '/me/partners', '/admin'], express.json({ limit: '100kb' }));
  router.use(createAuthRouter(accounts, guards));
  router.use(createMePartnersRouter(orm, guards));
  router.use(createAdminRouter(orm, guards));
  // 429s say when to come back; the app's problem handler writes the body.
  const retryAfter: ErrorRequestHandler = (err, _req, res, next) => {
    if (err instanceof TooManyAttempts) res.set('Retry-After', String(err.retryAfterSeconds));
    next(err);
  };
  router.use(retryAfter);
  return { router, guards, accounts };
}
