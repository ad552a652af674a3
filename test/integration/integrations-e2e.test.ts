/**
 * Issue 8's "Done when", end to end on the real stack (api, Temporal dev server, worker,
 * database, fake Twilio) against fakes that speak the providers' real APIs: one person connects
 * Google, Outlook and Notion through the OAuth flow, asks about their day by SMS, notes something
 * in Notion, gets the morning and evening check-ins, and their tasks stay in sync both ways.
 *
 * The steps share one person and run in order. Task sync is one `it` per entry of TASK_SYNCS:
 * Google Tasks, Microsoft To Do and the Notion database the person picks by SMS.
 */
import { expect } from 'chai';
import { signAccessToken } from '../../api/auth/tokens';
import type { ProviderName } from '../../schemas/config';
import { IntegrationAccount, Task, User } from '../../schemas/entities';
import { localToUtc, zonedParts } from '../../language/time';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google-server';
import { startFakeGraph, type FakeGraph } from '../fakes/graph-server';
import { paragraphs, startFakeNotion, type FakeNotion, type FakeNotionDatabase } from '../fakes/notion-server';
import { DB_KINDS } from '../helpers/databases';
import { waitFor } from '../helpers/ports';
import { pauseSyncSchedule } from '../helpers/person';
import { startStack, type Stack } from '../helpers/stack';

const TZ = 'America/Toronto';

interface Fakes {
  google: FakeGoogle;
  graph: FakeGraph;
  notion: FakeNotion;
}

/**
 * A provider's task list as the e2e test sees it: add an item on the provider's side, and read
 * the open titles there. `sync` runs the provider's syncWorkflow once (the schedule's work).
 */
interface TaskSync {
  provider: ProviderName;
  /** What the person does once before the first sync (Notion: choose the database, by SMS). */
  setup?(fakes: Fakes, sms: (body: string) => Promise<string>): Promise<void>;
  addRemote(fakes: Fakes, title: string): void;
  remoteTitles(fakes: Fakes): string[];
}

/** The Notion database the person shares and picks for their tasks (one per run of the suite). */
const notionTasks: { db: FakeNotionDatabase | null } = { db: null };

const TASK_SYNCS: TaskSync[] = [
  {
    provider: 'google',
    addRemote: ({ google }, title) => void google.tasks.push({ id: `g-${google.tasks.length + 1}`, title, status: 'needsAction', updated: new Date().toISOString() }),
    remoteTitles: ({ google }) => google.tasks.filter((t) => !t.deleted).map((t) => t.title),
  },
  {
    provider: 'microsoft',
    addRemote: ({ graph }, title) => void graph.todo.add(title),
    remoteTitles: ({ graph }) => graph.todo.tasks().map((t) => t.title),
  },
  {
    provider: 'notion',
    async setup({ notion }, sms) {
      notionTasks.db = notion.addDatabase('Tâches', { Nom: { type: 'title' }, Fait: { type: 'checkbox' } });
      // Choosing starts a first sync at once; the test's own syncs wait for it (one sync per list at a time).
      expect(await sms('utilise la base Tâches pour mes tâches')).to.match(/^C'est noté: ta liste de t[aâ]ches se synchronise avec la base Notion/);
    },
    addRemote: ({ notion }, title) => void notion.addRow(notionTasks.db!, { Nom: title, Fait: false }),
    remoteTitles: ({ notion }) => notion.liveRows(notionTasks.db!).map((r) => String(r.values.Nom)),
  },
];

for (const db of DB_KINDS) describe(`issue 8 end to end: Google, Outlook and Notion connected, day by SMS, check-ins, tasks in sync (${db})`, function () {
  this.timeout(180_000);
  const fakes = {} as Fakes;
  let stack: Stack;
  let user: User;
  let auth: { authorization: string };

  before(async () => {
    [fakes.google, fakes.graph, fakes.notion] = await Promise.all([startFakeGoogle(), startFakeGraph(), startFakeNotion()]);
    const { google, graph, notion } = fakes;
    stack = await startStack({
      db,
      env: {
        GOOGLE_CLIENT_ID: google.clientId, GOOGLE_CLIENT_SECRET: google.clientSecret, GOOGLE_OAUTH_BASE_URL: google.url, GOOGLE_API_BASE_URL: google.url,
        MS_CLIENT_ID: graph.clientId, MS_CLIENT_SECRET: graph.clientSecret, MS_LOGIN_BASE_URL: graph.url, MS_GRAPH_BASE_URL: graph.url,
        NOTION_CLIENT_ID: notion.clientId, NOTION_CLIENT_SECRET: notion.clientSecret, NOTION_API_BASE_URL: notion.url,
      },
    });
    user = await stack.addUser({ timezone: TZ, language: 'fr' });
    // No quiet hours: the check-ins go out whenever the test runs.
    await stack.orm.em.fork().nativeUpdate(User, { id: user.id }, { quietStart: '00:00', quietEnd: '00:00' });
    auth = { authorization: `Bearer ${signAccessToken(stack.config.auth.jwtSecret, user.id, 'user')}` };
  });
  after(async () => {
    await stack?.close();
    await Promise.all([fakes.google?.close(), fakes.graph?.close(), fakes.notion?.close()]);
  });

  /** Runs `action`, then waits for the next SMS to the person and returns its body. */
  async function nextSms(action: () => Promise<unknown>): Promise<string> {
    const before = stack.twilio.messages.filter((m) => m.to === user.phone).length;
    await action();
    const all = await stack.twilio.waitForMessages(before + 1, { to: user.phone, timeoutMs: 30_000 });
    return all[before]!.body;
  }
  const sms = (body: string) => nextSms(() => stack.inbound(user, body));
  const workflow = (type: string, args: unknown) =>
    stack.temporal.workflow.execute(type, { taskQueue: stack.config.temporal.taskQueue, workflowId: `${type}-e2e-${Date.now()}-${Math.random()}`, args: [args] });

  /** POST …/connect, the provider's consent page (a GET that redirects), then our callback. */
  async function connect(provider: ProviderName): Promise<void> {
    const res = await fetch(`${stack.baseUrl}/api/v1/integrations/${provider}/connect`, { method: 'POST', headers: auth });
    expect(res.status).to.equal(200);
    const { authorizationUrl } = (await res.json()) as { authorizationUrl: string };
    const consent = await fetch(authorizationUrl, { redirect: 'manual' });
    expect(consent.status, `${provider} consent page`).to.equal(302);
    const callback = new URL(consent.headers.get('location')!);
    expect(callback.origin + callback.pathname).to.equal(`${stack.config.publicBaseUrl}/oauth/${provider}/callback`);
    const done = await fetch(callback);
    expect(done.status, `${provider} callback`).to.equal(200);
  }

  /** Today at this local time in the person's zone (right on DST days too). */
  const todayAt = (hours: number) => localToUtc({ ...zonedParts(new Date(), TZ), hour: Math.floor(hours), minute: (hours % 1) * 60 }, TZ).toISOString();

  it('connects Google, Outlook (Microsoft) and Notion through the OAuth flow', async () => {
    // The page the person shares with the assistant on Notion's consent screen.
    fakes.notion.pages.push({ id: '7f1c2a3b-0000-4000-8000-000000000001', title: 'Notes TDAH', children: [] });
    for (const provider of ['google', 'microsoft', 'notion'] as const) await connect(provider);
    // The test runs the syncs itself (and counts what each did): no scheduled run in between.
    for (const provider of ['google', 'microsoft', 'notion'] as const) await pauseSyncSchedule(stack, user.id, provider);
    const list = (await (await fetch(`${stack.baseUrl}/api/v1/integrations`, { headers: auth })).json()) as Array<{ provider: string; connected: boolean }>;
    expect(list.map((p) => [p.provider, p.connected])).to.deep.equal([['google', true], ['microsoft', true], ['notion', true]]);
    const accounts = await stack.orm.em.fork().find(IntegrationAccount, { userId: user.id }, { orderBy: { provider: 'asc' } });
    expect(accounts.map((a) => [a.provider, a.status])).to.deep.equal([['google', 'connected'], ['microsoft', 'connected'], ['notion', 'connected']]);
  });

  it('"qu\'est-ce que j\'ai aujourd\'hui?" answers with the events of both calendars', async () => {
    fakes.google.events.push({ id: 'ge1', summary: 'Dentiste', start: { dateTime: todayAt(9.5) }, end: { dateTime: todayAt(10.5) } });
    fakes.graph.events.push({ id: 'oe1', subject: 'Réunion équipe', start: todayAt(14), end: todayAt(15) });
    const reply = await sms("qu'est-ce que j'ai aujourd'hui?");
    expect(reply).to.match(/^Ton plan pour aujourd'hui:\nAgenda: 9 h 30 Dentiste; 14 h Réunion équipe/);
    const outlook = await sms("qu'est-ce que j'ai dans mon agenda aujourd'hui?");
    expect(outlook).to.equal("Ton agenda aujourd'hui:\n- 9 h 30 Dentiste\n- 14 h Réunion équipe");
  });

  it('"note ça dans Notion: …" lands in the shared Notion page', async () => {
    expect(await sms('note ça dans Notion: idée cadeau pour Léa, un casse-tête')).to.equal('Noté dans Notion.');
    expect(paragraphs(fakes.notion.pages[0]!)).to.deep.equal(['idée cadeau pour Léa, un casse-tête']);
  });

  for (const sync of TASK_SYNCS) {
    it(`keeps the task list in sync both ways with ${sync.provider}`, async () => {
      await sync.setup?.(fakes, sms);
      const title = `payer la facture ${sync.provider}`;
      expect(await sms(`ajoute ${title} à ma liste`)).to.match(/^Ajouté à ta liste: payer la facture/);
      await workflow('syncWorkflow', { userId: user.id, provider: sync.provider });
      expect(sync.remoteTitles(fakes)).to.include(title);

      const remote = `rappeler le garage (${sync.provider})`;
      sync.addRemote(fakes, remote);
      await workflow('syncWorkflow', { userId: user.id, provider: sync.provider });
      expect(await sms('ma liste')).to.include(remote);

      // A second sync changes nothing: no duplicates on either side.
      await workflow('syncWorkflow', { userId: user.id, provider: sync.provider });
      expect(sync.remoteTitles(fakes).filter((t) => t === title)).to.have.length(1);
      const local = (await stack.orm.em.fork().find(Task, { user: user.id, status: 'open' })).map((t) => t.title);
      expect(local.filter((t) => t === remote)).to.have.length(1);
    });
  }

  it('three syncs of the same list at once (schedule, SMS, a retry) create nothing twice', async () => {
    expect(await sms('ajoute réserver le garage à ma liste')).to.match(/^Ajouté à ta liste: réserver le garage/);
    TASK_SYNCS[1]!.addRemote(fakes, 'appeler maman');
    const runs = await Promise.all([1, 2, 3].map(() => workflow('syncWorkflow', { userId: user.id, provider: 'microsoft' })));
    expect(runs.map((r) => (r as { status: string }).status)).to.deep.equal(['synced', 'synced', 'synced']);
    const remote = TASK_SYNCS[1]!.remoteTitles(fakes);
    expect(remote.filter((t) => t === 'réserver le garage')).to.have.length(1);
    const local = (await stack.orm.em.fork().find(Task, { user: user.id })).map((t) => t.title);
    expect(local.filter((t) => t === 'appeler maman')).to.have.length(1);
    // Every list holds each item once.
    for (const s of TASK_SYNCS) {
      const titles = s.remoteTitles(fakes);
      expect(new Set(titles).size, s.provider).to.equal(titles.length);
    }
    expect(new Set(local).size).to.equal(local.length);
  });

  it('"synchronise mes tâches" by SMS starts a sync of every list: a new task reaches Google Tasks, To Do and Notion', async () => {
    await sms('ajoute acheter des timbres à ma liste');
    await sms('synchronise mes tâches');
    for (const s of TASK_SYNCS) {
      await waitFor(() => s.remoteTitles(fakes).includes('acheter des timbres'), { what: `the task in ${s.provider}'s list`, timeoutMs: 30_000 });
    }
  });

  it('the morning check-in texts today\'s events of both calendars and the top tasks', async () => {
    const text = await nextSms(() => workflow('dailyCheckinWorkflow', { userId: user.id, slot: 'morning' }));
    expect(text).to.match(/^Bon matin! Ta journée:\nAgenda: 9 h 30 Dentiste; 14 h Réunion équipe\n/);
    expect(text).to.match(/Top 3: 1\. payer la facture google/);
  });

  it('the evening check-in texts what was done today', async () => {
    expect(await sms('fait 1')).to.match(/^Bravo! Fait: payer la facture google\./);
    const text = await nextSms(() => workflow('dailyCheckinWorkflow', { userId: user.id, slot: 'evening' }));
    expect(text).to.include('payer la facture google');
    expect(text).to.match(/demain\?$/);
  });
});
