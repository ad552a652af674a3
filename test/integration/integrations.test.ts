import { expect } from 'chai';
import { ExternalTaskLink, IntegrationAccount, Task, type User } from '../../schemas/entities';
import { ref } from '@mikro-orm/core';
import { addCalendarDays, zonedParts } from '../../language/time';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google-server';
import { pauseSyncSchedule, personSession } from '../helpers/person';
import { startStack, type Stack } from '../helpers/stack';

describe('integrations: Google through OAuth, calendar, tasks sync (fake Google, real googleapis)', function () {
  this.timeout(120_000);
  let google: FakeGoogle;
  let stack: Stack;
  let user: User;

  before(async () => {
    google = await startFakeGoogle();
    stack = await startStack({
      db: 'sqlite',
      env: { GOOGLE_CLIENT_ID: google.clientId, GOOGLE_CLIENT_SECRET: google.clientSecret, GOOGLE_OAUTH_BASE_URL: google.url, GOOGLE_API_BASE_URL: google.url },
    });
    user = await stack.addUser({ timezone: 'America/Toronto', language: 'fr' });
  });
  after(async () => {
    await stack?.close();
    await google?.close();
  });

  const { api, sms, extra } = personSession(() => ({ stack, user }));

  it('lists only the configured providers, and requires a token', async () => {
    expect((await fetch(`${stack.baseUrl}/api/v1/integrations`)).status).to.equal(401);
    const list = (await (await api('/api/v1/integrations')).json()) as Array<{ provider: string; connected: boolean }>;
    expect(list.map((p) => [p.provider, p.connected])).to.deep.equal([['google', false]]);
    expect((await api('/api/v1/integrations/notion/connect', { method: 'POST' })).status).to.equal(404);
  });

  it('connects with PKCE S256 and a one-time state; forged or reused states are refused; tokens are stored encrypted', async () => {
    const { authorizationUrl } = (await (await api('/api/v1/integrations/google/connect', { method: 'POST' })).json()) as { authorizationUrl: string };
    const url = new URL(authorizationUrl);
    expect(url.origin + url.pathname).to.equal(`${google.url}/o/oauth2/v2/auth`);
    expect(url.searchParams.get('code_challenge_method')).to.equal('S256');
    expect(url.searchParams.get('redirect_uri')).to.equal(`${stack.config.publicBaseUrl}/oauth/google/callback`);
    const state = url.searchParams.get('state')!;
    const code = google.issueCode(url.searchParams.get('code_challenge'));

    const forged = await fetch(`${stack.baseUrl}/oauth/google/callback?state=forged&code=${encodeURIComponent(code)}`);
    expect(forged.status).to.equal(400);
    expect(forged.headers.get('content-type')).to.match(/application\/problem\+json/);

    const ok = await fetch(`${stack.baseUrl}/oauth/google/callback?state=${encodeURIComponent(state)}&code=${encodeURIComponent(code)}`);
    expect(ok.status).to.equal(200);
    await pauseSyncSchedule(stack, user.id, 'google');
    const again = await fetch(`${stack.baseUrl}/oauth/google/callback?state=${encodeURIComponent(state)}&code=${encodeURIComponent(code)}`);
    expect(again.status).to.equal(400);

    const account = await stack.orm.em.fork().findOneOrFail(IntegrationAccount, { userId: user.id, provider: 'google' });
    expect(account.accessToken).to.match(/^enc:v1:/);
    expect(account.refreshToken).to.match(/^enc:v1:/);
    expect(account.accessToken).not.to.include('ya29.');
    const list = (await (await api('/api/v1/integrations')).json()) as Array<{ provider: string; connected: boolean }>;
    expect(list[0]).to.include({ provider: 'google', connected: true });
  });

  it('answers "qu\'est-ce que j\'ai demain?" with the plan for tomorrow including Google Calendar, "mon agenda demain" from the calendar, and creates an event by SMS', async () => {
    const t = addCalendarDays(zonedParts(new Date(), 'America/Toronto'), 1);
    const day = `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
    // 16:00 UTC is 11:00 or 12:00 in Toronto, on the person's local tomorrow.
    google.events.push({ id: 'e1', summary: 'Dentiste', start: { dateTime: `${day}T16:00:00Z` }, end: { dateTime: `${day}T17:00:00Z` } });
    // The day plan for tomorrow has the calendar's events (and the reminders and the list); "mon agenda demain" the whole calendar day.
    expect(await sms("qu'est-ce que j'ai demain?")).to.match(/^Ton plan pour demain:\nAgenda: 1[12] h Dentiste$/);
    const reply = await sms('mon agenda demain');
    expect(reply).to.match(/^Ton agenda demain:\n- 1[12] h Dentiste$/);

    const created = await sms('bloque 14h-15h pour mes impôts jeudi');
    expect(created).to.match(/^C'est bloqué: mes imp[oô]ts, .+ à 14 h jusqu'à 15 h\.$/);
    expect(google.events.map((e) => e.summary)).to.include('mes impôts');
  });

  it('syncs tasks both ways without duplicates, and propagates deletes', async () => {
    const em = stack.orm.em.fork();
    em.persist(new Task({ user: ref(em.getReference('User', user.id)) as never, title: 'payer le loyer', position: 1 }));
    await em.flush();
    google.tasks.push({ id: 'g1', title: 'acheter du lait', status: 'needsAction', updated: new Date().toISOString() });
    const run = () => stack.temporal.workflow.execute('syncWorkflow', { taskQueue: stack.config.temporal.taskQueue, workflowId: `sync-test-${Date.now()}`, args: [{ userId: user.id, provider: 'google' }] });
    const first = (await run()) as { created: { local: number; remote: number } };
    expect(first.created).to.deep.equal({ local: 1, remote: 1 });
    const second = (await run()) as { created: { local: number; remote: number } };
    expect(second.created).to.deep.equal({ local: 0, remote: 0 });
    const titles = (await stack.orm.em.fork().find(Task, { user: user.id })).map((t) => t.title).sort();
    expect(titles).to.deep.equal(['acheter du lait', 'payer le loyer']);
    expect(google.tasks.filter((t) => !t.deleted).map((t) => t.title).sort()).to.deep.equal(['acheter du lait', 'payer le loyer']);

    google.tasks.find((t) => t.id === 'g1')!.deleted = true;
    await run();
    expect((await stack.orm.em.fork().find(Task, { user: user.id })).map((t) => t.title)).to.deep.equal(['payer le loyer']);
    expect(await stack.orm.em.fork().count(ExternalTaskLink, { userId: user.id })).to.equal(1);
  });

  it('finds one or two YouTube videos closest to the asked length, with durations', async () => {
    google.videos.push(
      { id: 'vidLong', title: 'Focus music 3 hours', duration: 'PT3H' },
      { id: 'vid10', title: 'Concentration en 10 minutes', duration: 'PT10M12S' },
      { id: 'vid8', title: 'Respiration pour se concentrer', duration: 'PT8M' },
    );
    const reply = await sms("trouve une vidéo de 10 min pour m'aider à me concentrer");
    expect(reply).to.equal('Concentration en 10 minutes (10:12) https://youtu.be/vid10\nRespiration pour se concentrer (8:00) https://youtu.be/vid8');
    expect(google.calls.some((c) => c.path === '/youtube/v3/search')).to.equal(true);
  });

  it('refreshes an expired access token with the refresh token', async () => {
    await stack.orm.em.fork().nativeUpdate(IntegrationAccount, { userId: user.id }, { expiresAt: new Date(Date.now() - 1000) });
    const before = google.tokenRequests.filter((r) => r.grant_type === 'refresh_token').length;
    expect(await sms('mon agenda demain')).to.match(/^Ton agenda demain/);
    expect(google.tokenRequests.filter((r) => r.grant_type === 'refresh_token').length).to.equal(before + 1);
  });

  it('on a provider outage, answers politely instead of failing', async () => {
    google.outage = true;
    try {
      const reply = await sms('mon agenda demain');
      expect(reply).to.match(/ne répond pas/);
    } finally {
      google.outage = false;
    }
  });

  it('on revoked consent, asks once to reconnect and stops calling', async () => {
    google.revokeAll();
    await stack.orm.em.fork().nativeUpdate(IntegrationAccount, { userId: user.id }, { expiresAt: new Date(Date.now() - 1000) });
    const reply = await sms('mon agenda demain');
    // The notice (once) and the answer to this message.
    const all = await extra(1);
    const reconnect = all.filter((m) => /n'est plus relié/.test(m.body));
    expect(reconnect.length).to.be.at.least(1);
    expect(reply + all.at(-1)!.body).to.include('connecte Google');
    const account = await stack.orm.em.fork().findOneOrFail(IntegrationAccount, { userId: user.id });
    expect(account.status).to.equal('needs_reconnect');
    const refreshes = google.tokenRequests.length;
    await sms('mon agenda demain');
    expect(google.tokenRequests.length).to.equal(refreshes);
  });

  it('disconnects and revokes', async () => {
    const res = await api('/api/v1/integrations/google', { method: 'DELETE' });
    expect(res.status).to.equal(204);
    expect(google.revoked.length).to.equal(1);
    expect(await stack.orm.em.fork().count(IntegrationAccount, { userId: user.id })).to.equal(0);
  });
});
