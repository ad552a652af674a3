import { Router } from 'express';
import type { Accounts } from '../auth/accounts';
import type { AuthGuards } from '../auth/guards';
import { userIdOf } from '../auth/principal';
import { LoginRequest, LogoutRequest, MfaChallengeRequest, MfaSmsRequest, RefreshRequest, TotpVerifyRequest } from '../auth/schemas';
import { parseOr400 } from '../auth/validate';

/** /api/v1/auth: login, refresh, logout, TOTP enrollment and the MFA second step (docs/auth.md). */
export function createAuthRouter(accounts: Accounts, guards: AuthGuards): Router {
  const router = Router();
  // Tokens must never be cached by a browser or a proxy.
  router.use('/auth', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.post('/auth/login', async (req, res) => {
    const { phone, password } = parseOr400(LoginRequest, req.body);
    res.json(await accounts.login(phone, password, req.ip ?? 'unknown'));
  });

  router.post('/auth/refresh', async (req, res) => {
    const { refreshToken } = parseOr400(RefreshRequest, req.body);
    res.json(await accounts.refresh(refreshToken));
  });

  router.post('/auth/logout', async (req, res) => {
    const { refreshToken } = parseOr400(LogoutRequest, req.body);
    await accounts.logout(refreshToken);
    res.status(204).end();
  });

  router.post('/auth/mfa/totp/enroll', guards.authenticate, async (req, res) => {
    res.json(await accounts.enrollTotp(userIdOf(req)));
  });

  // 200 with a body rather than 204: the recovery codes are shown here and never again.
  router.post('/auth/mfa/totp/verify', guards.authenticate, async (req, res) => {
    const userId = userIdOf(req);
    const { code } = parseOr400(TotpVerifyRequest, req.body);
    res.json(await accounts.verifyTotp(userId, code));
  });

  router.post('/auth/mfa/challenge', async (req, res) => {
    const { mfaToken, code } = parseOr400(MfaChallengeRequest, req.body);
    res.json(await accounts.challenge(mfaToken, code));
  });

  router.post('/auth/mfa/sms', async (req, res) => {
    const { mfaToken } = parseOr400(MfaSmsRequest, req.body);
    res.status(202).json(await accounts.sendSmsCode(mfaToken));
  });

  return router;
}
