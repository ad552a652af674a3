import { expect } from 'chai';
import { integrationDeps } from '../../services/integrations/deps';
import { GraphError, todoOpenTasks, todoTaskAdapter } from '../../services/integrations/microsoft';
import type { SyncResult } from '../../services/integrations/task-sync';
import { ExternalTaskLink, IntegrationAccount, SyncAudit, Task, type User } from '../../schemas/entities';
import { syncScheduleId } from '../../temporal/sync-schedules';
import { addCalendarDays, zonedParts } from '../../language/time';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google-server';
import { startFakeGraph, type FakeGraph } from '../fakes/graph-server';
import { DB_KINDS } from '../helpers/databases';
import { bearerOf, personSession } from '../helpers/person';
import { startStack, type Stack } from '../helpers/stack';

for (const db of DB_KINDS) {
  describe(`integrations: Microsoft (Outlook, To Do) through OAuth (fake identity platform + Graph) (${db})`, function () {
    this.timeout(120_000);
    let graph: FakeGraph;
    let stack: Stack;
    let user: User;

    before(async () => {
      graph = await startFakeGraph();
      stack = await startStack({
        db,
        env: { MS_CLIENT_ID: graph.clientId, MS_CLIENT_SECRET: graph.clientSecret, MS_LOGIN_BASE_URL: graph.url, MS_GRAPH_BASE_URL: graph.url },
      });
      user = await stack.addUser({ timezone: 'America/Toronto', language: 'fr' });
    });
    after(async () => {
      await stack?.close();
      await graph?.close();
    });

    const { api, sms, extra, expected } = personSession(() => ({ stack, user }));
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

    const accessToken = async () => {
      const account = await stack.orm.em.fork().findOneOrFail(IntegrationAccount, { userId: user.id, provider: 'microsoft' });
      return integrationDeps(stack.config).keyRing.decryptText(account.accessToken, `integration:microsoft:${user.id}:access`);
    };

    it('the To Do adapter: default list only, status mapping, an "in progress" task kept in progress, a 404 on delete is "already gone"', async () => {
      const config = integrationDeps(stack.config).config;
      const adapter = (await todoTaskAdapter(config)({ userId: user.id, token: await accessToken(), settings: null }))!;
      expect(adapter.label).to.equal('Microsoft To Do');
      const listed = await adapter.list();
      expect(listed.map((t) => [t.title, t.status, t.deleted])).to.deep.equal([
        ['rappeler le garage', 'open', false],
        ['déclaration de revenus', 'done', false],
        ['lire le contrat', 'open', false],
      ]);
      const t3 = graph.todo.tasks().find((t) => t.id === 't3')!;
      expect(listed[2]!.updated).to.equal(t3.lastModifiedDateTime).and.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);

      const patched = await adapter.patch('t3', { title: 'lire le contrat de bail', status: 'open' });
      expect(patched).to.include({ id: 't3', title: 'lire le contrat de bail', status: 'open' });
      expect(patched.updated > listed[2]!.updated).to.equal(true);
      expect(graph.todo.tasks().find((t) => t.id === 't3')).to.include({ title: 'lire le contrat de bail', status: 'inProgress' });
      await adapter.patch('t3', { title: 'lire le contrat de bail', status: 'done' });
      expect(graph.todo.tasks().find((t) => t.id === 't3')!.status).to.equal('completed');

      await adapter.remove('t1');
      expect(graph.calls.at(-1)).to.include({ method: 'DELETE', status: 204 });
      await adapter.remove('t1'); // gone already: Graph answers 404, the goal is reached
      expect(graph.calls.at(-1)).to.include({ method: 'DELETE', status: 404 });
      const err = await adapter.patch('t1', { title: 'x', status: 'open' }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(GraphError).and.include({ status: 404 });
      expect(String(err)).to.not.include(await accessToken());
      // A fresh start for the sync tests; the other list ("Courses") is never touched by a sync.
      graph.todoLists[0]!.tasks.length = 0;
    });

    let syncs = 0;
    const runSync = async (): Promise<SyncResult> =>
      (await stack.temporal.workflow.execute('syncWorkflow', {
        taskQueue: stack.config.temporal.taskQueue,
        workflowId: `sync-test-${user.id}-${(syncs += 1)}`,
        args: [{ userId: user.id, provider: 'microsoft' }],
      })) as SyncResult;
    const local = async () => (await stack.orm.em.fork().find(Task, { user: user.id }, { orderBy: { position: 'asc' } })).map((t) => `${t.title} [${t.status}]`);
    const remote = () => graph.todo.tasks().map((t) => `${t.title} [${t.status === 'completed' ? 'done' : 'open'}]`);
    const audit = async () => (await stack.orm.em.fork().find(SyncAudit, { userId: user.id, provider: 'microsoft' }, { orderBy: { createdAt: 'asc' } })).map((a) => `${a.action}: ${a.detail}`);
    /** Titles are encrypted columns: load, then compare. */
    const taskTitled = async (prefix: string) => (await stack.orm.em.fork().find(Task, { user: user.id })).find((t) => t.title.startsWith(prefix))!;
    const counts = (r: SyncResult) => ({ created: r.created, updated: r.updated, deleted: r.deleted, conflicts: r.conflicts });
    const none = { created: { local: 0, remote: 0 }, updated: { local: 0, remote: 0 }, deleted: { local: 0, remote: 0 }, conflicts: 0 };

    it('connecting created the 15-minute To Do sync schedule (paused here so the test drives the syncs)', async () => {
      const handle = stack.temporal.schedule.getHandle(syncScheduleId(user.id, 'microsoft'));
      const desc = await handle.describe();
      expect(desc.action).to.include({ workflowType: 'syncWorkflow' });
      expect((desc.action as { args: unknown[] }).args).to.deep.equal([{ userId: user.id, provider: 'microsoft' }]);
      expect(desc.spec.intervals?.[0]?.every).to.equal(15 * 60_000);
      await handle.pause('the test runs the syncs itself');
    });

    it('two-way: a task added by SMS appears in To Do, a task added in To Do appears in "ma liste"', async () => {
      expect(await sms('ajoute acheter du lait à ma liste')).to.equal('Ajouté à ta liste: acheter du lait (1 à faire).');
      graph.todo.add('appeler le dentiste'); // the person, in the To Do app
      const first = await runSync();
      expect(first.status).to.equal('synced');
      expect(counts(first)).to.deep.equal({ ...none, created: { local: 1, remote: 1 } });
      expect(remote()).to.deep.equal(['appeler le dentiste [open]', 'acheter du lait [open]']);
      expect(graph.todo.tasks().find((t) => t.title === 'acheter du lait')!.status).to.equal('notStarted');
      expect(await sms('ma liste')).to.equal('Ta liste:\n1. acheter du lait\n2. appeler le dentiste');
      expect((await audit()).sort()).to.deep.equal(['create_local: "appeler le dentiste" from Microsoft To Do', 'create_remote: "acheter du lait" to Microsoft To Do']);
      // Only the default list is read or written.
      expect(graph.todoLists[1]!.tasks.map((t) => t.title)).to.deep.equal(['pain']);
      expect(graph.calls.some((c) => c.path.includes('other-list'))).to.equal(false);
    });

    it('running the sync again, and again, creates no duplicates and calls no write endpoint', async () => {
      const before = graph.calls.length;
      expect(counts(await runSync())).to.deep.equal(none);
      expect(counts(await runSync())).to.deep.equal(none);
      expect(graph.calls.slice(before).filter((c) => c.method !== 'GET')).to.deep.equal([]);
      expect(remote()).to.have.length(2);
      expect(await local()).to.deep.equal(['acheter du lait [open]', 'appeler le dentiste [open]']);
      expect(await stack.orm.em.fork().count(ExternalTaskLink, { userId: user.id, provider: 'microsoft' })).to.equal(2);
    });

    it('completing on either side propagates', async () => {
      graph.todo.complete('appeler le dentiste');
      expect(counts(await runSync())).to.deep.equal({ ...none, updated: { local: 1, remote: 0 } });
      const dentist = await taskTitled('appeler le dentiste');
      expect(dentist.status).to.equal('done');
      expect(dentist.completedAt).to.be.instanceOf(Date);
      expect(await sms('ma liste')).to.equal('Ta liste:\n1. acheter du lait');

      expect(await sms('fait 1')).to.match(/^Bravo! Fait: acheter du lait\./);
      expect(counts(await runSync())).to.deep.equal({ ...none, updated: { local: 0, remote: 1 } });
      const patch = graph.calls.filter((c) => c.method === 'PATCH').at(-1)!;
      expect(patch.path).to.match(/^\/v1\.0\/me\/todo\/lists\/[^/]+\/tasks\/AAkALg/);
      expect(patch.status).to.equal(200);
      expect(remote()).to.deep.equal(['appeler le dentiste [done]', 'acheter du lait [done]']);
      expect(graph.todo.tasks().find((t) => t.title === 'acheter du lait')!.completedDateTime).to.include({ timeZone: 'UTC' });
      expect(counts(await runSync())).to.deep.equal(none);
    });

    it('deleting on either side propagates (Graph forgets deleted tasks: "not listed" is a deletion)', async () => {
      expect(await sms('ajoute payer le loyer à ma liste')).to.equal('Ajouté à ta liste: payer le loyer (1 à faire).');
      graph.todo.add('sortir les poubelles');
      expect(counts(await runSync())).to.deep.equal({ ...none, created: { local: 1, remote: 1 } });

      graph.todo.remove('sortir les poubelles');
      const rent = await taskTitled('payer le loyer');
      expect((await api(`/api/v1/tasks/${rent.id}`, { method: 'DELETE' })).status).to.equal(204);
      expect(counts(await runSync())).to.deep.equal({ ...none, deleted: { local: 1, remote: 1 } });
      expect(graph.calls.filter((c) => c.method === 'DELETE').at(-1)).to.include({ status: 204 });
      expect(remote()).to.deep.equal(['appeler le dentiste [done]', 'acheter du lait [done]']);
      expect(await local()).to.deep.equal(['acheter du lait [done]', 'appeler le dentiste [done]']);
      expect((await audit()).slice(-2).sort()).to.deep.equal(['delete_local: "sortir les poubelles" deleted in Microsoft To Do', 'delete_remote: "payer le loyer" deleted here']);
      expect(await stack.orm.em.fork().count(ExternalTaskLink, { userId: user.id, provider: 'microsoft' })).to.equal(2);
      expect(counts(await runSync())).to.deep.equal(none);
    });

    it('a change on both sides is resolved last-writer-wins, with a sync_audit line', async () => {
      await sms('ajoute réserver le resto à ma liste');
      await runSync();
      // Renamed in To Do, then checked off by SMS: the assistant's change is the newer one.
      graph.todo.rename('réserver le resto', 'réserver le resto italien');
      await new Promise((r) => setTimeout(r, 20));
      expect(await sms('fait 1')).to.match(/^Bravo! Fait: réserver le resto\./);
      expect(counts(await runSync())).to.deep.equal({ ...none, updated: { local: 0, remote: 1 }, conflicts: 1 });
      expect(graph.todo.tasks().find((t) => t.title.startsWith('réserver'))).to.include({ title: 'réserver le resto', status: 'completed' });
      expect((await audit()).filter((l) => l.startsWith('conflict:'))).to.deep.equal([
        'conflict: "réserver le resto": changed on both sides, assistant is newer and wins (last writer wins)',
      ]);

      // Checked off by SMS, then renamed in To Do: To Do's version is the newer one.
      await sms('ajoute rappeler Paul à ma liste');
      await runSync();
      expect(await sms('fait 1')).to.match(/^Bravo! Fait: rappeler Paul\./);
      await new Promise((r) => setTimeout(r, 20));
      graph.todo.rename('rappeler Paul', 'rappeler Paul lundi');
      expect(counts(await runSync())).to.deep.equal({ ...none, updated: { local: 1, remote: 0 }, conflicts: 1 });
      const paul = await taskTitled('rappeler Paul');
      expect([paul.title, paul.status]).to.deep.equal(['rappeler Paul lundi', 'open']);
      expect((await audit()).filter((l) => l.startsWith('conflict:')).at(-1)).to.equal(
        'conflict: "rappeler Paul": changed on both sides, Microsoft To Do is newer and wins (last writer wins)',
      );
      expect(counts(await runSync())).to.deep.equal(none);

      // A title edited here (REST API) after a rename in To Do: the edit time decides, not the
      // task's creation time (tasks.updated_at).
      await sms('ajoute acheter des piles à ma liste');
      await runSync();
      graph.todo.rename('acheter des piles', 'acheter des piles AA');
      await new Promise((r) => setTimeout(r, 20));
      const batteries = await taskTitled('acheter des piles');
      const patched = await api(`/api/v1/tasks/${batteries.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'acheter des piles AAA' }) });
      expect(patched.status).to.equal(200);
      expect(counts(await runSync())).to.deep.equal({ ...none, updated: { local: 0, remote: 1 }, conflicts: 1 });
      expect(graph.todo.tasks().find((t) => t.title.startsWith('acheter des piles'))!.title).to.equal('acheter des piles AAA');
      expect(counts(await runSync())).to.deep.equal(none);
    });

    it('pages through a To Do list longer than one page (@odata.nextLink), without duplicates', async () => {
      graph.todoPageSize = 3;
      try {
        for (let i = 1; i <= 7; i += 1) graph.todo.add(`étape ${i}`, i <= 5 ? 'completed' : 'notStarted');
        const before = graph.calls.length;
        const r = await runSync();
        expect(counts(r)).to.deep.equal({ ...none, created: { local: 7, remote: 0 } });
        const pages = graph.calls.slice(before).filter((c) => c.method === 'GET' && /\/tasks$/.test(c.path));
        // 12 tasks in the list, 3 per page.
        expect(pages.map((c) => new URLSearchParams(c.search).get('$skip'))).to.deep.equal([null, '3', '6', '9']);
        expect(await sms('ma liste')).to.equal('Ta liste:\n1. rappeler Paul lundi\n2. acheter des piles AAA\n3. étape 6\n4. étape 7');
        expect(counts(await runSync())).to.deep.equal(none);
        expect(graph.todo.tasks()).to.have.length(12);
        expect(await stack.orm.em.fork().count(Task, { user: user.id })).to.equal(12);
      } finally {
        graph.todoPageSize = 10;
      }
    });

    it('a 401 in the middle of a sync gets one forced refresh, and the sync completes without a duplicate', async () => {
      await sms('ajoute arroser les plantes à ma liste');
      const refreshes = () => graph.tokenRequests.filter((r) => r.grant_type === 'refresh_token').length;
      const count = refreshes();
      const before = graph.calls.length;
      // The token is invalidated when the sync is about to create the task (after it listed the tasks).
      graph.onGraphCall = (call) => {
        if (call.method === 'POST') {
          graph.onGraphCall = null;
          graph.invalidateAccessTokens();
        }
      };
      const r = await runSync();
      expect(r.status).to.equal('synced');
      expect(counts(r)).to.deep.equal({ ...none, created: { local: 0, remote: 1 } });
      expect(refreshes()).to.equal(count + 1);
      expect(graph.calls.slice(before).filter((c) => c.method === 'POST').map((c) => c.status)).to.deep.equal([401, 201]);
      expect(graph.todo.tasks().filter((t) => t.title === 'arroser les plantes')).to.have.length(1);
      expect(counts(await runSync())).to.deep.equal(none);
      expect(refreshes()).to.equal(count + 1);
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
      const all = await extra(2);
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
      expect((await stack.twilio.waitForMessages(0, { to: user.phone })).length).to.equal(expected());
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

describe('integrations: Google Tasks and Microsoft To Do together (on-demand sync of both, a Graph outage) (sqlite)', function () {
  this.timeout(120_000);
  let google: FakeGoogle;
  let graph: FakeGraph;
  let stack: Stack;
  let user: User;
  let auth: { authorization: string };

  before(async () => {
    google = await startFakeGoogle();
    graph = await startFakeGraph();
    stack = await startStack({
      db: 'sqlite',
      env: {
        GOOGLE_CLIENT_ID: google.clientId,
        GOOGLE_CLIENT_SECRET: google.clientSecret,
        GOOGLE_OAUTH_BASE_URL: google.url,
        GOOGLE_API_BASE_URL: google.url,
        MS_CLIENT_ID: graph.clientId,
        MS_CLIENT_SECRET: graph.clientSecret,
        MS_LOGIN_BASE_URL: graph.url,
        MS_GRAPH_BASE_URL: graph.url,
      },
    });
    user = await stack.addUser({ timezone: 'Europe/Paris', language: 'fr' });
    auth = bearerOf(stack, user);
  });
  after(async () => {
    await stack?.close();
    await graph?.close();
    await google?.close();
  });

  const { sms } = personSession(() => ({ stack, user }));
  async function connect(provider: 'google' | 'microsoft'): Promise<void> {
    const res = await fetch(`${stack.baseUrl}/api/v1/integrations/${provider}/connect`, { method: 'POST', headers: auth });
    const url = new URL(((await res.json()) as { authorizationUrl: string }).authorizationUrl);
    const challenge = url.searchParams.get('code_challenge');
    const code = provider === 'google' ? google.issueCode(challenge) : graph.issueCode({ challenge, redirectUri: url.searchParams.get('redirect_uri')!, scope: url.searchParams.get('scope')! });
    const ok = await fetch(`${stack.baseUrl}/oauth/${provider}/callback?code=${encodeURIComponent(code)}&state=${encodeURIComponent(url.searchParams.get('state')!)}`);
    expect(ok.status).to.equal(200);
    // The test drives the syncs: the 15-minute schedule is paused.
    await stack.temporal.schedule.getHandle(syncScheduleId(user.id, provider)).pause('test');
  }
  async function until(check: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  /** The on-demand syncs ("synchronise mes tâches") of this person and provider, to await them. */
  async function onDemandSyncs(provider: 'google' | 'microsoft'): Promise<string[]> {
    const ids: string[] = [];
    for await (const wf of stack.temporal.workflow.list({ query: `WorkflowType = "syncWorkflow" AND WorkflowId STARTS_WITH "sync-${user.id}-${provider}-now-"` })) ids.push(wf.workflowId);
    return ids;
  }
  const runSync = (provider: 'google' | 'microsoft', n: number) =>
    stack.temporal.workflow.execute('syncWorkflow', { taskQueue: stack.config.temporal.taskQueue, workflowId: `sync-test-${user.id}-${provider}-${n}`, args: [{ userId: user.id, provider }] });

  it('"synchronise mes tâches" with Google and Microsoft connected starts both syncs', async () => {
    await connect('google');
    await connect('microsoft');
    expect(await sms('ajoute acheter du lait à ma liste')).to.equal('Ajouté à ta liste: acheter du lait (1 à faire).');
    expect(await sms('synchronise mes tâches')).to.equal('Synchronisation lancée avec Google Tasks et Microsoft To Do.');
    await until(() => google.tasks.some((t) => t.title === 'acheter du lait') && graph.todo.tasks().some((t) => t.title === 'acheter du lait'), 'the task in both lists');
    let ids: string[] = [];
    const deadline = Date.now() + 10_000;
    while (ids.length < 2 && Date.now() < deadline) ids = [...(await onDemandSyncs('google')), ...(await onDemandSyncs('microsoft'))];
    expect(ids).to.have.length(2);
    for (const id of ids) expect(await stack.temporal.workflow.getHandle(id).result()).to.include({ status: 'synced' });
    expect(google.tasks.filter((t) => t.title === 'acheter du lait')).to.have.length(1);
    expect(graph.todo.tasks().filter((t) => t.title === 'acheter du lait')).to.have.length(1);
  });

  it('a Graph outage opens the Microsoft breaker (Google keeps syncing); the person is told once, when they ask', async () => {
    graph.outage = true;
    try {
      const before = graph.calls.length;
      const messages = (await stack.twilio.waitForMessages(0, { to: user.phone })).length;
      // Three scheduled-like syncs at once: 3 attempts each (the activity's retries) = 9 attempts.
      const results = await Promise.all([runSync('microsoft', 1), runSync('microsoft', 2), runSync('microsoft', 3), runSync('google', 1)]);
      expect(results.slice(0, 3)).to.deep.equal([{ status: 'failed' }, { status: 'failed' }, { status: 'failed' }]);
      expect(results[3]).to.include({ status: 'synced' });
      // After 5 consecutive 503s the breaker opened: the remaining attempts failed fast without calling Graph
      // (a 6th can be in flight when the 5th fails).
      const reached = graph.calls.slice(before);
      expect(reached.every((c) => c.status === 503)).to.equal(true);
      expect(reached.length).to.be.within(5, 6);
      // Background syncs text nothing.
      expect((await stack.twilio.waitForMessages(0, { to: user.phone })).length).to.equal(messages);

      // Asked by SMS: one reply says it (Google's sync starts as usual).
      expect(await sms('synchronise mes tâches')).to.equal(
        'Synchronisation lancée avec Google Tasks. Microsoft To Do ne répond pas en ce moment; je réessaierai tout seul, pas besoin de redemander.',
      );
      let ids: string[] = [];
      const deadline = Date.now() + 10_000;
      while (ids.length < 2 && Date.now() < deadline) ids = await onDemandSyncs('microsoft');
      expect(ids).to.have.length(2);
      const latest = ids.sort().at(-1)!;
      expect(await stack.temporal.workflow.getHandle(latest).result()).to.deep.equal({ status: 'failed' });
      expect(graph.calls.length - before).to.be.at.most(7); // its attempts failed fast (at most one half-open trial)
      await new Promise((r) => setTimeout(r, 500));
      expect((await stack.twilio.waitForMessages(0, { to: user.phone })).length).to.equal(messages + 1);
      expect(google.calls.some((c) => c.method === 'GET' && c.path.includes('/tasks/v1/'))).to.equal(true);
    } finally {
      graph.outage = false;
    }
  });
});
