import { expect } from 'chai';
import { accountStatuses } from '../../services/integrations/accounts';
import { IntegrationAccount, User } from '../../schemas/entities';
import { addCalendarDays, zonedParts } from '../../language/time';
import { lastFunctionResponses, startFakeGemini, type FakeGemini, type RecordedGeminiRequest } from '../fakes/gemini-server';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google-server';
import { DB_KINDS } from '../helpers/databases';
import { bearerOf, personSession } from '../helpers/person';
import { startStack, type Stack } from '../helpers/stack';

/** The names of the function declarations a request to Gemini offered. */
const offered = (req: RecordedGeminiRequest) => (req.body.tools?.[0]?.functionDeclarations ?? []).map((d) => d.name);
const INTEGRATION_TOOLS = ['connect_account', 'agenda', 'create_event', 'note_to_notion', 'find_video', 'sync_tasks'];

/** Median and 95th percentile of `runs` timed calls, in ms. */
async function timed(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(runs / 2)]!, p95: times[Math.floor(runs * 0.95)]! };
}

for (const db of DB_KINDS) describe(`the Gemini brain is offered only the tools of connected accounts (${db}, fake Gemini, fake Google)`, function () {
  this.timeout(120_000);
  let fake: FakeGemini;
  let google: FakeGoogle;
  let stack: Stack;
  let user: User;

  before(async () => {
    fake = await startFakeGemini();
    google = await startFakeGoogle();
    stack = await startStack({
      db,
      env: {
        GEMINI_API_KEY: fake.apiKey, GEMINI_API_BASE_URL: fake.url, GEMINI_MODEL: 'gemini-2.5-flash',
        // Google and Microsoft are configured; Notion is not.
        GOOGLE_CLIENT_ID: google.clientId, GOOGLE_CLIENT_SECRET: google.clientSecret, GOOGLE_OAUTH_BASE_URL: google.url, GOOGLE_API_BASE_URL: google.url,
        MS_CLIENT_ID: 'ms-client', MS_CLIENT_SECRET: 'ms-secret',
      },
    });
    user = await stack.addUser({ timezone: 'America/Toronto', language: 'fr' });
  });
  beforeEach(() => fake.reset());
  after(async () => {
    await stack?.close();
    await google?.close();
    await fake?.close();
  });

  const { sms } = personSession(() => ({ stack, user }));

  /** The activity types the person's conversation scheduled, in order. */
  async function activityTypes(): Promise<string[]> {
    const history = await stack.temporal.workflow.getHandle(`conversation-${user.id}`).fetchHistory();
    return (history.events ?? []).flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType!.name!] : []));
  }

  it('before any account: connect_account for the configured providers only, no agenda; a call to agenda is refused back to the model', async () => {
    let refused: unknown = null;
    fake.script({ calls: [{ name: 'agenda', args: { day: 'tomorrow' } }] }, (req) => {
      refused = lastFunctionResponses(req)[0];
      return { text: 'Ton agenda n\'est pas relié. Écris "connecte Google" et je le verrai.' };
    });
    const reply = await sms("qu'est-ce que j'ai demain?");
    expect(reply).to.equal('Ton agenda n\'est pas relié. Écris "connecte Google" et je le verrai.');

    const [first, second] = fake.requests;
    expect(offered(first!).filter((n) => INTEGRATION_TOOLS.includes(n))).to.deep.equal(['connect_account']);
    expect(offered(first!)).to.include.members(['add_task', 'create_reminder', 'set_checkin']);
    const connect = first!.body.tools![0]!.functionDeclarations!.find((d) => d.name === 'connect_account')!;
    expect((connect.parametersJsonSchema as { properties: { provider: { enum: string[] } } }).properties.provider.enum).to.deep.equal(['google', 'microsoft']);
    expect(first!.system).to.include('Connected accounts: none.');
    expect(first!.system).to.include('Not connected (can be): Google (Calendar, Tasks, YouTube), Microsoft (Outlook calendar, To Do).');
    expect(first!.system).to.include('Not available in this assistant: Notion (notes); never offer to connect them.');
    expect(refused).to.deep.equal({
      name: 'agenda',
      response: { error: 'tool agenda is not available: the person has not connected Google or Microsoft (Outlook); suggest connecting it with connect_account' },
    });
    expect(offered(second!)).to.deep.equal(offered(first!));
    // Nothing ran: the refused call went straight back to the model.
    expect(await activityTypes()).to.deep.equal(['recordInbound', 'interpretMessage', 'continueTurn', 'sendSms']);
    expect(google.calls.filter((c) => c.path.startsWith('/calendar'))).to.have.length(0);
  });

  it('after Google is connected (OAuth flow): agenda, create_event, find_video and sync_tasks are offered, and agenda runs', async () => {
    const auth = bearerOf(stack, user);
    const res = await fetch(`${stack.baseUrl}/api/v1/integrations/google/connect`, { method: 'POST', headers: auth });
    const url = new URL(((await res.json()) as { authorizationUrl: string }).authorizationUrl);
    const code = google.issueCode(url.searchParams.get('code_challenge'));
    const cb = await fetch(`${stack.baseUrl}/oauth/google/callback?state=${encodeURIComponent(url.searchParams.get('state')!)}&code=${encodeURIComponent(code)}`);
    expect(cb.status).to.equal(200);

    const t = addCalendarDays(zonedParts(new Date(), 'America/Toronto'), 1);
    const day = `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
    google.events.push({ id: 'e1', summary: 'Dentiste', start: { dateTime: `${day}T16:00:00Z` }, end: { dateTime: `${day}T17:00:00Z` } });
    fake.script({ calls: [{ name: 'agenda', args: { day: 'tomorrow' } }] }, (req) => ({ text: String(lastFunctionResponses(req)[0]?.response.output) }));
    const reply = await sms("qu'est-ce que j'ai demain?");
    expect(reply).to.match(/^Ton agenda demain:\n- 1[12] h Dentiste$/);

    const [first] = fake.requests;
    expect(offered(first!).filter((n) => INTEGRATION_TOOLS.includes(n))).to.deep.equal(['connect_account', 'agenda', 'create_event', 'find_video', 'sync_tasks']);
    expect(first!.system).to.include('Connected accounts: Google (Calendar, Tasks, YouTube).');
    expect(first!.system).to.include('Not connected (can be): Microsoft (Outlook calendar, To Do).');
    expect(first!.system).to.include('they can text "connecte Outlook"');
    expect((await activityTypes()).slice(-4)).to.deep.equal(['interpretMessage', 'agenda', 'continueTurn', 'sendSms']);
  });

  it('reads the accounts in one indexed query per model call (timed)', async () => {
    // Other people's accounts in the table: the query reads only this person's rows.
    const em = stack.orm.em.fork();
    for (let i = 0; i < 300; i += 1) {
      const other = await stack.addUser();
      for (const provider of ['google', 'microsoft'] as const) em.persist(new IntegrationAccount({ userId: other.id, provider, accessToken: 'enc:v1:x' }));
    }
    await em.flush();
    expect(await accountStatuses(stack.orm, user.id)).to.deep.equal([{ provider: 'google', status: 'connected' }]);
    if (db === 'sqlite') {
      const plan = (await stack.orm.em.getConnection().execute(
        'EXPLAIN QUERY PLAN SELECT id, provider, status FROM integration_accounts WHERE user_id = ?', [user.id])) as { detail: string }[];
      expect(plan.map((row) => row.detail).join(' ')).to.match(/SEARCH integration_accounts USING INDEX/);
    }
    // Next to the user lookup every model call already makes, as the yardstick.
    const { p50, p95 } = await timed(500, () => accountStatuses(stack.orm, user.id));
    const base = await timed(500, () => stack.orm.em.fork().findOne(User, { id: user.id }));
    console.log(`      accountStatuses (${db}): p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over 500 calls; the user lookup: p50 ${base.p50.toFixed(2)} ms, p95 ${base.p95.toFixed(2)} ms`);
    expect(p95).to.be.below(50);
  });
});

describe('the offline brain names only the accounts this assistant offers (Microsoft configured only)', function () {
  this.timeout(120_000);
  let stack: Stack;
  let user: User;
  before(async () => {
    stack = await startStack({ db: 'sqlite', env: { MS_CLIENT_ID: 'ms-client', MS_CLIENT_SECRET: 'ms-secret' } });
    user = await stack.addUser({ timezone: 'America/Toronto', language: 'fr' });
  });
  after(async () => {
    await stack?.close();
  });

  const { sms } = personSession(() => ({ stack, user }));

  it('suggests connecting Outlook for the calendar, and says Notion and YouTube are not available', async () => {
    expect(await sms('mon agenda demain')).to.equal('Aucun calendrier relié. Écris "connecte Outlook" pour que je voie ta journée.');
    expect(await sms('note ça dans Notion: appeler le dentiste')).to.equal("Notion n'est pas disponible pour l'instant.");
    expect(await sms("trouve une vidéo de 10 min pour m'aider à me concentrer")).to.equal("La recherche YouTube n'est pas disponible pour l'instant.");
    expect(await sms('connecte Notion')).to.equal("Notion n'est pas disponible pour l'instant.");
    expect(await sms('connecte Outlook')).to.match(/^Pour relier Microsoft, ouvre ce lien \(valide 15 min\): http:\/\/127\.0\.0\.1:\d+\/connect\/[\w-]+$/);
  });
});
