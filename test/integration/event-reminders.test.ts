import { expect } from 'chai';
import { ScheduleNotFoundError } from '@temporalio/client';
import { signAccessToken } from '../../api/auth/tokens';
import type { ScanResult } from '../../activities/integrations/event-reminders';
import { Reminder, User } from '../../schemas/entities';
import { eventReminderScheduleId } from '../../temporal/event-reminder-schedules';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google-server';
import { startFakeGraph, type FakeGraph } from '../fakes/graph-server';
import { DB_KINDS, type DbKind } from '../helpers/databases';
import { waitFor } from '../helpers/ports';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Reminders before events end to end on the real Temporal dev server (schedules exist there,
 * not on the time-skipping server): SMS on/off, the REST setting, and scans of the fake Google
 * Calendar and Graph calendarView making, keeping, moving and cancelling ordinary reminders.
 */
for (const db of DB_KINDS) describeEventReminders(db);

function describeEventReminders(db: DbKind): void {
  describe(`reminders before calendar events (fake Google + Graph, real Temporal dev server) (${db})`, function () {
    this.timeout(180_000);
    let google: FakeGoogle;
    let graph: FakeGraph;
    let stack: Stack;
    let user: User;
    let auth: { authorization: string };

    before(async () => {
      google = await startFakeGoogle();
      graph = await startFakeGraph();
      stack = await startStack({
        db,
        env: {
          GOOGLE_CLIENT_ID: google.clientId, GOOGLE_CLIENT_SECRET: google.clientSecret, GOOGLE_OAUTH_BASE_URL: google.url, GOOGLE_API_BASE_URL: google.url,
          MS_CLIENT_ID: graph.clientId, MS_CLIENT_SECRET: graph.clientSecret, MS_LOGIN_BASE_URL: graph.url, MS_GRAPH_BASE_URL: graph.url,
        },
      });
      user = await stack.addUser({ timezone: 'America/Toronto', language: 'fr' });
      auth = { authorization: `Bearer ${signAccessToken(stack.config.auth.jwtSecret, user.id, 'user')}` };
    });
    after(async () => {
      await stack?.temporal.schedule.getHandle(eventReminderScheduleId(user.id)).delete().catch(() => undefined);
      await stack?.close();
      await google?.close();
      await graph?.close();
    });

    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${stack.baseUrl}${path}`, { ...init, headers: { ...auth, 'content-type': 'application/json', ...(init.headers ?? {}) } });
    /** Texts the assistant; resolves with its answer (the first new message after ours that is not a reminder). */
    async function sms(body: string): Promise<string> {
      const before = stack.twilio.messages.filter((m) => m.to === user.phone).length;
      await stack.inbound(user, body);
      const all = await stack.twilio.waitForMessages(before + 1, { to: user.phone, timeoutMs: 30_000 });
      return all.slice(before).find((m) => !m.body.startsWith('Rappel'))?.body ?? all.at(-1)!.body;
    }
    const scheduleHandle = () => stack.temporal.schedule.getHandle(eventReminderScheduleId(user.id));
    const actionsTaken = async () => (await scheduleHandle().describe().catch(() => null))?.info.numActionsTaken ?? 0;
    /** Turning on runs one scan at once (the schedule is triggered): waits until it has run, so the scans by hand below never race it. */
    async function triggeredScanDone(before: number): Promise<void> {
      const { info } = await waitFor(
        async () => {
          const d = await scheduleHandle().describe();
          return d.info.numActionsTaken > before ? d : null;
        },
        { timeoutMs: 30_000, what: 'the scan run on turning on' },
      );
      const run = info.recentActions.at(-1)!.action.workflow;
      await stack.temporal.workflow.getHandle(run.workflowId, run.firstExecutionRunId).result();
    }
    let scans = 0;
    /** One scan, as the schedule would start it (another workflow id, so it never collides with a scheduled run). */
    const scan = async () =>
      (await stack.temporal.workflow.execute('eventRemindersWorkflow', {
        taskQueue: stack.config.temporal.taskQueue,
        workflowId: `event-reminders-test-${user.id}-${++scans}`,
        args: [{ userId: user.id }],
      })) as ScanResult;
    const eventReminders = () => stack.orm.em.fork().find(Reminder, { user: user.id, eventKey: { $ne: null } }, { orderBy: { dueAt: 'asc' } });
    const at = (ms: number) => new Date(Date.now() + ms);
    const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const MIN = 60_000;

    async function connectGoogle(): Promise<void> {
      const { authorizationUrl } = (await (await api('/api/v1/integrations/google/connect', { method: 'POST' })).json()) as { authorizationUrl: string };
      const url = new URL(authorizationUrl);
      const code = google.issueCode(url.searchParams.get('code_challenge'));
      const ok = await fetch(`${stack.baseUrl}/oauth/google/callback?state=${encodeURIComponent(url.searchParams.get('state')!)}&code=${encodeURIComponent(code)}`);
      expect(ok.status).to.equal(200);
    }
    async function connectMicrosoft(): Promise<void> {
      const { authorizationUrl } = (await (await api('/api/v1/integrations/microsoft/connect', { method: 'POST' })).json()) as { authorizationUrl: string };
      const url = new URL(authorizationUrl);
      const code = graph.issueCode({ challenge: url.searchParams.get('code_challenge'), redirectUri: url.searchParams.get('redirect_uri')!, scope: url.searchParams.get('scope')! });
      const ok = await fetch(`${stack.baseUrl}/oauth/microsoft/callback?state=${encodeURIComponent(url.searchParams.get('state')!)}&code=${encodeURIComponent(code)}`);
      expect(ok.status).to.equal(200);
    }
    async function statusOf(id: string): Promise<string> {
      return (await stack.orm.em.fork().findOneOrFail(Reminder, { id })).status;
    }

    it('by SMS without a calendar: stored (15 min by default), and the person is told to connect one', async () => {
      const reply = await sms('avertis-moi avant mes réunions');
      await triggeredScanDone(0);
      expect(reply).to.include("aucun calendrier n'est relié");
      expect(reply).to.include('connecte Google');
      expect(reply).to.include('connecte Outlook');
      expect((await stack.orm.em.fork().findOneOrFail(User, { id: user.id })).eventReminderMinutes).to.equal(15);
      const described = await scheduleHandle().describe();
      expect(described.action).to.deep.include({ workflowType: 'eventRemindersWorkflow' });
      expect(described.spec.intervals?.[0]?.every).to.equal(15 * MIN);
      expect((await scan()).status).to.equal('no_calendar');
      // The scans below are run by hand, one at a time.
      await scheduleHandle().pause('test runs scans by hand');
    });

    it('by SMS with Google and Outlook connected: confirmed with the lead', async () => {
      await connectGoogle();
      await connectMicrosoft();
      const before = await actionsTaken();
      expect(await sms('rappelle-moi 15 min avant mes rendez-vous')).to.equal("C'est noté: je te texterai 15 min avant chaque rendez-vous de ton calendrier.");
      await triggeredScanDone(before);
      await scheduleHandle().pause('test runs scans by hand');
      expect(await eventReminders()).to.have.length(0); // no event yet
    });

    const starts = { dentist: at(2 * 60 * MIN), standup: at(2 * 60 * MIN + 30 * MIN) };
    let dentistId = '';
    let standupId = '';

    it('a scan makes one reminder per timed event of every calendar (not all-day ones, not too-close ones)', async () => {
      google.events.push(
        { id: 'g-dentist', summary: 'Dentiste', start: { dateTime: iso(starts.dentist) }, end: { dateTime: iso(at(2 * 60 * MIN + 60 * MIN)) } },
        // Its reminder time (start - 15 min) is already past: nothing.
        { id: 'g-soon', summary: 'Trop proche', start: { dateTime: iso(at(5 * MIN)) }, end: { dateTime: iso(at(35 * MIN)) } },
      );
      graph.events.push(
        { id: 'm-standup', subject: 'Standup équipe', start: iso(starts.standup), end: iso(at(2 * 60 * MIN + 45 * MIN)) },
        { id: 'm-allday', subject: 'Congé', start: iso(at(-60 * MIN)), end: iso(at(23 * 60 * MIN)), isAllDay: true },
      );
      const result = await scan();
      expect(result).to.deep.include({ status: 'scanned', created: 2, kept: 0, cancelled: 0, unread: [] });
      const rows = await eventReminders();
      expect(rows.map((r) => r.text)).to.deep.equal([
        `Rendez-vous: Dentiste à ${clock(starts.dentist)}`,
        `Rendez-vous: Standup équipe à ${clock(starts.standup)}`,
      ]);
      expect(rows.map((r) => r.dueAt.getTime())).to.deep.equal([starts.dentist.getTime() - 15 * MIN, starts.standup.getTime() - 15 * MIN].map((t) => Math.floor(t / 1000) * 1000));
      expect(rows.every((r) => r.eventKey!.length <= 80 && !r.eventKey!.includes('g-dentist'))).to.equal(true);
      [dentistId, standupId] = rows.map((r) => r.id) as [string, string];
      google.events.splice(google.events.findIndex((e) => e.id === 'g-soon'), 1);
      for (const r of rows) {
        const d = await stack.temporal.workflow.getHandle(r.workflowId).describe();
        expect(d.status.name).to.equal('RUNNING');
        expect(d.type).to.equal('reminderWorkflow');
      }
    });

    it('a second scan makes no duplicate', async () => {
      expect(await scan()).to.deep.include({ created: 0, kept: 2, cancelled: 0 });
      expect((await eventReminders()).map((r) => r.id)).to.deep.equal([dentistId, standupId]);
    });

    it('a moved event: the old reminder is cancelled and one is made for the new time', async () => {
      const moved = at(2 * 60 * MIN + 10 * MIN);
      const ev = google.events.find((e) => e.id === 'g-dentist')!;
      ev.start = { dateTime: iso(moved) };
      expect(await scan()).to.deep.include({ created: 1, kept: 1, cancelled: 1 });
      await waitFor(async () => (await statusOf(dentistId)) === 'cancelled', { what: 'the old reminder cancelled' });
      const open = (await eventReminders()).filter((r) => r.status === 'scheduled');
      expect(open.map((r) => r.text).sort()).to.deep.equal([`Rendez-vous: Dentiste à ${clock(moved)}`, `Rendez-vous: Standup équipe à ${clock(starts.standup)}`].sort());
      expect(await scan()).to.deep.include({ created: 0, cancelled: 0 });
    });

    it('a cancelled event: its reminder is cancelled', async () => {
      graph.events.find((e) => e.id === 'm-standup')!.isCancelled = true;
      expect(await scan()).to.deep.include({ created: 0, cancelled: 1 });
      await waitFor(async () => (await statusOf(standupId)) === 'cancelled', { what: 'the standup reminder cancelled' });
    });

    it('an outage leaves that calendar\u2019s reminders alone', async () => {
      google.outage = true;
      try {
        const result = await scan();
        expect(result.unread).to.deep.equal(['google']);
        expect(result.cancelled).to.equal(0);
      } finally {
        google.outage = false;
      }
      expect((await eventReminders()).filter((r) => r.status === 'scheduled')).to.have.length(1);
    });

    it('the REST setting: 1–240 minutes or null, anything else a 400 problem', async () => {
      for (const bad of [0, 241, 2.5, '15', -1]) {
        const res = await api('/api/v1/me', { method: 'PATCH', body: JSON.stringify({ eventReminderMinutes: bad }) });
        expect(res.status, String(bad)).to.equal(400);
        expect(res.headers.get('content-type')).to.match(/application\/problem\+json/);
        const problem = (await res.json()) as { errors: { path: string }[] };
        expect(problem.errors.map((e) => e.path)).to.deep.equal(['body.eventReminderMinutes']);
      }
      const me = (await (await api('/api/v1/me')).json()) as { eventReminderMinutes: number | null };
      expect(me.eventReminderMinutes).to.equal(15);
      const before = await actionsTaken();
      const ok = await api('/api/v1/me', { method: 'PATCH', body: JSON.stringify({ eventReminderMinutes: 1 }) });
      expect(ok.status).to.equal(200);
      expect(((await ok.json()) as { eventReminderMinutes: number }).eventReminderMinutes).to.equal(1);
      await triggeredScanDone(before);
      await scheduleHandle().pause('test runs scans by hand');
    });

    it('the reminder fires before the event like any reminder, and an OK closes it', async () => {
      // The lead became 1 min: the dentist reminder is remade for it (the one for 15 min cancelled).
      const start = at(MIN + 20_000);
      google.events.push({ id: 'g-coffee', summary: 'Café avec Sam', start: { dateTime: iso(start) }, end: { dateTime: iso(at(31 * MIN)) } });
      await scan();
      const coffee = await waitFor(async () => (await eventReminders()).find((r) => r.text.startsWith('Rendez-vous: Café avec Sam') && r.status !== 'cancelled'), { what: 'the coffee reminder' });
      expect(coffee.dueAt.getTime()).to.equal(Math.floor(start.getTime() / 1000) * 1000 - MIN);
      const scheduled = (await eventReminders()).filter((r) => r.status === 'scheduled');
      expect(scheduled.map((r) => r.text.split(' à ')[0]).sort()).to.deep.equal(['Rendez-vous: Café avec Sam', 'Rendez-vous: Dentiste']);
      expect(scheduled.find((r) => r.text.startsWith('Rendez-vous: Dentiste'))!.dueAt.getTime()).to.equal(scheduled.find((r) => r.text.startsWith('Rendez-vous: Dentiste'))!.eventStart!.getTime() - MIN);

      const fired = await waitFor(() => stack.twilio.messages.find((m) => m.to === user.phone && m.body.includes('Café avec Sam')), { timeoutMs: 60_000, what: 'the reminder SMS' });
      expect(fired.body).to.match(/^Rappel: Rendez-vous: Café avec Sam à .+ Réponds OK/);
      await waitFor(async () => (await statusOf(coffee.id)) === 'firing', { what: 'the reminder firing' });
      await sms('ok');
      await waitFor(async () => (await statusOf(coffee.id)) === 'acknowledged', { what: 'the reminder acknowledged' });
      // Acknowledged: a later scan does not make it again.
      expect((await scan()).created).to.equal(0);
    });

    it('turned off by SMS: the schedule is deleted and the reminders not sent yet are cancelled', async () => {
      expect(await sms('arrête les rappels avant mes rendez-vous')).to.equal('OK, plus de rappels avant tes rendez-vous.');
      expect((await stack.orm.em.fork().findOneOrFail(User, { id: user.id })).eventReminderMinutes).to.equal(null);
      let missing: unknown = null;
      try {
        await scheduleHandle().describe();
      } catch (err) {
        missing = err;
      }
      expect(missing).to.be.instanceOf(ScheduleNotFoundError);
      await waitFor(async () => (await eventReminders()).every((r) => r.status !== 'scheduled'), { what: 'pending event reminders cancelled' });
      expect((await scan()).status).to.equal('off');
    });

    it('on and off at once (REST requests racing): never a 5xx, and the schedule ends as the stored setting says', async () => {
      const other = await stack.addUser({ timezone: 'America/Toronto', language: 'en' });
      const headers = { authorization: `Bearer ${signAccessToken(stack.config.auth.jwtSecret, other.id, 'user')}`, 'content-type': 'application/json' };
      const patch = (minutes: number | null) => fetch(`${stack.baseUrl}/api/v1/me`, { method: 'PATCH', headers, body: JSON.stringify({ eventReminderMinutes: minutes }) });
      for (let round = 0; round < 3; round += 1) {
        const statuses = (await Promise.all([10, null, 20, null, 30, null, 40].map(patch))).map((r) => r.status);
        expect(statuses).to.deep.equal([200, 200, 200, 200, 200, 200, 200]);
        const stored = (await stack.orm.em.fork().findOneOrFail(User, { id: other.id })).eventReminderMinutes;
        const exists = await stack.temporal.schedule.getHandle(eventReminderScheduleId(other.id)).describe().then(() => true, () => false);
        expect(exists, `setting ${String(stored)}`).to.equal(stored !== null);
      }
      await stack.temporal.schedule.getHandle(eventReminderScheduleId(other.id)).delete().catch(() => undefined);
    });
  });
}

/** "14 h", "14 h 30", "midi" in Toronto, as the reminder text says it. */
function clock(d: Date): string {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto', hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const hour = Number(p.find((x) => x.type === 'hour')!.value);
  const minute = Number(p.find((x) => x.type === 'minute')!.value);
  if (minute === 0 && hour === 12) return 'midi';
  if (minute === 0 && hour === 0) return 'minuit';
  return minute === 0 ? `${hour} h` : `${hour} h ${String(minute).padStart(2, '0')}`;
}
