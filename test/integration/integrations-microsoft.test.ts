import { expect } from 'chai';
import { signAccessToken } from '../../api/auth/tokens';
import { integrationDeps } from '../../activities/integrations/deps';
import { todoOpenTasks } from '../../activities/integrations/microsoft';
import { IntegrationAccount, type User } from '../../schemas/entities';
import { addCalendarDays, zonedParts } from '../../workflows/lib/time';
import { startFakeGraph, type FakeGraph } from '../fakes/graph-server';
import { DB_KINDS } from '../helpers/databases';
import { startStack, type Stack } from '../helpers/stack';

for (const db of DB_KINDS) {
  describe(`integrations: Microsoft (Outlook, To Do) through OAuth (fake identity platform + Graph) (${db})`, function () {
    this.timeout(120_000);
    let graph: FakeGraph;
    let stack: Stack;
    let user: User;
    let auth: { authorization: string };

    before(async () => {
      graph = await startFakeGraph();
      stack = await startStack({
        db,
        env: { MS_CLIENT_ID: graph.clientId, MS_CLIENT_SECRET: graph.clientSecret, MS_LOGIN_BASE_URL: graph.url, MS_GRAPH_BASE_URL: graph.url },
      });
      user = await stack.addUser({ timezone: 'America/Toronto', language: 'fr' });
      auth = { authorization: `Bearer ${signAccessToken(stack.config.auth.jwtSecret, user.id, 'user')}` };
    });
    after(async () => {
      await stack?.close();
      await graph?.close();
    });

    const api = (path: string, init: RequestInit = {}) => fetch(`${stack.baseUrl}${path}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
    let sent = 0;
    async function sms(body: string): Promise<string> {
      await stack.inbound(user, body);
      sent += 1;
      const all = await stack.twilio.waitForMessages(sent, { to: user.phone, timeoutMs: 30_000 });
      return all.at(-1)!.body;
    }
    const tomorrow = () => {
      const t = addCalendarDays(zonedParts(new Date(), 'America/Toronto'), 1);
      return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
    };

    it('offers only Microsoft, and connects through the authorization-code flow with PKCE S256', async () => {
      const list = (await (await api('/api/v1/integrations')).json()) as Array<{ provider: string; connected: boolean }>;
      expect(list.map((p) => [p.provider, p.connected])).to.deep.equal([['microsoft', false]]);

      const res = await api('/api/v1/integrations/microsoft/connect', { method: 'POST' });
      expect(res.status).to.equal(200);
      const url = new URL(((await res.json()) as { authorizationUrl: string }).authorizationUrl);
      expect(url.origin + url.pathname).to.equal(`${graph.url}/common/oauth2/v2.0/authorize`);
      expect(url.searchParams.get('client_id')).to.equal(graph.clientId);
      expect(url.searchParams.get('response_type')).to.equal('code');
      expect(url.searchParams.get('response_mode')).to.equal('query');
      expect(url.searchParams.get('code_challenge_method')).to.equal('S256');
      expect(url.searchParams.get('scope')!.split(' ')).to.include.members(['offline_access', 'Calendars.ReadWrite', 'Tasks.ReadWrite']);
      const redirectUri = url.searchParams.get('redirect_uri')!;
      expect(redirectUri).to.equal(`${stack.config.publicBaseUrl}/oauth/microsoft/callback`);
      const state = url.searchParams.get('state')!;

      // A code bound to another challenge (a stolen code without its verifier) is rejected by the token endpoint.
      const stolen = graph.issueCode({ challenge: 'x'.repeat(43), redirectUri, scope: url.searchParams.get('scope')! });
      const bad = await fetch(`${stack.baseUrl}/oauth/microsoft/callback?code=${encodeURIComponent(stolen)}&state=${encodeURIComponent(state)}`);
      expect(bad.status).to.equal(400);
      expect(bad.headers.get('content-type')).to.match(/application\/problem\+json/);
      expect(await stack.orm.em.fork().count(IntegrationAccount, { userId: user.id })).to.equal(0);

      // A fresh flow, as the person would retry, with the code the consent page issues for its challenge.
      const again = new URL(((await (await api('/api/v1/integrations/microsoft/connect', { method: 'POST' })).json()) as { authorizationUrl: string }).authorizationUrl);
      const code = graph.issueCode({ challenge: again.searchParams.get('code_challenge'), redirectUri, scope: again.searchParams.get('scope')! });
      const ok = await fetch(`${stack.baseUrl}/oauth/microsoft/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(again.searchParams.get('state')!)}&session_state=${'a'.repeat(36)}`);
      expect(ok.status).to.equal(200);
      const exchange = graph.tokenRequests.at(-1)!;
      expect(exchange).to.include({ grant_type: 'authorization_code', redirect_uri: redirectUri });
      expect(exchange.code_verifier).to.match(/^[A-Za-z0-9_-]{43,128}$/);

      const account = await stack.orm.em.fork().findOneOrFail(IntegrationAccount, { userId: user.id, provider: 'microsoft' });
      expect(account.status).to.equal('connected');
      expect(account.accessToken).to.match(/^enc:v1:/);
      expect(account.refreshToken).to.match(/^enc:v1:/);
      expect(account.accessToken).not.to.include('eyJ0');
      const after = (await (await api('/api/v1/integrations')).json()) as Array<{ provider: string; connected: boolean }>;
      expect(after[0]).to.include({ provider: 'microsoft', connected: true });
    });

    it('by SMS, "connecte Outlook" texts a one-time link that redirects to the Microsoft consent page', async () => {
      const reply = await sms('connecte Outlook');
      const link = /(http:\/\/\S+\/connect\/[A-Za-z0-9_-]+)/.exec(reply)?.[1];
      expect(reply).to.match(/^Pour relier Microsoft, ouvre ce lien \(valide 15 min\): /);
      const first = await fetch(link!, { redirect: 'manual' });
      expect(first.status).to.equal(302);
      const target = new URL(first.headers.get('location')!);
      expect(target.origin + target.pathname).to.equal(`${graph.url}/common/oauth2/v2.0/authorize`);
      expect(target.searchParams.get('code_challenge_method')).to.equal('S256');
      expect((await fetch(link!, { redirect: 'manual' })).status).to.equal(410);
    });

    it('answers "qu\'est-ce que j\'ai demain dans mon agenda" from Outlook (calendarView in UTC)', async () => {
      const day = tomorrow();
      // 16:00 UTC is 11:00 or 12:00 in Toronto; 14:30 UTC is 09:30 or 10:30. A cancelled one is left out.
      graph.events.push(
        { id: 'o1', subject: 'Rendez-vous médecin', start: `${day}T16:00:00Z`, end: `${day}T16:30:00Z` },
        { id: 'o2', subject: 'Appel avec Marie', start: `${day}T14:30:00Z`, end: `${day}T15:00:00Z` },
        { id: 'o3', subject: 'Annulé', start: `${day}T18:00:00Z`, end: `${day}T19:00:00Z`, isCancelled: true },
      );
      const reply = await sms("qu'est-ce que j'ai demain dans mon agenda?");
      expect(reply).to.match(/^Ton agenda demain:\n- (9|10) h 30 Appel avec Marie\n- 1[12] h Rendez-vous médecin$/);
      const call = graph.calls.filter((c) => c.path === '/v1.0/me/calendarView').at(-1)!;
      expect(call.prefer).to.equal('outlook.timezone="UTC"');
      const q = new URLSearchParams(call.search);
      // The person's local tomorrow (Toronto) as the window.
      const start = new Date(q.get('startDateTime')!);
      expect(zonedParts(start, 'America/Toronto')).to.include({ hour: 0, minute: 0 });
      expect(new Date(q.get('endDateTime')!).getTime() - start.getTime()).to.be.within(23 * 3600_000, 25 * 3600_000);
    });

    it('creates an Outlook event by SMS', async () => {
      const reply = await sms('bloque 14h-15h pour mes impôts jeudi');
      expect(reply).to.match(/^C'est bloqué: mes imp[oô]ts, .+ à 14 h jusqu'à 15 h\.$/);
      const ev = graph.events.find((e) => e.subject === 'mes impôts');
      expect(ev, 'event created in Outlook').to.not.equal(undefined);
      expect(ev!.sent!.start.timeZone).to.equal('UTC');
      const start = zonedParts(new Date(ev!.start), 'America/Toronto');
      const end = zonedParts(new Date(ev!.end), 'America/Toronto');
      expect([start.hour, start.minute, end.hour, end.minute]).to.deep.equal([14, 0, 15, 0]);
      expect(new Date(ev!.start).getUTCDay()).to.equal(4); // Thursday (14:00 Toronto is 18:00/19:00 UTC, same day)
    });

    it('reads the open tasks of the default To Do list', async () => {
      graph.todoLists.push({ id: 'other-list', displayName: 'Courses', wellknownListName: 'none', tasks: [{ id: 't0', title: 'pain', status: 'notStarted' }] });
      graph.todoLists[0]!.tasks.push(
        { id: 't1', title: 'rappeler le garage', status: 'notStarted' },
        { id: 't2', title: 'déclaration de revenus', status: 'completed' },
        { id: 't3', title: 'lire le contrat', status: 'inProgress' },
      );
      const config = integrationDeps(stack.config).config;
      const em = stack.orm.em.fork();
      const account = await em.findOneOrFail(IntegrationAccount, { userId: user.id, provider: 'microsoft' });
      const keyRing = integrationDeps(stack.config).keyRing;
      const token = keyRing.decryptText(account.accessToken, `integration:microsoft:${user.id}:access`);
      expect(await todoOpenTasks(config, token)).to.deep.equal(['rappeler le garage', 'lire le contrat']);
    });

    it('refreshes an expired access token (scope sent, rotated refresh token stored)', async () => {
      const before = await stack.orm.em.fork().findOneOrFail(IntegrationAccount, { userId: user.id, provider: 'microsoft' });
      await stack.orm.em.fork().nativeUpdate(IntegrationAccount, { id: before.id }, { expiresAt: new Date(Date.now() - 1000) });
      const refreshes = () => graph.tokenRequests.filter((r) => r.grant_type === 'refresh_token');
      const count = refreshes().length;
      expect(await sms("qu'est-ce que j'ai demain dans mon agenda?")).to.match(/^Ton agenda demain:/);
      expect(refreshes().length).to.equal(count + 1);
      expect(refreshes().at(-1)!.scope!.split(' ')).to.include('offline_access');
      const afterRefresh = await stack.orm.em.fork().findOneOrFail(IntegrationAccount, { id: before.id });
      expect(afterRefresh.refreshToken).to.not.equal(before.refreshToken);
      expect(afterRefresh.expiresAt!.getTime()).to.be.greaterThan(Date.now() + 3000_000);
      // The fresh token is used right away: no second refresh.
      await sms("qu'est-ce que j'ai demain dans mon agenda?");
      expect(refreshes().length).to.equal(count + 1);
    });

    it('a 401 from Graph before the token expires gets one forced refresh, then the answer', async () => {
      graph.invalidateAccessTokens();
      const refreshes = () => graph.tokenRequests.filter((r) => r.grant_type === 'refresh_token').length;
      const count = refreshes();
      expect(await sms("qu'est-ce que j'ai demain dans mon agenda?")).to.match(/^Ton agenda demain:\n/);
      expect(refreshes()).to.equal(count + 1);
    });

    it('on a Graph outage, answers politely instead of failing', async () => {
      const before = graph.calls.length;
      graph.outage = true;
      try {
        // After the activity's retries the workflow answers (the breaker's own message comes once it is open).
        expect(await sms("qu'est-ce que j'ai demain dans mon agenda?")).to.match(/ne répond pas en ce moment/);
        expect(graph.calls.slice(before).filter((c) => c.path === '/v1.0/me/calendarView').length).to.equal(3); // 3 attempts for a read
      } finally {
        graph.outage = false;
      }
      expect(await sms("qu'est-ce que j'ai demain dans mon agenda?")).to.match(/^Ton agenda demain:/);
    });

    it('on invalid_grant, texts a polite reconnect message once and stops calling Microsoft', async () => {
      graph.revokeAll();
      await stack.orm.em.fork().nativeUpdate(IntegrationAccount, { userId: user.id }, { expiresAt: new Date(Date.now() - 1000) });
      await stack.inbound(user, "qu'est-ce que j'ai demain dans mon agenda?");
      // The notice (once) and the answer to this message.
      sent += 2;
      const all = await stack.twilio.waitForMessages(sent, { to: user.phone, timeoutMs: 30_000 });
      const last = all.slice(-2).map((m) => m.body);
      for (const body of last) expect(body).to.equal("Ton compte Microsoft n'est plus relié (accès retiré ou expiré). Pour le reconnecter, écris: connecte Microsoft");
      const account = await stack.orm.em.fork().findOneOrFail(IntegrationAccount, { userId: user.id });
      expect(account.status).to.equal('needs_reconnect');
      expect(account.reconnectNotifiedAt).to.not.equal(null);

      const tokenCalls = graph.tokenRequests.length;
      const graphCalls = graph.calls.length;
      const reply = await sms('bloque 10h-11h pour le ménage demain');
      expect(reply).to.include('connecte Microsoft');
      await new Promise((r) => setTimeout(r, 1500));
      // Only the answer: no second notice, no token request, no Graph call.
      expect((await stack.twilio.waitForMessages(0, { to: user.phone })).length).to.equal(sent);
      expect(graph.tokenRequests.length).to.equal(tokenCalls);
      expect(graph.calls.length).to.equal(graphCalls);
      const list = (await (await api('/api/v1/integrations')).json()) as Array<{ provider: string; connected: boolean; status: string }>;
      expect(list[0]).to.include({ provider: 'microsoft', connected: false, status: 'needs_reconnect' });
    });

    it('disconnects (no revocation endpoint at Microsoft: our tokens are deleted)', async () => {
      expect((await api('/api/v1/integrations/microsoft', { method: 'DELETE' })).status).to.equal(204);
      expect(await stack.orm.em.fork().count(IntegrationAccount, { userId: user.id })).to.equal(0);
    });
  });
}
