import { Client } from '@notionhq/client';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { signAccessToken } from '../../api/auth/tokens';
import { IntegrationAccount, type User } from '../../schemas/entities';
import { paragraphs, startFakeNotion, type FakeNotion } from '../fakes/notion-server';
import { DB_KINDS } from '../helpers/databases';
import { startStack, type Stack } from '../helpers/stack';

for (const db of DB_KINDS) {
  describe(`integrations: Notion through OAuth and "note ça dans Notion" (fake Notion, real @notionhq/client) (${db})`, function () {
    this.timeout(120_000);
    let notion: FakeNotion;
    let stack: Stack;
    let user: User;
    let auth: { authorization: string };

    before(async () => {
      notion = await startFakeNotion();
      stack = await startStack({
        db,
        env: { NOTION_CLIENT_ID: notion.clientId, NOTION_CLIENT_SECRET: notion.clientSecret, NOTION_API_BASE_URL: notion.url },
      });
      user = await stack.addUser({ timezone: 'America/Toronto', language: 'fr' });
      auth = { authorization: `Bearer ${signAccessToken(stack.config.auth.jwtSecret, user.id, 'user')}` };
    });
    after(async () => {
      await stack?.close();
      await notion?.close();
    });

    const api = (path: string, init: RequestInit = {}) => fetch(`${stack.baseUrl}${path}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
    let sent = 0;
    async function sms(body: string): Promise<string> {
      await stack.inbound(user, body);
      sent += 1;
      const all = await stack.twilio.waitForMessages(sent, { to: user.phone, timeoutMs: 30_000 });
      return all.at(-1)!.body;
    }

    it('before connecting, a note asks to connect Notion', async () => {
      expect(await sms('note ça dans Notion: appeler le dentiste')).to.equal('Notion n\'est pas relié. Écris "connecte Notion" pour commencer.');
    });

    it('connects through the authorization-code flow without PKCE (client credentials in HTTP Basic)', async () => {
      const res = await api('/api/v1/integrations/notion/connect', { method: 'POST' });
      expect(res.status).to.equal(200);
      const url = new URL(((await res.json()) as { authorizationUrl: string }).authorizationUrl);
      expect(url.origin + url.pathname).to.equal(`${notion.url}/v1/oauth/authorize`);
      expect(url.searchParams.get('client_id')).to.equal(notion.clientId);
      expect(url.searchParams.get('response_type')).to.equal('code');
      expect(url.searchParams.get('owner')).to.equal('user');
      expect(url.searchParams.has('code_challenge')).to.equal(false);
      const redirectUri = url.searchParams.get('redirect_uri')!;
      expect(redirectUri).to.equal(`${stack.config.publicBaseUrl}/oauth/notion/callback`);
      const state = url.searchParams.get('state')!;

      // The person shares one page on the consent screen.
      notion.pages.push({ id: randomUUID(), title: 'Notes TDAH', children: [] });
      const code = notion.issueCode({ redirectUri });
      const ok = await fetch(`${stack.baseUrl}/oauth/notion/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`);
      expect(ok.status).to.equal(200);
      const exchange = notion.tokenRequests.at(-1)!;
      expect(exchange.basic).to.equal(Buffer.from(`${notion.clientId}:${notion.clientSecret}`).toString('base64'));
      expect(exchange.body).to.deep.equal({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });

      const replay = await fetch(`${stack.baseUrl}/oauth/notion/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`);
      expect(replay.status).to.equal(400);

      const account = await stack.orm.em.fork().findOneOrFail(IntegrationAccount, { userId: user.id, provider: 'notion' });
      expect(account.status).to.equal('connected');
      expect(account.accessToken).to.match(/^enc:v1:/);
      expect(account.accessToken).not.to.include('ntn_');
      expect(account.refreshToken).to.equal(null);
      const list = (await (await api('/api/v1/integrations')).json()) as Array<{ provider: string; connected: boolean; status: string; connectedAt: string | null }>;
      expect(list.map((p) => [p.provider, p.connected, p.status])).to.deep.equal([['notion', true, 'connected']]);
      expect(list[0]!.connectedAt).to.be.a('string');
    });

    it('"note ça dans Notion: …" appends a paragraph to the shared page, with the Notion-Version header', async () => {
      const reply = await sms('note ça dans Notion: idée cadeau pour Léa — un carnet à points');
      expect(reply).to.equal('Noté dans Notion.');
      const page = notion.pages[0]!;
      expect(paragraphs(page)).to.deep.equal(['idée cadeau pour Léa — un carnet à points']);
      const calls = notion.calls.filter((c) => c.path === '/v1/search' || c.path.startsWith('/v1/blocks/'));
      expect(calls.map((c) => [c.method, c.path])).to.deep.equal([
        ['POST', '/v1/search'],
        ['PATCH', `/v1/blocks/${page.id}/children`],
      ]);
      for (const c of calls) expect(c.notionVersion).to.equal(Client.defaultNotionVersion);

      expect(await sms('add to notion: buy a planner')).to.equal('Noted in Notion.');
      expect(paragraphs(page)).to.deep.equal(['idée cadeau pour Léa — un carnet à points', 'buy a planner']);
    });

    it('goes to the chosen page when one is set (settings.pageId), without searching', async () => {
      const chosen = { id: randomUUID(), title: 'Journal', children: [] };
      notion.pages.push(chosen);
      await stack.orm.em.fork().nativeUpdate(IntegrationAccount, { userId: user.id, provider: 'notion' }, { settings: JSON.stringify({ pageId: chosen.id }) });
      const searches = notion.calls.filter((c) => c.path === '/v1/search').length;
      expect(await sms('notion: rappeler Paul lundi')).to.equal('Noté dans Notion.');
      expect(paragraphs(chosen)).to.deep.equal(['rappeler Paul lundi']);
      expect(notion.calls.filter((c) => c.path === '/v1/search').length).to.equal(searches);
    });

    it('the fake refuses a call without Notion-Version, like Notion', async () => {
      const res = await fetch(`${notion.url}/v1/search`, { method: 'POST', headers: { authorization: 'Bearer x', 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).to.equal(400);
      expect(await res.json()).to.include({ object: 'error', code: 'missing_version' });
    });

    it('when the person removes the integration in Notion (401), asks once to reconnect', async () => {
      notion.removeIntegration();
      await stack.inbound(user, 'note ça dans Notion: acheter des piles');
      sent += 2; // the notice (once) and the answer
      const all = await stack.twilio.waitForMessages(sent, { to: user.phone, timeoutMs: 30_000 });
      for (const m of all.slice(-2)) expect(m.body).to.equal("Ton compte Notion n'est plus relié (accès retiré ou expiré). Pour le reconnecter, écris: connecte Notion");
      const account = await stack.orm.em.fork().findOneOrFail(IntegrationAccount, { userId: user.id, provider: 'notion' });
      expect(account.status).to.equal('needs_reconnect');
      const calls = notion.calls.length;
      expect(await sms('notion: encore une idée')).to.include('connecte Notion');
      await new Promise((r) => setTimeout(r, 1000));
      expect((await stack.twilio.waitForMessages(0, { to: user.phone })).length).to.equal(sent);
      expect(notion.calls.length).to.equal(calls);
    });

    it('disconnects and revokes at Notion', async () => {
      expect((await api('/api/v1/integrations/notion', { method: 'DELETE' })).status).to.equal(204);
      expect(notion.revoked.length).to.equal(1);
      expect(await stack.orm.em.fork().count(IntegrationAccount, { userId: user.id })).to.equal(0);
    });
  });
}
