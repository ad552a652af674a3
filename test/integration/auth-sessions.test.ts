import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { signAccessToken } from '../../api/auth/tokens';
import { RefreshToken, User } from '../../schemas/entities';
import { addAccount, client, expectProblem } from '../helpers/auth';
import { DB_KINDS } from '../helpers/databases';
import { startStack, type Stack } from '../helpers/stack';

interface Pair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

for (const db of DB_KINDS) {
  describe(`accounts: login, refresh rotation, logout, bad tokens (${db})`, function () {
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

    const login = (phone: string, password: string) => call<Pair>('POST', '/api/v1/auth/login', { body: { phone, password } });

    it('logs in with phone and password and the access token opens the API', async () => {
      const user = await addAccount(stack);
      const res = await login(user.phone, user.password);
      expect(res.status).to.equal(200);
      expect(res.body).to.include.keys('accessToken', 'refreshToken', 'expiresIn');
      expect(res.body.expiresIn).to.equal(900);
      expect(res.body).not.to.have.property('mfaRequired');
      expect(res.headers.get('cache-control')).to.equal('no-store');
      const claims = jwt.decode(res.body.accessToken) as jwt.JwtPayload;
      expect(claims.sub).to.equal(user.id);
      expect(claims.role).to.equal('user');
      expect(claims.exp! - claims.iat!).to.equal(900);
      const me = await call('GET', '/api/v1/me/partners', { token: res.body.accessToken });
      expect(me.status).to.equal(200);
      expect(me.body).to.deep.equal({ items: [] });
      // Only hashes reach the database.
      const rows = await stack.orm.em.fork().find(RefreshToken, { user: user.id });
      expect(rows).to.have.length(1);
      expect(rows[0]!.tokenHash).to.match(/^[0-9a-f]{64}$/).and.not.equal(res.body.refreshToken);
      const stored = await stack.orm.em.fork().findOneOrFail(User, { id: user.id }, { populate: ['passwordHash'] });
      expect(stored.passwordHash).to.match(/^scrypt\$32768\$8\$1\$/).and.not.include(user.password);
    });

    it('answers a wrong password, an unknown phone and an account without password alike: 401', async () => {
      const user = await addAccount(stack);
      const passwordless = await stack.addUser();
      const answers = [
        await login(user.phone, 'wrong password!'),
        await login('+15149990000', 'whatever-password'),
        await login(passwordless.phone, 'whatever-password'),
      ];
      for (const res of answers) expectProblem(res, 401);
      expect(new Set(answers.map((r) => JSON.stringify(r.body))).size).to.equal(1);
    });

    it('rejects bad bodies with 400 problem+json naming the fields, malformed JSON with 400 and big bodies with 413', async () => {
      const missing = await call('POST', '/api/v1/auth/login', { body: { phone: 'nope' } });
      expectProblem(missing, 400);
      const paths = (missing.body.errors as { path: string }[]).map((e) => e.path).sort();
      expect(paths).to.deep.equal(['password', 'phone']);
      const extra = await call('POST', '/api/v1/auth/login', { body: { phone: '+15145550100', password: 'x', admin: true } });
      expectProblem(extra, 400);
      expectProblem(await call('POST', '/api/v1/auth/login', { raw: '{"phone": "+1514' }), 400);
      expectProblem(await call('POST', '/api/v1/auth/login', { raw: 'null' }), 400);
      expectProblem(await call('POST', '/api/v1/auth/refresh', { raw: '[]' }), 400);
      expectProblem(await call('POST', '/api/v1/auth/login', { raw: 'phone=x', headers: { 'content-type': 'text/plain' } }), 400);
      expectProblem(await call('POST', '/api/v1/auth/login', { body: { phone: '+15145550100', password: 'x'.repeat(110_000) } }), 413);
    });

    it('rotates refresh tokens and revokes the whole family when an old one comes back', async () => {
      const user = await addAccount(stack);
      const first = (await login(user.phone, user.password)).body;
      const second = await call<Pair>('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
      expect(second.status).to.equal(200);
      expect(second.body.refreshToken).not.to.equal(first.refreshToken);
      expect((jwt.decode(second.body.accessToken) as jwt.JwtPayload).sub).to.equal(user.id);
      const third = await call<Pair>('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.body.refreshToken } });
      expect(third.status).to.equal(200);

      // The first token again: someone replayed a stolen token. Everything in the family dies.
      expectProblem(await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } }), 401);
      expectProblem(await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: third.body.refreshToken } }), 401);
      const rows = await stack.orm.em.fork().find(RefreshToken, { user: user.id });
      expect(rows).to.have.length(3);
      expect(new Set(rows.map((r) => r.familyId)).size).to.equal(1);
      expect(rows.every((r) => r.revokedAt !== null)).to.equal(true);

      // A separate login is a separate family and still works.
      const other = (await login(user.phone, user.password)).body;
      expect((await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: other.refreshToken } })).status).to.equal(200);
    });

    it('lets exactly one of two concurrent refreshes with the same token win', async () => {
      const user = await addAccount(stack);
      const pair = (await login(user.phone, user.password)).body;
      const results = await Promise.all([1, 2, 3].map(() => call('POST', '/api/v1/auth/refresh', { body: { refreshToken: pair.refreshToken } })));
      expect(results.filter((r) => r.status === 200)).to.have.length(1);
      expect(results.filter((r) => r.status === 401)).to.have.length(2);
    });

    it('refuses an expired refresh token and an unknown one', async () => {
      const user = await addAccount(stack);
      const pair = (await login(user.phone, user.password)).body;
      await stack.orm.em.fork().nativeUpdate(RefreshToken, { user: user.id }, { expiresAt: new Date(Date.now() - 1000) });
      expectProblem(await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: pair.refreshToken } }), 401);
      expectProblem(await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'rt_made-up' } }), 401);
    });

    it('carries the current role into the next access token', async () => {
      const user = await addAccount(stack);
      const pair = (await login(user.phone, user.password)).body;
      expectProblem(await call('GET', '/api/v1/admin/users', { token: pair.accessToken }), 403);
      await stack.orm.em.fork().nativeUpdate(User, { id: user.id }, { role: 'admin' });
      const next = (await call<Pair>('POST', '/api/v1/auth/refresh', { body: { refreshToken: pair.refreshToken } })).body;
      expect((jwt.decode(next.accessToken) as jwt.JwtPayload).role).to.equal('admin');
      expect((await call('GET', '/api/v1/admin/users', { token: next.accessToken })).status).to.equal(200);
    });

    it('logs out: the session family is revoked, and logging out twice is harmless', async () => {
      const user = await addAccount(stack);
      const pair = (await login(user.phone, user.password)).body;
      const rotated = (await call<Pair>('POST', '/api/v1/auth/refresh', { body: { refreshToken: pair.refreshToken } })).body;
      const out = await call('POST', '/api/v1/auth/logout', { body: { refreshToken: rotated.refreshToken } });
      expect(out.status).to.equal(204);
      expectProblem(await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: rotated.refreshToken } }), 401);
      expect((await call('POST', '/api/v1/auth/logout', { body: { refreshToken: rotated.refreshToken } })).status).to.equal(204);
      expect((await call('POST', '/api/v1/auth/logout', { body: { refreshToken: 'rt_unknown' } })).status).to.equal(204);
    });

    it('answers 401 to missing, expired, tampered, foreign, alg:none and non-access tokens', async () => {
      const user = await addAccount(stack);
      const secret = stack.config.auth.jwtSecret;
      const good = signAccessToken(secret, user.id, 'user');
      const [h, p, s] = good.split('.') as [string, string, string];
      const promoted = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'admin' })).toString('base64url');
      const none = jwt.sign({ sub: user.id, role: 'admin', typ: 'access' }, '', {
        algorithm: 'none',
        issuer: 'assistant-tdah',
        audience: 'assistant-tdah-api',
        expiresIn: 900,
      });
      const mfaLike = jwt.sign({ typ: 'mfa' }, secret, { subject: user.id, audience: 'assistant-tdah-mfa', issuer: 'assistant-tdah', expiresIn: 300 });
      const hs512 = jwt.sign({ sub: user.id, role: 'user', typ: 'access' }, secret, { algorithm: 'HS512', issuer: 'assistant-tdah', audience: 'assistant-tdah-api', expiresIn: 900 });
      const bad: (string | undefined)[] = [
        undefined,
        signAccessToken(secret, user.id, 'user', -5),
        `${h}.${promoted}.${s}`,
        signAccessToken('z'.repeat(48), user.id, 'admin'),
        none,
        mfaLike,
        hs512,
        'pk_not-a-real-key',
        (await login(user.phone, user.password)).body.refreshToken,
      ];
      for (const token of bad) {
        for (const path of ['/api/v1/me/partners', '/api/v1/admin/users', '/api/v1/admin/audit']) {
          expectProblem(await call('GET', path, token ? { token } : {}), 401);
        }
      }
      expectProblem(await call('POST', '/api/v1/auth/mfa/totp/enroll', { token: none }), 401);
      expect((await call('GET', '/api/v1/me/partners', { token: good })).status).to.equal(200);
    });

    it('slows password guessing per phone: 429 with Retry-After, even for the right password', async () => {
      const user = await addAccount(stack);
      for (let i = 0; i < 10; i++) expectProblem(await login(user.phone, `guess-${i}-wrong`), 401);
      const limited = await login(user.phone, user.password);
      expectProblem(limited, 429);
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).to.be.greaterThan(0).and.at.most(900);
      // Other people are not locked out by it.
      const other = await addAccount(stack);
      expect((await login(other.phone, other.password)).status).to.equal(200);
    });

    it('resets the failure count after a successful login', async () => {
      const user = await addAccount(stack);
      for (let i = 0; i < 9; i++) expectProblem(await login(user.phone, `guess-${i}-wrong`), 401);
      expect((await login(user.phone, user.password)).status).to.equal(200);
      for (let i = 0; i < 9; i++) expectProblem(await login(user.phone, `again-${i}-wrong`), 401);
      expect((await login(user.phone, user.password)).status).to.equal(200);
    });
  });
}
