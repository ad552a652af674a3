import { expect } from 'chai';
import { Redis } from 'ioredis';
import jwt from 'jsonwebtoken';
import { generate } from 'otplib';
import { createPartner } from '../../api/auth/partners';
import { RecoveryCode, User } from '../../schemas/entities';
import { addAccount, client, expectProblem } from '../helpers/auth';
import { DB_KINDS } from '../helpers/databases';
import { startStack, type Stack } from '../helpers/stack';

interface Pair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}
interface MfaStep {
  mfaRequired: true;
  mfaToken: string;
  accessToken?: string;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

for (const db of DB_KINDS) {
  describe(`accounts: TOTP enrollment, MFA challenge, SMS backup code, recovery codes (${db})`, function () {
    this.timeout(120_000);
    let stack: Stack;
    let call: ReturnType<typeof client>;

    before(async () => {
      stack = await startStack({ db });
      call = client(stack);
    });
    after(async () => {
      await stack?.close();
    });

    const login = (phone: string, password: string) => call<Pair & MfaStep>('POST', '/api/v1/auth/login', { body: { phone, password } });

    /** A user with MFA on: returns the TOTP secret, the recovery codes and the step the enrollment code used. */
    async function mfaUser(opts: { language?: 'fr' | 'en' } = {}) {
      const user = await addAccount(stack, opts);
      const { accessToken } = (await login(user.phone, user.password)).body;
      const enroll = await call<{ secret: string; otpauthUrl: string }>('POST', '/api/v1/auth/mfa/totp/enroll', { token: accessToken });
      expect(enroll.status).to.equal(200);
      const { secret } = enroll.body;
      const verify = await call<{ mfaEnabled: boolean; recoveryCodes: string[] }>('POST', '/api/v1/auth/mfa/totp/verify', {
        token: accessToken,
        body: { code: await generate({ secret }) },
      });
      expect(verify.status, JSON.stringify(verify.body)).to.equal(200);
      return { user, secret, accessToken, recoveryCodes: verify.body.recoveryCodes };
    }

    async function mfaToken(user: { phone: string; password: string }): Promise<string> {
      const res = await login(user.phone, user.password);
      expect(res.status).to.equal(200);
      expect(res.body.mfaRequired).to.equal(true);
      expect(res.body).not.to.have.property('accessToken');
      return res.body.mfaToken;
    }

    it('enrolls an authenticator app: secret and otpauth URL, stored encrypted, MFA off until a code is verified', async () => {
      const user = await addAccount(stack);
      const { accessToken } = (await login(user.phone, user.password)).body;
      expectProblem(await call('POST', '/api/v1/auth/mfa/totp/enroll'), 401);
      const res = await call<{ secret: string; otpauthUrl: string }>('POST', '/api/v1/auth/mfa/totp/enroll', { token: accessToken });
      expect(res.status).to.equal(200);
      expect(res.body.secret).to.match(/^[A-Z2-7]{32}$/);
      const url = new URL(res.body.otpauthUrl);
      expect(url.protocol).to.equal('otpauth:');
      expect(url.searchParams.get('secret')).to.equal(res.body.secret);
      expect(url.searchParams.get('issuer')).to.equal('Assistant TDAH');
      const stored = await stack.orm.em.fork().findOneOrFail(User, { id: user.id }, { populate: ['totpSecret'] });
      expect(stored.totpSecret).to.match(/^enc:v1:/).and.not.include(res.body.secret);
      expect(stored.mfaEnabled).to.equal(false);
      // Still a one-step login until verified.
      expect((await login(user.phone, user.password)).body).to.have.property('accessToken');

      const wrong = await call('POST', '/api/v1/auth/mfa/totp/verify', { token: accessToken, body: { code: '000000' } });
      expectProblem(wrong, 400);
      expectProblem(await call('POST', '/api/v1/auth/mfa/totp/verify', { token: accessToken, body: { code: 'abc' } }), 400);
      const ok = await call<{ mfaEnabled: boolean; recoveryCodes: string[] }>('POST', '/api/v1/auth/mfa/totp/verify', {
        token: accessToken,
        body: { code: await generate({ secret: res.body.secret }) },
      });
      expect(ok.status).to.equal(200);
      expect(ok.body.mfaEnabled).to.equal(true);
      expect(ok.body.recoveryCodes).to.have.length(10);
      expect(new Set(ok.body.recoveryCodes).size).to.equal(10);
      for (const c of ok.body.recoveryCodes) expect(c).to.match(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      const rows = await stack.orm.em.fork().find(RecoveryCode, { user: user.id });
      expect(rows.map((r) => r.codeHash)).to.have.length(10).and.not.include.members(ok.body.recoveryCodes);
      expectProblem(await call('POST', '/api/v1/auth/mfa/totp/enroll', { token: accessToken }), 409);
    });

    it('partners cannot enroll MFA for anyone', async () => {
      const { key } = await createPartner(stack.orm.em.fork(), 'Enroller', ['users:read']);
      expectProblem(await call('POST', '/api/v1/auth/mfa/totp/enroll', { token: key }), 403);
    });

    it('asks for a second factor at login and accepts the next TOTP code once (no replay)', async () => {
      const { user, secret } = await mfaUser();
      const token = await mfaToken(user);
      expectProblem(await call('POST', '/api/v1/auth/mfa/challenge', { body: { mfaToken: token, code: '123456' } }), 401);
      // The enrollment used the current step: the next step's code (30 s ahead is within tolerance) is fresh.
      const code = await generate({ secret, epoch: nowSeconds() + 30 });
      const res = await call<Pair>('POST', '/api/v1/auth/mfa/challenge', { body: { mfaToken: token, code } });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect((jwt.decode(res.body.accessToken) as jwt.JwtPayload).sub).to.equal(user.id);
      expect((await call('GET', '/api/v1/me/partners', { token: res.body.accessToken })).status).to.equal(200);
      expect((await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: res.body.refreshToken } })).status).to.equal(200);

      // The MFA token is single-use, and the same TOTP code does not open a second session.
      expectProblem(await call('POST', '/api/v1/auth/mfa/challenge', { body: { mfaToken: token, code } }), 401);
      const again = await mfaToken(user);
      expectProblem(await call('POST', '/api/v1/auth/mfa/challenge', { body: { mfaToken: again, code } }), 401);
    });

    it('refuses expired, forged and access tokens in place of an MFA token', async () => {
      const { user, secret, accessToken } = await mfaUser();
      const code = await generate({ secret, epoch: nowSeconds() + 30 });
      const secretKey = stack.config.auth.jwtSecret;
      const expired = jwt.sign({ typ: 'mfa' }, secretKey, { subject: user.id, audience: 'assistant-tdah-mfa', issuer: 'assistant-tdah', expiresIn: -10, jwtid: 'x1' });
      const forged = jwt.sign({ typ: 'mfa' }, 'q'.repeat(40), { subject: user.id, audience: 'assistant-tdah-mfa', issuer: 'assistant-tdah', expiresIn: 300, jwtid: 'x2' });
      for (const t of [expired, forged, accessToken, 'garbage']) {
        expectProblem(await call('POST', '/api/v1/auth/mfa/challenge', { body: { mfaToken: t, code } }), 401);
        expectProblem(await call('POST', '/api/v1/auth/mfa/sms', { body: { mfaToken: t } }), 401);
      }
    });

    it('texts a 6-digit code from the assistant number that works once, within its 5 minutes', async () => {
      const { user } = await mfaUser({ language: 'en' });
      const token = await mfaToken(user);
      const sent = await call('POST', '/api/v1/auth/mfa/sms', { body: { mfaToken: token } });
      expect(sent.status).to.equal(202);
      expect(sent.body).to.deep.equal({ sent: true, expiresIn: 300 });
      const [sms] = await stack.twilio.waitForMessages(1, { to: user.phone });
      expect(sms!.from).to.equal(user.assistantNumber);
      expect(sms!.body).to.match(/^Your sign-in code: \d{6}\. It expires in 5 minutes\./);
      const code = /(\d{6})/.exec(sms!.body)![1]!;
      // The code is not kept as a message row (it is a secret) and only its keyed hash is stored.
      expect(await stack.messages(user.id)).to.have.length(0);
      if (db === 'postgres') {
        const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
        try {
          const keys = await redis.keys(`*auth:mfa-sms:${user.id}`);
          expect(keys).to.have.length(1);
          const value = await redis.get(keys[0]!);
          expect(value).to.match(/^[0-9a-f]{64}$/).and.not.include(code);
          const ttl = await redis.ttl(keys[0]!);
          expect(ttl).to.be.greaterThan(280).and.at.most(300);
        } finally {
          await redis.quit();
        }
      }
      const res = await call<Pair>('POST', '/api/v1/auth/mfa/challenge', { body: { mfaToken: token, code } });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      const next = await mfaToken(user);
      expectProblem(await call('POST', '/api/v1/auth/mfa/challenge', { body: { mfaToken: next, code } }), 401);
    });

    it('limits SMS codes to 3 per 15 minutes: 429 with Retry-After', async () => {
      const { user } = await mfaUser();
      const token = await mfaToken(user);
      for (let i = 0; i < 3; i++) expect((await call('POST', '/api/v1/auth/mfa/sms', { body: { mfaToken: token } })).status).to.equal(202);
      const limited = await call('POST', '/api/v1/auth/mfa/sms', { body: { mfaToken: token } });
      expectProblem(limited, 429);
      expect(Number(limited.headers.get('retry-after'))).to.be.greaterThan(0);
      await stack.twilio.waitForMessages(3, { to: user.phone });
      expect(stack.twilio.messages.filter((m) => m.to === user.phone)).to.have.length(3);
      // Only the last code sent is valid.
      const codes = stack.twilio.messages.filter((m) => m.to === user.phone).map((m) => /(\d{6})/.exec(m.body)![1]!);
      const last = codes[2]!;
      for (const old of codes.slice(0, 2)) {
        if (old !== last) expectProblem(await call('POST', '/api/v1/auth/mfa/challenge', { body: { mfaToken: token, code: old } }), 401);
      }
      expect((await call('POST', '/api/v1/auth/mfa/challenge', { body: { mfaToken: token, code: last } })).status).to.equal(200);
    });

    it('accepts each recovery code once, typed loosely', async () => {
      const { user, recoveryCodes } = await mfaUser();
      const [first, second] = recoveryCodes as [string, string];
      const t1 = await mfaToken(user);
      expect((await call('POST', '/api/v1/auth/mfa/challenge', { body: { mfaToken: t1, code: first } })).status).to.equal(200);
      const t2 = await mfaToken(user);
      expectProblem(await call('POST', '/api/v1/auth/mfa/challenge', { body: { mfaToken: t2, code: first } }), 401);
      const loose = second.toLowerCase().replace(/-/g, ' ');
      expect((await call('POST', '/api/v1/auth/mfa/challenge', { body: { mfaToken: t2, code: loose } })).status).to.equal(200);
      const used = await stack.orm.em.fork().count(RecoveryCode, { user: user.id, usedAt: { $ne: null } });
      expect(used).to.equal(2);
    });

    it('locks the second step after 5 wrong codes: 429 with Retry-After, even for a right code', async () => {
      const { user, recoveryCodes } = await mfaUser();
      const token = await mfaToken(user);
      for (let i = 0; i < 5; i++) {
        expectProblem(await call('POST', '/api/v1/auth/mfa/challenge', { body: { mfaToken: token, code: `00000${i}` } }), 401);
      }
      const limited = await call('POST', '/api/v1/auth/mfa/challenge', { body: { mfaToken: token, code: recoveryCodes[0] } });
      expectProblem(limited, 429);
      expect(Number(limited.headers.get('retry-after'))).to.be.greaterThan(800).and.at.most(900);
      // The recovery code was not spent by the refused attempt.
      expect(await stack.orm.em.fork().count(RecoveryCode, { user: user.id, usedAt: { $ne: null } })).to.equal(0);
    });
  });
}
