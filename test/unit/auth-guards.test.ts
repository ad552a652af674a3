import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { expect } from 'chai';
import express from 'express';
import jwt from 'jsonwebtoken';
import { createAuthGuards } from '../../api/auth/guards';
import { principalOf } from '../../api/auth/principal';
import { signAccessToken } from '../../api/auth/tokens';
import { problemHandler } from '../../api/problem';

const SECRET = 'x'.repeat(40);

describe('auth guards (passport-jwt)', () => {
  let server: Server;
  let base: string;

  before(async () => {
    const guards = createAuthGuards(SECRET, async (key) =>
      key === 'pk_test_ok' ? { kind: 'partner', partnerId: 'p1', scopes: ['reminders:read'] } : null,
    );
    const app = express();
    app.get('/who', guards.authenticate, (req, res) => void res.json(principalOf(req)));
    app.get('/admin', guards.authenticate, guards.requireRole('admin'), (_req, res) => void res.json({ ok: true }));
    app.get('/scoped', guards.authenticate, guards.requireScope('reminders:write'), (_req, res) => void res.json({ ok: true }));
    app.use(problemHandler(() => undefined));
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const get = (path: string, token?: string) =>
    fetch(base + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('accepts a valid access token and exposes the principal', async () => {
    const res = await get('/who', signAccessToken(SECRET, 'u1', 'user'));
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ kind: 'user', userId: 'u1', role: 'user' });
  });

  it('rejects missing, expired, tampered, foreign-secret and alg:none tokens with problem+json 401', async () => {
    const good = signAccessToken(SECRET, 'u1', 'admin');
    const [h, p] = good.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), sub: 'u2' })).toString('base64url');
    const none = jwt.sign({ sub: 'u1', role: 'admin', typ: 'access' }, '', { algorithm: 'none', issuer: 'assistant-tdah', audience: 'assistant-tdah-api' });
    const bad = [
      undefined,
      signAccessToken(SECRET, 'u1', 'user', -10),
      `${h}.${forgedPayload}.${good.split('.')[2]}`,
      signAccessToken('y'.repeat(40), 'u1', 'admin'),
      none,
      'not-a-token',
    ];
    for (const token of bad) {
      const res = await get('/who', token);
      expect(res.status, String(token)).to.equal(401);
      expect(res.headers.get('content-type')).to.match(/application\/problem\+json/);
    }
  });

  it('checks roles and partner scopes', async () => {
    expect((await get('/admin', signAccessToken(SECRET, 'u1', 'user'))).status).to.equal(403);
    expect((await get('/admin', signAccessToken(SECRET, 'u1', 'admin'))).status).to.equal(200);
    expect((await get('/who', 'pk_test_ok')).status).to.equal(200);
    expect((await get('/scoped', 'pk_test_ok')).status).to.equal(403);
    expect((await get('/scoped', 'pk_test_unknown')).status).to.equal(401);
  });
});
