import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import express from 'express';
import jwt from 'jsonwebtoken';
import { generate } from 'otplib';
import { createMemoryStore } from '../../services/infra/kv';
import { createLogger } from '../../services/infra/logger';
import { createAccountsApi } from '../../api/auth/module';
import { subjectUserId } from '../../api/auth/subject';
import { problemHandler } from '../../api/problem';
import { Partner, PartnerAuditEntry, User } from '../../schemas/entities';
import { addAccount, client, expectProblem } from '../helpers/auth';
import { DB_KINDS } from '../helpers/databases';
import { startStack, testNumber, type Stack } from '../helpers/stack';

const ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);

interface Pair {
  accessToken: string;
  refreshToken: string;
}

for (const db of DB_KINDS) {
  describe(`accounts: partner keys, links, scopes, audit; admin routes; operator CLI (${db})`, function () {
    this.timeout(180_000);
    let stack: Stack;
    let call: ReturnType<typeof client>;
    let probe: Server;
    let probeCall: ReturnType<typeof client>;

    /** The operator CLI against the stack's database, as an operator runs it. */
    async function admin(...args: string[]): Promise<unknown> {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'cli/admin.ts', ...args, '--json'], {
        cwd: ROOT,
        env: { ...process.env, ...stack.env },
      });
      return JSON.parse(stdout);
    }

    before(async () => {
      stack = await startStack({ db });
      call = client(stack);
      // A resource route the way the resource routers write them (subjectUserId is all they call),
      // on the same database, with this module's guards and partner access.
      const { guards } = createAccountsApi({
        config: stack.config,
        orm: stack.orm,
        kv: createMemoryStore(),
        temporal: stack.temporal,
        logger: createLogger({ level: 'error', json: true, service: 'test' }),
      });
      const app = express();
      app.get('/probe/:scope', guards.authenticate, async (req, res) => {
        res.json({ userId: await subjectUserId(req, String(req.params.scope)) });
      });
      app.use(problemHandler(() => undefined));
      probe = app.listen(0, '127.0.0.1');
      await new Promise((r) => probe.once('listening', r));
      probeCall = client({ baseUrl: `http://127.0.0.1:${(probe.address() as AddressInfo).port}` });
    });
    after(async () => {
      await new Promise<void>((r) => (probe ? probe.close(() => r()) : r()));
      await stack?.close();
    });

    const login = async (user: { phone: string; password: string }) =>
      (await call<Pair>('POST', '/api/v1/auth/login', { body: { phone: user.phone, password: user.password } })).body;

    it('onboards a partner with the CLI: the key is printed once and works as a bearer credential', async () => {
      const added = (await admin('partner', 'add', '--name', 'Coach App', '--scopes', 'reminders:read,users:read')) as {
        id: string;
        key: string;
        scopes: string[];
      };
      expect(added.key).to.match(new RegExp(`^pk_${added.id}_[A-Za-z0-9_-]{43}$`));
      expect(added.scopes).to.deep.equal(['reminders:read', 'users:read']);
      const stored = await stack.orm.em.fork().findOneOrFail(Partner, { id: added.id }, { populate: ['keyHash'] });
      expect(stored.keyHash).to.match(/^[0-9a-f]{64}$/);
      expect(added.key).not.to.include(stored.keyHash);
      const list = (await admin('partner', 'list')) as { id: string; name: string; linkedUsers: number }[];
      expect(list.find((p) => p.id === added.id)).to.include({ name: 'Coach App', linkedUsers: 0 });
      expect(JSON.stringify(list)).not.to.include(added.key.slice(-43));

      const links = await call('GET', '/api/v1/partner/links', { token: added.key });
      expect(links.status).to.equal(200);
      expect(links.body).to.deep.equal({ items: [] });
      // One changed character, a made-up id, or a key for nothing: 401.
      const last = added.key.at(-1) === 'A' ? 'B' : 'A';
      for (const key of [added.key.slice(0, -1) + last, `pk_00000000-0000-4000-8000-000000000000_${added.key.slice(-43)}`, 'pk_x_y']) {
        expectProblem(await call('GET', '/api/v1/partner/links', { token: key }), 401);
      }
      const refused = await run(process.execPath, ['--import', 'tsx', 'cli/admin.ts', 'partner', 'add', '--name', 'X', '--scopes', 'reminders:delete'], {
        cwd: ROOT,
        env: { ...process.env, ...stack.env },
      }).then(() => null, (err: { code: number; stderr: string }) => err);
      expect(refused?.code).to.equal(1);
      expect(refused?.stderr).to.match(/unknown scope "reminders:delete"/);
    });

    it('lets a partner act only for users who linked it, only within its scopes, and audits every call', async () => {
      const added = (await admin('partner', 'add', '--name', 'Planner', '--scopes', 'reminders:read')) as { id: string; key: string };
      const alice = await addAccount(stack);
      const bob = await addAccount(stack);
      const aliceToken = (await login(alice)).accessToken;
      const asPartner = (scope: string, onBehalfOf?: string) =>
        probeCall('GET', `/probe/${scope}`, { token: added.key, ...(onBehalfOf ? { headers: { 'x-on-behalf-of': onBehalfOf } } : {}) });

      // Not linked yet: 404 (the partner cannot tell whether the user exists).
      expectProblem(await asPartner('reminders:read', alice.id), 404);
      expectProblem(await asPartner('reminders:read', '00000000-0000-4000-8000-000000000000'), 404);

      const linked = await call('POST', '/api/v1/me/partners', { token: aliceToken, body: { partnerId: added.id } });
      expect(linked.status).to.equal(201);
      expect(linked.body).to.include({ id: added.id, name: 'Planner' });
      expect(linked.body.scopes).to.deep.equal(['reminders:read']);
      expect((await call('POST', '/api/v1/me/partners', { token: aliceToken, body: { partnerId: added.id } })).status).to.equal(201);
      const mine = await call<{ items: { id: string }[] }>('GET', '/api/v1/me/partners', { token: aliceToken });
      expect(mine.body.items.map((p) => p.id)).to.deep.equal([added.id]);
      const theirs = await call<{ items: { userId: string }[] }>('GET', '/api/v1/partner/links', { token: added.key });
      expect(theirs.body.items.map((l) => l.userId)).to.deep.equal([alice.id]);

      const ok = await asPartner('reminders:read', alice.id);
      expect(ok.status).to.equal(200);
      expect(ok.body).to.deep.equal({ userId: alice.id });
      expectProblem(await asPartner('reminders:write', alice.id), 403);
      expectProblem(await asPartner('reminders:read', bob.id), 404);
      expectProblem(await asPartner('reminders:read'), 400);

      const audit = await stack.orm.em.fork().find(PartnerAuditEntry, { partnerId: added.id });
      expect(audit.map((a) => [a.userId, a.method, a.path, a.scope])).to.deep.equal([[alice.id, 'GET', '/probe/reminders:read', 'reminders:read']]);

      // A partner key is not a user: it cannot manage links or reach admin routes.
      expectProblem(await call('GET', '/api/v1/me/partners', { token: added.key }), 403);
      expectProblem(await call('POST', '/api/v1/me/partners', { token: added.key, body: { partnerId: added.id } }), 403);
      expectProblem(await call('GET', '/api/v1/admin/users', { token: added.key }), 403);
      expectProblem(await call('GET', '/api/v1/partner/links', { token: aliceToken }), 403);

      // Alice withdraws consent: the partner loses access at once.
      expect((await call('DELETE', `/api/v1/me/partners/${added.id}`, { token: aliceToken })).status).to.equal(204);
      expectProblem(await call('DELETE', `/api/v1/me/partners/${added.id}`, { token: aliceToken }), 404);
      expectProblem(await asPartner('reminders:read', alice.id), 404);
      expect((await call<{ items: unknown[] }>('GET', '/api/v1/me/partners', { token: aliceToken })).body.items).to.deep.equal([]);
    });

    it('validates link requests and hides unknown or revoked partners', async () => {
      const user = await addAccount(stack);
      const token = (await login(user)).accessToken;
      const bad = await call('POST', '/api/v1/me/partners', { token, body: { partnerId: 'not-a-uuid' } });
      expectProblem(bad, 400);
      expect((bad.body.errors as { path: string }[])[0]!.path).to.equal('partnerId');
      expectProblem(await call('POST', '/api/v1/me/partners', { token, body: { partnerId: '00000000-0000-4000-8000-000000000000' } }), 404);
      expectProblem(await call('DELETE', '/api/v1/me/partners/nope', { token }), 400);
      expectProblem(await call('POST', '/api/v1/me/partners', { token, raw: '{"partnerId":' }), 400);

      const p = (await admin('partner', 'add', '--name', 'Soon gone', '--scopes', 'tasks:read')) as { id: string; key: string };
      await admin('partner', 'link', '--partner', p.id, '--phone', user.phone);
      expect((await call<{ items: unknown[] }>('GET', '/api/v1/me/partners', { token })).body.items).to.have.length(1);
      await admin('partner', 'revoke', '--partner', p.id);
      expectProblem(await call('GET', '/api/v1/partner/links', { token: p.key }), 401);
      expect((await call<{ items: unknown[] }>('GET', '/api/v1/me/partners', { token })).body.items).to.have.length(0);
      expectProblem(await call('POST', '/api/v1/me/partners', { token, body: { partnerId: p.id } }), 404);
    });

    it('keeps admin routes for admins: 401 without a token, 403 for users and premium users', async () => {
      const user = await addAccount(stack);
      const premium = await addAccount(stack, { role: 'premium' });
      for (const path of ['/api/v1/admin/users', '/api/v1/admin/audit']) {
        expectProblem(await call('GET', path), 401);
        expectProblem(await call('GET', path, { token: (await login(user)).accessToken }), 403);
        expectProblem(await call('GET', path, { token: (await login(premium)).accessToken }), 403);
      }
      expectProblem(await call('PATCH', `/api/v1/admin/users/${user.id}`, { body: { role: 'admin' } }), 401);
      expectProblem(await call('PATCH', `/api/v1/admin/users/${user.id}`, { token: (await login(user)).accessToken, body: { role: 'admin' } }), 403);
      expect((await stack.orm.em.fork().findOneOrFail(User, { id: user.id })).role).to.equal('user');
    });

    it('lists users page by page without secrets, changes roles and reads the audit trail', async () => {
      const boss = await addAccount(stack, { role: 'admin' });
      const target = await addAccount(stack);
      const token = (await login(boss)).accessToken;
      const all = await call<{ items: Record<string, unknown>[]; total: number }>('GET', '/api/v1/admin/users?limit=200', { token });
      expect(all.status).to.equal(200);
      expect(all.body.total).to.equal(all.body.items.length);
      const row = all.body.items.find((u) => u.id === target.id)!;
      expect(Object.keys(row).sort()).to.deep.equal(
        ['assistantNumber', 'createdAt', 'hasPassword', 'id', 'language', 'mfaEnabled', 'phone', 'role', 'status', 'timezone'].sort(),
      );
      expect(row).to.include({ hasPassword: true, mfaEnabled: false, role: 'user', phone: target.phone });
      expect(JSON.stringify(all.body)).not.to.match(/scrypt\$|enc:v1|passwordHash|totpSecret/);

      const page1 = await call<{ items: { id: string }[]; total: number; limit: number; offset: number }>('GET', '/api/v1/admin/users?limit=2&offset=0', { token });
      const page2 = await call<{ items: { id: string }[] }>('GET', '/api/v1/admin/users?limit=2&offset=2', { token });
      expect(page1.body.items).to.have.length(2);
      expect(page1.body).to.include({ limit: 2, offset: 0, total: all.body.total });
      expect(page2.body.items.map((u) => u.id)).to.deep.equal(all.body.items.slice(2, 4).map((u) => u.id));
      const badPage = await call('GET', '/api/v1/admin/users?limit=0', { token });
      expectProblem(badPage, 400);
      expect((badPage.body.errors as { path: string }[])[0]!.path).to.equal('limit');

      const patched = await call('PATCH', `/api/v1/admin/users/${target.id}`, { token, body: { role: 'premium' } });
      expect(patched.status).to.equal(200);
      expect(patched.body).to.include({ id: target.id, role: 'premium' });
      const claims = jwt.decode((await login(target)).accessToken) as jwt.JwtPayload;
      expect(claims.role).to.equal('premium');
      expectProblem(await call('PATCH', `/api/v1/admin/users/${target.id}`, { token, body: { role: 'root' } }), 400);
      expectProblem(await call('PATCH', `/api/v1/admin/users/${target.id}`, { token, body: {} }), 400);
      expectProblem(await call('PATCH', '/api/v1/admin/users/00000000-0000-4000-8000-000000000000', { token, body: { role: 'user' } }), 404);
      expectProblem(await call('PATCH', '/api/v1/admin/users/123', { token, body: { role: 'user' } }), 400);
      expectProblem(await call('PATCH', `/api/v1/admin/users/${boss.id}`, { token, body: { role: 'user' } }), 409);

      const audit = await call<{ items: { partnerId: string; userId: string; scope: string }[]; total: number }>('GET', '/api/v1/admin/audit', { token });
      expect(audit.status).to.equal(200);
      expect(audit.body.total).to.be.at.least(1);
      const partnerId = audit.body.items[0]!.partnerId;
      const filtered = await call<{ items: { partnerId: string }[] }>('GET', `/api/v1/admin/audit?partnerId=${partnerId}`, { token });
      expect(filtered.body.items.every((e) => e.partnerId === partnerId)).to.equal(true);
      expectProblem(await call('GET', '/api/v1/admin/audit?partnerId=nope', { token }), 400);
    });

    it('sets passwords and roles from the operator CLI', async () => {
      const phone = testNumber();
      await admin('user', 'add', '--phone', phone, '--number', testNumber(), '--password', 'correct horse battery');
      expect((await call('POST', '/api/v1/auth/login', { body: { phone, password: 'correct horse battery' } })).status).to.equal(200);
      expect(await admin('user', 'role', '--phone', phone, '--role', 'admin')).to.include({ phone, role: 'admin' });
      const token = (await login({ phone, password: 'correct horse battery' })).accessToken;
      expect((await call('GET', '/api/v1/admin/users', { token })).status).to.equal(200);
      const session = await login({ phone, password: 'correct horse battery' });
      await admin('user', 'password', '--phone', phone, '--password', 'a new passphrase');
      expectProblem(await call('POST', '/api/v1/auth/login', { body: { phone, password: 'correct horse battery' } }), 401);
      // The new password ends the sessions the old one opened.
      expectProblem(await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: session.refreshToken } }), 401);
      const fresh = await login({ phone, password: 'a new passphrase' });
      expect(fresh.accessToken).to.be.a('string');

      // Lost phone and recovery codes: the operator turns MFA off.
      const { secret } = (await call<{ secret: string }>('POST', '/api/v1/auth/mfa/totp/enroll', { token: fresh.accessToken })).body;
      const verified = await call('POST', '/api/v1/auth/mfa/totp/verify', { token: fresh.accessToken, body: { code: await generate({ secret }) } });
      expect(verified.status).to.equal(200);
      expect((await call('POST', '/api/v1/auth/login', { body: { phone, password: 'a new passphrase' } })).body).to.have.property('mfaRequired', true);
      await admin('user', 'mfa-reset', '--phone', phone);
      expect(await login({ phone, password: 'a new passphrase' })).to.have.property('accessToken');
      expectProblem(await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: fresh.refreshToken } }), 401);
    });
  });
}
