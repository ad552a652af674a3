import type { Server } from 'node:http';
import { expect } from 'chai';
import express from 'express';
import { createMemoryStore } from '../../services/infra/kv';
import { createLogger } from '../../services/infra/logger';
import { createAuthGuards } from '../../api/auth/guards';
import { setPartnerAccess } from '../../api/auth/subject';
import type { ApiDeps } from '../../api/context';
import { installEdge, installResources } from '../../api/edge';
import { HttpProblem, problemHandler } from '../../api/problem';
import { apiClient } from '../helpers/api-client';
import { freePort } from '../helpers/ports';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The resource routes serve partners through subjectUserId: the user named by X-On-Behalf-Of,
 * only if linked, only within the key's scopes. Partner keys and links themselves belong to the
 * accounts module; here a resolver and a link table of the test's own stand in for them.
 */
describe('REST API resources for partners (X-On-Behalf-Of, scopes)', function () {
  this.timeout(120_000);
  let stack: Stack;
  let server: Server;
  let api: ReturnType<typeof apiClient>;
  const audit: { partnerId: string; userId: string; method: string; path: string; scope: string }[] = [];
  const links = new Set<string>();

  before(async () => {
    stack = await startStack({ db: 'sqlite' });
    const deps: ApiDeps = { config: stack.config, orm: stack.orm, kv: createMemoryStore(), temporal: stack.temporal, logger: createLogger({ level: 'error', json: true, service: 't' }) };
    const app = express();
    const guards = createAuthGuards(stack.config.auth.jwtSecret, async (key) =>
      key === 'pk_reminders' ? { kind: 'partner', partnerId: 'partner-1', scopes: ['reminders:read', 'reminders:write'] } : null,
    );
    const edge = installEdge(app, deps, guards);
    installResources(app, deps, edge);
    app.use((_req, _res, next) => next(new HttpProblem(404, 'Not Found')));
    app.use(problemHandler(() => undefined));
    setPartnerAccess({
      linkedUser: async (partnerId, userId) => (links.has(`${partnerId}:${userId}`) ? userId : null),
      audit: async (entry) => void audit.push(entry),
    });
    const port = await freePort();
    server = app.listen(port, '127.0.0.1');
    api = apiClient(`http://127.0.0.1:${port}`, stack.config.auth.jwtSecret);
  });
  after(async () => {
    setPartnerAccess(null);
    await new Promise((r) => server?.close(r));
    await stack?.close();
  });

  it('manages a linked user\'s reminders within its scopes, and nothing else', async () => {
    const linked = await stack.addUser({ language: 'fr' });
    const stranger = await stack.addUser();
    links.add(`partner-1:${linked.id}`);
    const as = (userId: string) => ({ token: 'pk_reminders', headers: { 'x-on-behalf-of': userId } });

    const created = await api.call('POST', '/api/v1/reminders', { ...as(linked.id), json: { text: 'rendez-vous chez le dentiste', dueAt: new Date(Date.now() + 3600_000).toISOString() } });
    expect(created.status).to.equal(201);
    const list = await api.call('GET', '/api/v1/reminders', as(linked.id));
    expect(list.body.items.map((r: { id: string }) => r.id)).to.deep.equal([created.body.id]);
    expect((await api.call('DELETE', `/api/v1/reminders/${created.body.id}`, as(linked.id))).status).to.equal(204);

    // Out of scope, unlinked, unnamed, unknown key.
    expect((await api.call('GET', '/api/v1/tasks', as(linked.id))).status).to.equal(403);
    expect((await api.call('GET', '/api/v1/me', as(linked.id))).status).to.equal(403);
    expect((await api.call('GET', '/api/v1/reminders', as(stranger.id))).status).to.equal(404);
    expect((await api.call('GET', '/api/v1/reminders', { token: 'pk_reminders' })).status).to.equal(400);
    expect((await api.call('GET', '/api/v1/reminders', { token: 'pk_unknown', headers: { 'x-on-behalf-of': linked.id } })).status).to.equal(401);

    // Every call on the user's behalf is audited, with the scope it used.
    expect(audit.map((a) => [a.method, a.scope, a.userId])).to.deep.equal([
      ['POST', 'reminders:write', linked.id],
      ['GET', 'reminders:read', linked.id],
      ['DELETE', 'reminders:write', linked.id],
    ]);
    // The user still sees it, as theirs.
    const own = await api.call('GET', `/api/v1/reminders/${created.body.id}`, { token: api.tokenFor(linked.id) });
    expect(own.status).to.equal(200);
  });
});
