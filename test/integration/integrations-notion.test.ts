import { Client } from '@notionhq/client';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { notionDatabase, notionTaskAdapter } from '../../services/integrations/notion';
import { notionChoiceSyncId } from '../../services/integrations/notion-settings';
import type { SyncResult } from '../../services/integrations/task-sync';
import { createPartner, linkPartner } from '../../api/auth/partners';
import { signAccessToken } from '../../api/auth/tokens';
import { ExternalTaskLink, IntegrationAccount, SyncAudit, Task, type User } from '../../schemas/entities';
import { paragraphs, startFakeNotion, type FakeNotion, type FakeNotionDatabase, type FakeNotionRow } from '../fakes/notion-server';
import { DB_KINDS } from '../helpers/databases';
import { pauseSyncSchedule, personSession } from '../helpers/person';
import { startStack, type Stack } from '../helpers/stack';

for (const db of DB_KINDS) {
  describe(`integrations: Notion through OAuth and "note ça dans Notion" (fake Notion, real @notionhq/client) (${db})`, function () {
    this.timeout(120_000);
    let notion: FakeNotion;
    let stack: Stack;
    let user: User;

    before(async () => {
      notion = await startFakeNotion();
      stack = await startStack({
        db,
        env: { NOTION_CLIENT_ID: notion.clientId, NOTION_CLIENT_SECRET: notion.clientSecret, NOTION_API_BASE_URL: notion.url },
      });
      user = await stack.addUser({ timezone: 'America/Toronto', language: 'fr' });
    });
    after(async () => {
      await stack?.close();
      await notion?.close();
    });

    const { api, sms, extra, expected } = personSession(() => ({ stack, user }));

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
      await pauseSyncSchedule(stack, user.id, 'notion');
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

    // ---- the picker and the two-way sync with a Notion database -----------------------------

    let tasksDb: FakeNotionDatabase;
    let readingDb: FakeNotionDatabase;
    const journal = () => notion.pages.find((p) => p.title === 'Journal')!;
    const notesPage = () => notion.pages.find((p) => p.title === 'Notes TDAH')!;
    const syncNow = async () =>
      (await stack.temporal.workflow.execute('syncWorkflow', { taskQueue: stack.config.temporal.taskQueue, workflowId: `sync-test-${randomUUID()}`, args: [{ userId: user.id, provider: 'notion' }] })) as SyncResult;
    const localTasks = async () => (await stack.orm.em.fork().find(Task, { user: user.id }, { orderBy: { position: 'asc' } })).map((t) => ({ id: t.id, title: t.title, status: t.status }));
    const rowTitles = () => notion.liveRows(tasksDb).map((r) => String(r.values.Nom)).sort();
    const rowNamed = (title: string) => tasksDb.rows.find((r) => r.values.Nom === title)!;
    const taskNamed = async (title: string) => (await localTasks()).find((t) => t.title === title);
    /**
     * Waits for this person's syncs started by SMS or by a choice (their ids are not known here).
     * Only theirs: the dev server is shared by every suite, and a schedule of an earlier suite's
     * person starts syncs on a task queue nobody polls any more.
     */
    async function settle(): Promise<void> {
      for (let i = 0; i < 3; i += 1) {
        const query = `WorkflowType = 'syncWorkflow' AND ExecutionStatus = 'Running' AND WorkflowId STARTS_WITH 'sync-${user.id}'`;
        for await (const wf of stack.temporal.workflow.list({ query })) {
          await stack.temporal.workflow.getHandle(wf.workflowId, wf.runId).result();
        }
        await new Promise((r) => setTimeout(r, 300));
      }
    }
    const putSettings = (body: unknown, headers: Record<string, string> = {}) =>
      api('/api/v1/integrations/notion/settings', { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

    it('without a chosen database, a sync needs setup and "synchronise mes tâches" says how to choose one', async () => {
      expect((await syncNow()).status).to.equal('needs_setup');
      expect(await sms('synchronise mes tâches')).to.equal('Pour Notion, choisis d\'abord une base: écris "mes bases Notion".');
    });

    it('lists the pages (not database rows) and databases shared with the integration, sorted by title (REST)', async () => {
      tasksDb = notion.addDatabase('Tâches', { Nom: { type: 'title' }, Fait: { type: 'checkbox' }, Notes: { type: 'rich_text' } });
      readingDb = notion.addDatabase('Lectures', { Titre: { type: 'title' }, Auteur: { type: 'rich_text' } });
      notion.addRow(tasksDb, { Nom: 'Appeler la banque', Fait: false });
      const res = await api('/api/v1/integrations/notion/targets');
      expect(res.status).to.equal(200);
      expect(await res.json()).to.deep.equal({
        pages: [{ id: journal().id, title: 'Journal' }, { id: notesPage().id, title: 'Notes TDAH' }],
        databases: [{ id: readingDb.id, title: 'Lectures' }, { id: tasksDb.id, title: 'Tâches' }],
      });
      const searches = notion.calls.filter((c) => c.path === '/v1/search').slice(-2);
      expect(searches.map((c) => (c.body!.filter as { value: string }).value)).to.deep.equal(['page', 'data_source']);
      for (const c of searches) expect(c.notionVersion).to.equal('2025-09-03');
    });

    it('chooses by REST: 400 on a malformed body, 422 for an id not shared or a database without "done", 404 when not connected; partners too', async () => {
      for (const body of [{}, { databaseId: 'nope' }, { pageId: notesPage().id, extra: 1 }]) {
        const bad = await putSettings(body);
        expect(bad.status, JSON.stringify(body)).to.equal(400);
        expect(bad.headers.get('content-type')).to.match(/application\/problem\+json/);
      }
      const unknown = await putSettings({ databaseId: randomUUID() });
      expect(unknown.status).to.equal(422);
      expect(((await unknown.json()) as { errors: { path: string }[] }).errors[0]!.path).to.equal('body.databaseId');
      const noDone = await putSettings({ databaseId: readingDb.id });
      expect(noDone.status).to.equal(422);
      expect(((await noDone.json()) as { detail: string }).detail).to.match(/done/);
      expect((await putSettings({ pageId: randomUUID() })).status).to.equal(422);

      const ok = await putSettings({ pageId: notesPage().id.replace(/-/g, '') });
      expect(ok.status).to.equal(200);
      expect(await ok.json()).to.deep.equal({ pageId: notesPage().id, pageTitle: 'Notes TDAH', databaseId: null, databaseTitle: null, titleProperty: null, doneProperty: null });
      const list = (await (await api('/api/v1/integrations')).json()) as Array<{ provider: string; connected: boolean; settings: { pageTitle: string } | null }>;
      expect(list[0]).to.include({ provider: 'notion', connected: true });
      expect(list[0]!.settings!.pageTitle).to.equal('Notes TDAH');

      const other = await stack.addUser({ language: 'en' });
      const otherAuth = { authorization: `Bearer ${signAccessToken(stack.config.auth.jwtSecret, other.id, 'user')}` };
      expect((await fetch(`${stack.baseUrl}/api/v1/integrations/notion/targets`, { headers: otherAuth })).status).to.equal(404);
      expect((await putSettings({ pageId: notesPage().id }, otherAuth)).status).to.equal(404);

      const em = stack.orm.em.fork();
      const { partner, key } = await createPartner(em, 'Coach', ['integrations']);
      await linkPartner(em, user.id, partner.id);
      const asPartner = (id: string) => fetch(`${stack.baseUrl}/api/v1/integrations/notion/targets`, { headers: { authorization: `Bearer ${key}`, 'x-on-behalf-of': id } });
      const viaPartner = await asPartner(user.id);
      expect(viaPartner.status).to.equal(200);
      expect(((await viaPartner.json()) as { databases: unknown[] }).databases).to.have.length(2);
      expect((await asPartner(other.id)).status).to.equal(404);
    });

    it('chooses by SMS: numbered lists, a notes page by name, a database without "done" explained, the task database by name starting the first sync', async () => {
      await sms('ajoute à ma liste: acheter du lait');
      // Outgoing SMS are GSM-7: "â" is sent as "a".
      expect(await sms('mes bases Notion')).to.equal('Tes bases Notion:\n1. Lectures\n2. Taches\nPour tes taches: "utilise la base 1 pour mes taches"');
      expect(await sms('my Notion pages')).to.equal('Your Notion pages:\n1. Journal\n2. Notes TDAH (chosen)\nFor your notes: "use page 1 for my notes"');
      expect(await sms('note dans la page journal')).to.equal('C\'est noté: tes notes iront dans la page Notion "Journal".');
      expect(await sms('note ça dans Notion: acheter un agenda papier')).to.equal('Noté dans Notion.');
      expect(paragraphs(journal()).at(-1)).to.equal('acheter un agenda papier');

      expect(await sms('utilise la base lectures pour mes tâches')).to.equal(
        'La base "Lectures" n\'a ni case à cocher Fait ni statut Terminé: ajoute une propriété case à cocher nommée Fait dans Notion, puis redemande.',
      );
      expect(await sms('utilise la base jardin pour mes taches')).to.equal('Je ne trouve pas de base Notion "jardin".\nTes bases:\n1. Lectures\n2. Taches');
      expect(await sms('utilise la base TACHES pour mes tâches')).to.equal(
        'C\'est noté: ta liste de taches se synchronise avec la base Notion "Taches" (fait = Fait). Première synchro lancée.',
      );
      const first = (await stack.temporal.workflow.getHandle(notionChoiceSyncId(user.id)).result()) as SyncResult;
      expect(first).to.deep.include({ status: 'synced', created: { local: 1, remote: 1 } });
      // The SMS-added task is a row; the row added in Notion is on "ma liste".
      expect(rowTitles()).to.deep.equal(['Appeler la banque', 'acheter du lait']);
      const created = notion.calls.filter((c) => c.method === 'POST' && c.path === '/v1/pages').at(-1)!;
      expect(created.body!.parent).to.deep.equal({ type: 'data_source_id', data_source_id: tasksDb.dataSourceId });
      expect(created.body!.properties).to.deep.equal({ Nom: { title: [{ type: 'text', text: { content: 'acheter du lait' } }] }, Fait: { checkbox: false } });
      expect(await sms('ma liste')).to.match(/acheter du lait[\s\S]*Appeler la banque/);
      const settings = JSON.parse((await stack.orm.em.fork().findOneOrFail(IntegrationAccount, { userId: user.id, provider: 'notion' })).settings!) as Record<string, unknown>;
      expect(settings).to.deep.include({ pageId: journal().id, databaseId: tasksDb.id, dataSourceId: tasksDb.dataSourceId, titleProperty: 'Nom', doneProperty: { property: 'Fait', type: 'checkbox' } });
      expect(await sms('synchronise mes tâches')).to.equal('Synchronisation lancée avec Notion.');
    });

    it('keeps both sides in step: done both ways (even within the minute Notion stamps), archive and delete, never a duplicate', async () => {
      // Let the "synchronise mes tâches" run finish: syncs of one list are not meant to overlap.
      await settle();
      const again = await syncNow();
      expect(again).to.deep.include({ created: { local: 0, remote: 0 }, deleted: { local: 0, remote: 0 } });

      // Checked in Notion in the same minute as its last edit: last_edited_time does not move.
      const bank = rowNamed('Appeler la banque');
      notion.setClock(new Date(Date.parse(bank.lastEditedTime) + 30_000));
      const stamp = bank.lastEditedTime;
      notion.editRow(bank, { Fait: true });
      notion.setClock(null);
      expect(bank.lastEditedTime).to.equal(stamp);
      expect((await syncNow()).updated).to.deep.equal({ local: 1, remote: 0 });
      expect((await taskNamed('Appeler la banque'))!.status).to.equal('done');

      // Done by SMS → checked in Notion.
      expect(await sms('fait 1')).to.match(/acheter du lait/);
      expect((await syncNow()).updated).to.deep.equal({ local: 0, remote: 1 });
      expect(rowNamed('acheter du lait').values.Fait).to.equal(true);

      // Deleted (trashed) in Notion → deleted here.
      const bins = notion.addRow(tasksDb, { Nom: 'Sortir les poubelles', Fait: false });
      expect((await syncNow()).created).to.deep.equal({ local: 1, remote: 0 });
      notion.archiveRow(bins);
      expect((await syncNow()).deleted).to.deep.equal({ local: 1, remote: 0 });
      expect(await taskNamed('Sortir les poubelles')).to.equal(undefined);

      // Deleted here → moved to the trash in Notion.
      await sms('ajoute à ma liste: réserver le garage');
      expect((await syncNow()).created).to.deep.equal({ local: 0, remote: 1 });
      const garage = (await taskNamed('réserver le garage'))!;
      expect((await api(`/api/v1/tasks/${garage.id}`, { method: 'DELETE' })).status).to.equal(204);
      expect((await syncNow()).deleted).to.deep.equal({ local: 0, remote: 1 });
      expect(rowNamed('réserver le garage').inTrash).to.equal(true);
      expect(notion.calls.filter((c) => c.method === 'PATCH' && c.body?.in_trash === true)).to.have.length(1);

      // Nothing left to do, and the same items on both sides, once each.
      for (let i = 0; i < 2; i += 1) {
        const quiet = await syncNow();
        expect(quiet).to.deep.include({ created: { local: 0, remote: 0 }, updated: { local: 0, remote: 0 }, deleted: { local: 0, remote: 0 }, conflicts: 0 });
      }
      const local = await localTasks();
      expect(local.map((t) => t.title).sort()).to.deep.equal(rowTitles());
      expect(new Set(rowTitles()).size).to.equal(notion.liveRows(tasksDb).length);
      expect(await stack.orm.em.fork().count(ExternalTaskLink, { userId: user.id, provider: 'notion' })).to.equal(local.length);
    });

    it('resolves a change on both sides last-writer-wins, with an audit line', async () => {
      const rowOf = (title: string): FakeNotionRow => notion.addRow(tasksDb, { Nom: title, Fait: false });
      const fees = rowOf('Payer la garderie');
      const marc = rowOf('Rappeler Marc');
      expect((await syncNow()).created).to.deep.equal({ local: 2, remote: 0 });
      const complete = async (title: string) => {
        const t = (await taskNamed(title))!;
        expect((await api(`/api/v1/tasks/${t.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ done: true }) })).status).to.equal(200);
      };

      // Done here now, renamed in Notion five minutes later: Notion wins.
      await complete('Payer la garderie');
      notion.setClock(new Date(Date.now() + 5 * 60_000));
      notion.editRow(fees, { Nom: 'Payer la garderie (janvier)' });
      // Done here now, renamed in Notion ten minutes earlier: the assistant wins.
      await complete('Rappeler Marc');
      notion.setClock(new Date(Date.now() - 10 * 60_000));
      notion.editRow(marc, { Nom: 'Rappeler Marc ce soir' });
      notion.setClock(null);

      const result = await syncNow();
      expect(result.conflicts).to.equal(2);
      expect(await taskNamed('Payer la garderie (janvier)')).to.deep.include({ status: 'open' });
      expect(fees.values).to.deep.include({ Nom: 'Payer la garderie (janvier)', Fait: false });
      expect(await taskNamed('Rappeler Marc')).to.deep.include({ status: 'done' });
      expect(marc.values).to.deep.include({ Nom: 'Rappeler Marc', Fait: true });
      const audit = (await stack.orm.em.fork().find(SyncAudit, { userId: user.id, provider: 'notion', action: 'conflict' })).map((a) => a.detail).sort();
      expect(audit).to.deep.equal([
        '"Payer la garderie": changed on both sides, Notion is newer and wins (last writer wins)',
        '"Rappeler Marc": changed on both sides, assistant is newer and wins (last writer wins)',
      ]);
      const quiet = await syncNow();
      expect(quiet).to.deep.include({ conflicts: 0, updated: { local: 0, remote: 0 } });
    });

    it('reads every row of a big database through the data source query\'s paging, and the fake keeps each version\'s endpoints', async () => {
      const big = notion.addDatabase('Archives', { Nom: { type: 'title' }, Statut: { type: 'status', options: ['Pas commencé', 'En cours', 'Terminé'], complete: ['Terminé'] } });
      for (let i = 0; i < 230; i += 1) notion.addRow(big, { Nom: `ligne ${i}`, Statut: i % 2 ? 'Terminé' : 'En cours' });
      notion.archiveRow(big.rows[0]!);
      // A token of our own, through the OAuth exchange.
      const redirectUri = `${stack.config.publicBaseUrl}/oauth/notion/callback`;
      const tokenRes = await fetch(`${notion.url}/v1/oauth/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${notion.clientId}:${notion.clientSecret}`).toString('base64')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'authorization_code', code: notion.issueCode({ redirectUri }), redirect_uri: redirectUri }),
      });
      const token = ((await tokenRes.json()) as { access_token: string }).access_token;
      const info = await notionDatabase(stack.config.integrations, token, big.id);
      expect(info.properties).to.deep.equal({ titleProperty: 'Nom', doneProperty: { property: 'Statut', type: 'status', done: ['Terminé'], open: 'Pas commencé' } });
      const adapter = (await notionTaskAdapter(stack.config.integrations)({ userId: user.id, token, settings: JSON.stringify({ dataSourceId: info.dataSourceId, ...info.properties }) }))!;
      const before = notion.calls.length;
      const rows = await adapter.list();
      expect(rows).to.have.length(229);
      expect(rows.filter((r) => r.status === 'done')).to.have.length(115);
      const queries = notion.calls.slice(before);
      expect(queries.map((c) => c.path)).to.deep.equal(Array(3).fill(`/v1/data_sources/${info.dataSourceId}/query`));
      expect(queries.map((c) => c.body?.start_cursor ?? null)).to.deep.equal([null, big.rows[101]!.id, big.rows[201]!.id]);
      const one = rows.find((r) => r.id === big.rows[1]!.id)!;
      expect(one).to.include({ title: 'ligne 1', status: 'done', deleted: false });
      const reopened = await adapter.patch(one.id, { title: 'ligne 1', status: 'open' });
      expect(reopened.status).to.equal('open');
      expect(big.rows[1]!.values.Statut).to.equal('Pas commencé');

      const call = (path: string, version: string) => fetch(`${notion.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'notion-version': version, 'content-type': 'application/json' }, body: '{}' });
      expect(await (await call(`/v1/databases/${big.id}/query`, '2025-09-03')).json()).to.include({ object: 'error', code: 'invalid_request_url' });
      expect((await call(`/v1/databases/${big.id}/query`, '2022-06-28')).status).to.equal(200);
      expect(await (await call(`/v1/data_sources/${big.dataSourceId}/query`, '2022-06-28')).json()).to.include({ code: 'invalid_request_url' });
      expect(await (await call('/v1/search', '2021-05-13')).json()).to.include({ code: 'validation_error' });
      notion.databases.splice(notion.databases.indexOf(big), 1);
    });

    it('when the person removes the integration in Notion (401), asks once to reconnect', async () => {
      notion.removeIntegration();
      await stack.inbound(user, 'note ça dans Notion: acheter des piles');
      const all = await extra(2); // the notice (once) and the answer
      for (const m of all.slice(-2)) expect(m.body).to.equal("Ton compte Notion n'est plus relié (accès retiré ou expiré). Pour le reconnecter, écris: connecte Notion");
      const account = await stack.orm.em.fork().findOneOrFail(IntegrationAccount, { userId: user.id, provider: 'notion' });
      expect(account.status).to.equal('needs_reconnect');
      const calls = notion.calls.length;
      expect(await sms('notion: encore une idée')).to.include('connecte Notion');
      await new Promise((r) => setTimeout(r, 1000));
      expect((await stack.twilio.waitForMessages(0, { to: user.phone })).length).to.equal(expected());
      expect(notion.calls.length).to.equal(calls);
    });

    it('disconnects and revokes at Notion', async () => {
      expect((await api('/api/v1/integrations/notion', { method: 'DELETE' })).status).to.equal(204);
      expect(notion.revoked.length).to.equal(1);
      expect(await stack.orm.em.fork().count(IntegrationAccount, { userId: user.id })).to.equal(0);
    });
  });
}
