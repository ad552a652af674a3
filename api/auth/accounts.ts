import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import type { EntityManager } from '@mikro-orm/core';
import type { KeyValueStore } from '../../services/infra/kv';
import type { Logger } from '../../services/infra/logger';
import type { SendSmsResult, SmsSender } from '../../services/sms';
import { type KeyRing } from '../../schemas/keyring';
import type { Orm } from '../../schemas/db';
import { findUserByPhone, RecoveryCode, RefreshToken, User } from '../../schemas/entities';
import { HttpProblem } from '../problem';
import type { AuthLimiter } from './limits';
import { ACCESS_TOKEN_TTL_SECONDS, JWT_ISSUER, signAccessToken } from './tokens';
import {
  dummyPasswordHash,
  hashPassword,
  hmac,
  needsRehash,
  normalizeRecoveryCode,
  randomDigits,
  randomToken,
  recoveryCode,
  safeEqualHex,
  sha256,
  verifyPassword,
} from './secrets';

export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
export const MFA_TOKEN_TTL_SECONDS = 5 * 60;
export const SMS_CODE_TTL_SECONDS = 5 * 60;
export const RECOVERY_CODE_COUNT = 10;
/** Its own audience: an MFA token is never accepted as an access token (and vice versa). */
const MFA_AUDIENCE = 'assistant-tdah-mfa';
const TOTP_ISSUER = 'Assistant TDAH';
/** One 30-s step either side: phone clocks drift. */
const TOTP_TOLERANCE_SECONDS = 30;

/** The RFC 6238 time step a TOTP code matched, or null when it did not match. */
async function matchTotp(secret: string, code: string, afterTimeStep: number | null): Promise<number | null> {
  const result = await verifyTotp({
    secret,
    token: code,
    epochTolerance: TOTP_TOLERANCE_SECONDS,
    ...(afterTimeStep !== null ? { afterTimeStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}
export type LoginResult = TokenPair | { mfaRequired: true; mfaToken: string; expiresIn: number };

export interface AccountsDeps {
  orm: Orm;
  kv: KeyValueStore;
  jwtSecret: string;
  keyRing: KeyRing;
  limiter: AuthLimiter;
  /** The process's one SMS sender (services/sms.ts): sign-in codes are paced and sent once, like every text. */
  sms: SmsSender;
  logger: Logger;
}

const unauthorized = (detail: string) => new HttpProblem(401, 'Unauthorized', detail);
const totpAad = (userId: string) => `users.totp_secret:${userId}`;

/** Logins, sessions (rotating refresh tokens) and MFA. Every secret is stored hashed or encrypted. */
export function createAccounts(deps: AccountsDeps) {
  const { orm, kv, jwtSecret, keyRing, limiter, logger } = deps;
  // Computed once up front, so the first unknown-phone login costs what any other login costs.
  void dummyPasswordHash();

  async function issueSession(em: EntityManager, user: User, familyId: string = randomUUID()): Promise<TokenPair> {
    const refreshToken = `rt_${randomToken(32)}`;
    em.persist(
      new RefreshToken({
        user: em.getReference(User, user.id) as never,
        tokenHash: sha256(refreshToken),
        familyId,
        expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000),
      }),
    );
    await em.flush();
    return {
      accessToken: signAccessToken(jwtSecret, user.id, user.role),
      refreshToken,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      tokenType: 'Bearer',
    };
  }

  async function revokeFamily(em: EntityManager, familyId: string): Promise<void> {
    await em.nativeUpdate(RefreshToken, { familyId, revokedAt: null }, { revokedAt: new Date() });
  }

  function mfaToken(userId: string): string {
    return jwt.sign({ typ: 'mfa' }, jwtSecret, {
      algorithm: 'HS256',
      subject: userId,
      audience: MFA_AUDIENCE,
      issuer: JWT_ISSUER,
      expiresIn: MFA_TOKEN_TTL_SECONDS,
      jwtid: randomUUID(),
    });
  }

  /** The user an MFA token was issued for; 401 when expired, forged, of another kind, or already used. */
  async function readMfaToken(token: string): Promise<{ userId: string; jti: string; exp: number }> {
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, jwtSecret, { algorithms: ['HS256'], audience: MFA_AUDIENCE, issuer: JWT_ISSUER }) as jwt.JwtPayload;
    } catch {
      throw unauthorized('The MFA token is invalid or expired; sign in again.');
    }
    if (claims.typ !== 'mfa' || !claims.sub || !claims.jti || !claims.exp) throw unauthorized('The MFA token is invalid.');
    if (await kv.getValue(`auth:mfa-used:${claims.jti}`)) throw unauthorized('The MFA token was already used; sign in again.');
    return { userId: claims.sub, jti: claims.jti, exp: claims.exp };
  }

  async function loadUser(em: EntityManager, id: string, secrets: ('passwordHash' | 'totpSecret')[] = []): Promise<User | null> {
    return em.findOne(User, { id }, { populate: secrets });
  }

  const smsKey = (userId: string) => `auth:mfa-sms:${userId}`;
  const smsHash = (userId: string, code: string) => hmac(jwtSecret, `${userId}:${code}`);

  return {
    issueSession,

    async login(phone: string, password: string, ip: string): Promise<LoginResult> {
      await limiter.check('loginPerIp', ip);
      await limiter.check('loginPerPhone', phone);
      const em = orm.em.fork();
      const user = await findUserByPhone(em, phone, { populate: ['passwordHash'] });
      // Unknown phone, no password yet, or wrong password: the same work and the same answer.
      const stored = user?.passwordHash ?? (await dummyPasswordHash());
      const ok = (await verifyPassword(password, stored)) && Boolean(user?.passwordHash);
      if (!ok || !user) {
        await limiter.hit('loginPerIp', ip);
        await limiter.hit('loginPerPhone', phone);
        throw unauthorized('Wrong phone number or password.');
      }
      await limiter.reset('loginPerPhone', phone);
      if (needsRehash(stored)) {
        user.passwordHash = await hashPassword(password);
        await em.flush();
      }
      if (user.mfaEnabled) return { mfaRequired: true, mfaToken: mfaToken(user.id), expiresIn: MFA_TOKEN_TTL_SECONDS };
      return issueSession(em, user);
    },

    /** Rotation: the presented token is spent and a new one of the same family returned. A spent or revoked token revokes the family. */
    async refresh(token: string): Promise<TokenPair> {
      const em = orm.em.fork();
      const row = await em.findOne(RefreshToken, { tokenHash: sha256(token) });
      if (!row) throw unauthorized('Unknown refresh token.');
      if (row.usedAt || row.revokedAt) {
        await revokeFamily(em, row.familyId);
        logger.warn('refresh token reused: session family revoked', { userId: row.user.id, familyId: row.familyId });
        throw unauthorized('This refresh token was already used; the session is revoked. Sign in again.');
      }
      if (row.expiresAt.getTime() <= Date.now()) throw unauthorized('The refresh token expired; sign in again.');
      // Conditional update: of two concurrent refreshes with the same token, exactly one wins.
      const spent = await em.nativeUpdate(RefreshToken, { id: row.id, usedAt: null, revokedAt: null }, { usedAt: new Date() });
      if (spent !== 1) {
        await revokeFamily(em, row.familyId);
        throw unauthorized('This refresh token was already used; the session is revoked. Sign in again.');
      }
      const user = await loadUser(em, row.user.id);
      if (!user) throw unauthorized('Unknown refresh token.');
      // The new access token carries the user's role as it is now.
      return issueSession(em, user, row.familyId);
    },

    /** Revokes the session (the token's whole family). Unknown tokens are ignored: logout is idempotent. */
    async logout(token: string): Promise<void> {
      const em = orm.em.fork();
      const row = await em.findOne(RefreshToken, { tokenHash: sha256(token) });
      if (row) await revokeFamily(em, row.familyId);
    },

    async enrollTotp(userId: string): Promise<{ secret: string; otpauthUrl: string }> {
      const em = orm.em.fork();
      const user = await loadUser(em, userId);
      if (!user) throw unauthorized('Unknown user.');
      if (user.mfaEnabled) throw new HttpProblem(409, 'Conflict', 'Two-factor authentication is already on.');
      const secret = generateSecret();
      user.totpSecret = keyRing.encryptText(secret, totpAad(user.id));
      await em.flush();
      return { secret, otpauthUrl: generateURI({ issuer: TOTP_ISSUER, label: user.phone, secret }) };
    },

    /** Confirms enrollment with a first code: MFA on, and the recovery codes, shown this once. */
    async verifyTotp(userId: string, code: string): Promise<{ mfaEnabled: true; recoveryCodes: string[] }> {
      await limiter.check('mfaPerUser', userId);
      const em = orm.em.fork();
      const user = await loadUser(em, userId, ['totpSecret']);
      if (!user) throw unauthorized('Unknown user.');
      if (user.mfaEnabled) throw new HttpProblem(409, 'Conflict', 'Two-factor authentication is already on.');
      if (!user.totpSecret) throw new HttpProblem(409, 'Conflict', 'Call /api/v1/auth/mfa/totp/enroll first.');
      const secret = keyRing.decryptText(user.totpSecret, totpAad(user.id));
      const step = await matchTotp(secret, code, null);
      if (step === null) {
        await limiter.hit('mfaPerUser', userId);
        throw new HttpProblem(400, 'Bad Request', 'The code does not match; check the phone clock and try the next code.', [
          { path: 'code', message: 'does not match' },
        ]);
      }
      await limiter.reset('mfaPerUser', userId);
      const codes = Array.from({ length: RECOVERY_CODE_COUNT }, recoveryCode);
      await em.transactional(async (tx) => {
        await tx.nativeDelete(RecoveryCode, { user: user.id });
        for (const c of codes) tx.persist(new RecoveryCode({ user: tx.getReference(User, user.id) as never, codeHash: sha256(c) }));
        await tx.nativeUpdate(User, { id: user.id }, { mfaEnabled: true, totpLastStep: step });
      });
      return { mfaEnabled: true, recoveryCodes: codes };
    },

    /** Second step of a login: a TOTP code, an SMS code or a recovery code. */
    async challenge(token: string, code: string): Promise<TokenPair> {
      const { userId, jti, exp } = await readMfaToken(token);
      await limiter.check('mfaPerUser', userId);
      const em = orm.em.fork();
      const user = await loadUser(em, userId, ['totpSecret']);
      if (!user || !user.mfaEnabled || !user.totpSecret) throw unauthorized('The MFA token is invalid.');
      const trimmed = code.trim();
      let ok = false;
      if (/^\d{6}$/.test(trimmed)) {
        const secret = keyRing.decryptText(user.totpSecret, totpAad(user.id));
        const step = await matchTotp(secret, trimmed, user.totpLastStep);
        if (step !== null) {
          // Replay guard that also holds across api processes: the step only moves forward.
          const moved = await em.nativeUpdate(
            User,
            { id: user.id, $or: [{ totpLastStep: null }, { totpLastStep: { $lt: step } }] },
            { totpLastStep: step },
          );
          ok = moved === 1;
        }
        if (!ok) {
          const stored = await kv.getValue(smsKey(user.id));
          if (stored && safeEqualHex(stored, smsHash(user.id, trimmed))) {
            await kv.delete(smsKey(user.id));
            ok = true;
          }
        }
      } else {
        const used = await em.nativeUpdate(
          RecoveryCode,
          { user: user.id, codeHash: sha256(normalizeRecoveryCode(trimmed)), usedAt: null },
          { usedAt: new Date() },
        );
        ok = used === 1;
      }
      if (!ok) {
        await limiter.hit('mfaPerUser', userId);
        throw unauthorized('Wrong code.');
      }
      const ttl = Math.max(1, exp - Math.floor(Date.now() / 1000));
      if (!(await kv.setIfAbsent(`auth:mfa-used:${jti}`, ttl))) throw unauthorized('The MFA token was already used; sign in again.');
      await limiter.reset('mfaPerUser', userId);
      return issueSession(em, user);
    },

    /**
     * Texts a 6-digit code from the person's assistant number, through the SMS sender (paced with
     * every other text of that number) but never through Temporal, and never kept: the message row
     * only lives while the send is in flight (a secret send), and only the code's keyed hash is
     * stored. Each code is its own send (`mfa:<challenge id>`): asking again texts a new code.
     */
    async sendSmsCode(token: string): Promise<{ sent: true; expiresIn: number }> {
      const { userId } = await readMfaToken(token);
      const em = orm.em.fork();
      const user = await loadUser(em, userId);
      if (!user || !user.mfaEnabled) throw unauthorized('The MFA token is invalid.');
      if (user.status !== 'active') {
        throw new HttpProblem(409, 'Conflict', 'This number opted out of SMS (STOP); use the authenticator app or a recovery code.');
      }
      await limiter.hit('smsPerUser', userId);
      const code = randomDigits(6);
      await kv.setValue(smsKey(user.id), smsHash(user.id, code), SMS_CODE_TTL_SECONDS);
      const body =
        user.language === 'en'
          ? `Your sign-in code: ${code}. It expires in 5 minutes. Never share it.`
          : `Ton code de connexion : ${code}. Il expire dans 5 minutes. Ne le partage jamais.`;
      const failed = async (error: unknown) => {
        await kv.delete(smsKey(user.id));
        logger.error('sign-in code SMS failed', { userId: user.id, error });
        return new HttpProblem(503, 'Service Unavailable', 'The code could not be texted; try again or use another method.');
      };
      // One challenge per code texted: its send is never retried under another code's key.
      const challengeId = randomUUID();
      let sent: SendSmsResult;
      try {
        sent = await deps.sms.send({ userId: user.id, body, idempotencyKey: `mfa:${challengeId}`, kind: 'system', secret: true });
      } catch (err) {
        throw await failed((err as { code?: unknown }).code ?? (err as Error).name);
      }
      if (sent.status === 'skipped') {
        if (sent.reason === 'opted_out') {
          await kv.delete(smsKey(user.id));
          throw new HttpProblem(409, 'Conflict', 'This number opted out of SMS (STOP); use the authenticator app or a recovery code.');
        }
        throw await failed(sent.reason);
      }
      return { sent: true, expiresIn: SMS_CODE_TTL_SECONDS };
    },

    /** Operator helpers (CLI). */
    async setPassword(userId: string, password: string): Promise<void> {
      await orm.em.fork().nativeUpdate(User, { id: userId }, { passwordHash: await hashPassword(password) });
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
