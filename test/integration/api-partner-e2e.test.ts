import { expect } from 'chai';
import { createPartner } from '../../api/auth/partners';
import { PartnerAuditEntry, Reminder } from '../../schemas/entities';
import { apiClient } from '../helpers/api-client';
import { startStack, type Stack } from '../helpers/stack';

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

/**
 * What docs/api.md and docs/auth.md tell a partner to do, on the real app: a key made as
 * `npm run admin -- partner add` makes it, the user links the partner, the partner manages that
 * user's reminders with X-On-Behalf-Of within its scopes, and every call is audited.
 */
describe('a partner on the real app (key, link, scoped reminders, audit)', function () {
  this.timeout(120_000);
  let stack: Stack;
  let api: ReturnType<typeof apiClient>;

  before(async () => {
    stack = await startStack({ db: 'sqlite' });
    api = apiClient(stack.baseUrl, stack.config.auth.jwtSecret);
  });
  after(async () => stack?.close());

  it('acts only for a user who linked it, only within its scopes, and is audited', async () => {
    const { partner, key } = await createPartner(stack.orm.em.fork(), 'Clinique Focus', ['reminders:read', 'reminders:write']);
    const user = await stack.addUser({ language: 'fr' });
    const stranger = await stack.addUser({ language: 'fr' });
    const as = (userId: string) => ({ token: key, headers: { 'x-on-behalf-of': userId } });

    // Not linked yet: the user is "not found" for this partner.
    expect((await api.call('GET', '/api/v1/reminders', as(user.id))).status).to.equal(404);
    const linked = await api.call('POST', '/api/v1/me/partners', { token: api.tokenFor(user.id), json: { partnerId: partner.id } });
    expect(linked.status).to.be.oneOf([200, 201]);

    const created = await api.call('POST', '/api/v1/reminders', { ...as(user.id), json: { text: 'appeler la pharmacie', dueAt: inMinutes(90) } });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const listed = await api.call('GET', '/api/v1/reminders', as(user.id));
    expect((listed.body.items as { id: string }[]).map((r) => r.id)).to.include(created.body.id);
    expect((await stack.orm.em.fork().findOneOrFail(Reminder, created.body.id as string)).user.id).to.equal(user.id);

    // Outside its scopes, or for a user who did not link it: refused.
    expect((await api.call('GET', '/api/v1/tasks', as(user.id))).status).to.equal(403);
    expect((await api.call('GET', '/api/v1/reminders', as(stranger.id))).status).to.equal(404);
    expect((await api.call('GET', '/api/v1/reminders', { token: key })).status).to.equal(400);
    expect((await api.call('GET', '/api/v1/reminders', { token: `${key}x`, headers: { 'x-on-behalf-of': user.id } })).status).to.equal(401);

    const audit = await stack.orm.em.fork().find(PartnerAuditEntry, { partnerId: partner.id, userId: user.id });
    expect(audit.map((a) => `${a.method} ${a.scope}`)).to.include.members(['POST reminders:write', 'GET reminders:read']);
  });
});
