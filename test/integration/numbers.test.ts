import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { ref } from '@mikro-orm/core';
import { signAccessToken } from '../../api/auth/tokens';
import { Message, PhoneNumber, User } from '../../schemas/entities';
import { reminderWorkflow } from '../../workflows/reminder';
import { waitFor } from '../helpers/ports';
import { startStack, testNumber, type Stack } from '../helpers/stack';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');

describe('numbers, delivery and usage through the real stack (sqlite)', function () {
  this.timeout(180_000);
  let stack: Stack;
  before(async () => {
    // 2 segments/s per number keeps the burst test short; the default is 1.
    stack = await startStack({ db: 'sqlite', env: { OUTBOUND_SEGMENTS_PER_SECOND: '2' } });
  });
  after(async () => {
    await stack?.close();
  });

  const admin = (args: string[], env: Record<string, string> = stack.env) =>
    run(process.execPath, ['--import', 'tsx', 'cli/admin.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected the command to fail'); }, (e: { code: number; stderr: string }) => e);
  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${stack.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
  const adminToken = () => signAccessToken(stack.config.auth.jwtSecret, 'operator', 'admin');

  it('`user add --provision` buys a number, and the person can text it at once', async () => {
    const number = `+1514${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}`;
    stack.twilio.addAvailableNumbers('CA', [number]);
    const phone = testNumber();
    const { stdout } = await admin(['user', 'add', '--phone', phone, '--provision', '--area-code', '514']);
    expect(stdout.trim()).to.match(new RegExp(`^user [0-9a-f-]{36} added: \\${phone} texts \\${number}$`));
    const [welcome] = await stack.twilio.waitForMessages(1, { to: phone });
    expect(welcome).to.include({ from: number });

    const res = await stack.inbound({ phone, assistantNumber: number }, 'bonjour');
    expect(res.status).to.equal(200);
    const [, reply] = await stack.twilio.waitForMessages(2, { to: phone, timeoutMs: 20_000 });
    expect(reply).to.include({ from: number });

    const list = JSON.parse((await admin(['numbers', 'list', '--json'])).stdout) as { phoneNumber: string; status: string; userPhone: string }[];
    expect(list.find((n) => n.phoneNumber === number)).to.include({ status: 'assigned', userPhone: phone });
    const again = await failure(admin(['user', 'add', '--phone', phone, '--provision']));
    expect(again.code).to.equal(1);
    expect(again.stderr).to.match(/already exists/);

    const released = JSON.parse((await admin(['numbers', 'release', '--phone', number, '--json'])).stdout) as { status: string; coolingOffUntil: string };
    expect(released.status).to.equal('released');
    expect(new Date(released.coolingOffUntil).getTime() - Date.now()).to.be.within(89 * 86_400_000, 90 * 86_400_000 + 60_000);
    expect(stack.twilio.releasedNumbers.map((n) => n.phoneNumber)).to.include(number);
  });

  it('refuses to provision without Twilio credentials, with a clear message', async () => {
    const { TWILIO_ACCOUNT_SID: _s, TWILIO_AUTH_TOKEN: _t, ...env } = stack.env;
    const withoutTwilio = { ...env, TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '' };
    const err = await failure(admin(['user', 'add', '--phone', testNumber(), '--provision'], withoutTwilio));
    expect(err.code).to.equal(1);
    expect(err.stderr.trim()).to.match(/^number provisioning needs Twilio credentials .* --number E164 instead$/);
  });

  it('provisions through POST /api/v1/admin/users/{id}/number (admins only), once', async () => {
    const user = await stack.addUser();
    const number = `+1438${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}`;
    stack.twilio.addAvailableNumbers('CA', [number]);
    const forbidden = await api(`/api/v1/admin/users/${user.id}/number`, signAccessToken(stack.config.auth.jwtSecret, user.id, 'user'), { method: 'POST', body: '{}' });
    expect(forbidden.status).to.equal(403);
    const bad = await api(`/api/v1/admin/users/${user.id}/number`, adminToken(), { method: 'POST', body: '{"areaCode":"51"}' });
    expect(bad.status).to.equal(400);
    expect(bad.headers.get('content-type')).to.match(/application\/problem\+json/);
    const res = await api(`/api/v1/admin/users/${user.id}/number`, adminToken(), { method: 'POST', body: '{"areaCode":"438"}' });
    expect(res.status).to.equal(201);
    expect(await res.json()).to.include({ userId: user.id, phoneNumber: number, reused: false });
    const twice = await api(`/api/v1/admin/users/${user.id}/number`, adminToken(), { method: 'POST', body: '{}' });
    expect(twice.status).to.equal(200);
    expect(await twice.json()).to.include({ phoneNumber: number, reused: true });
    expect((await stack.orm.em.fork().findOneOrFail(User, { id: user.id })).assistantNumber).to.equal(number);
    const numbers = (await (await api('/api/v1/admin/numbers', adminToken())).json()) as { phoneNumber: string }[];
    expect(numbers.map((n) => n.phoneNumber)).to.include(number);
  });

  it('spaces a burst of 20 reminders due the same minute for one user, none dropped', async () => {
    const user = await stack.addUser();
    const dueAt = new Date(Date.now() + 3000).toISOString();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        stack.temporal.workflow.start(reminderWorkflow, {
          workflowId: `reminder-burst-${randomBytes(4).toString('hex')}`,
          taskQueue: stack.config.temporal.taskQueue,
          args: [{
            reminderId: `burst-${i}-${randomBytes(3).toString('hex')}`, userId: user.id, text: `tache ${i}`, language: 'fr' as const,
            timezone: 'America/Toronto', rrule: null, explicitTime: true, nagMinutes: [], quietHours: { start: '00:00', end: '00:00' }, dueAt,
          }],
        }),
      ),
    );
    const sent = await stack.twilio.waitForMessages(20, { to: user.phone, timeoutMs: 60_000 });
    expect(sent).to.have.length(20);
    expect(new Set(sent.map((m) => m.body)).size).to.equal(20);
    const times = sent.map((m) => m.dateCreated.getTime()).sort((a, b) => a - b);
    // 2 segments/s → a slot every 500 ms on this number (jitter allowed, never a burst).
    for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).to.be.at.least(300);
    expect(times.at(-1)! - times[0]!).to.be.at.least(19 * 500 - 300);
  });

  it('tracks delivery through status callbacks and shows undelivered messages to the operator', async () => {
    const user = await stack.addUser();
    await stack.inbound(user, 'aide');
    const [reply] = await stack.twilio.waitForMessages(1, { to: user.phone, timeoutMs: 20_000 });
    await waitFor(async () => (await stack.orm.em.fork().findOne(Message, { twilioSid: reply!.sid }))?.status === 'queued', { what: 'the queued row' });
    const row = () => stack.orm.em.fork().findOneOrFail(Message, { twilioSid: reply!.sid });

    expect(await stack.twilio.sendStatusCallback(reply!.sid, 'sent')).to.equal(204);
    expect((await row()).status).to.equal('sent');
    expect(await stack.twilio.sendStatusCallback(reply!.sid, 'undelivered', 30003)).to.equal(204);
    expect(await row()).to.include({ status: 'undelivered', errorCode: 30003 });
    expect(await stack.twilio.sendStatusCallback(reply!.sid, 'sent')).to.equal(204); // late, out of order
    expect((await row()).status).to.equal('undelivered');

    const failed = JSON.parse((await admin(['messages', '--failed', '--json'])).stdout) as { phone: string; status: string; errorCode: number }[];
    expect(failed.find((m) => m.phone === user.phone)).to.include({ status: 'undelivered', errorCode: 30003 });
    const usage = JSON.parse((await admin(['usage', '--phone', user.phone, '--json'])).stdout) as { failed: number };
    expect(usage.failed).to.equal(1);

    const forged = await fetch(`${stack.baseUrl}/webhooks/twilio/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'bad' },
      body: new URLSearchParams({ MessageSid: reply!.sid, MessageStatus: 'delivered' }),
    });
    expect(forged.status).to.equal(403);
  });

  it('reports usage per user and month that matches a hand count (CLI and API)', async () => {
    const user = await stack.addUser();
    const em = stack.orm.em.fork();
    const at = (iso: string) => new Date(iso);
    const msg = (direction: 'inbound' | 'outbound', segments: number, status: Message['status'], sid: boolean, createdAt: Date) =>
      new Message({ user: ref(user), direction, body: 'x', status, segments, createdAt, twilioSid: sid ? `SM${randomBytes(16).toString('hex')}` : null });
    em.persist([
      msg('inbound', 1, 'received', true, at('2026-03-02T10:00:00Z')),
      msg('inbound', 1, 'received', true, at('2026-03-15T10:00:00Z')),
      msg('inbound', 2, 'received', true, at('2026-03-31T23:59:00Z')),
      msg('outbound', 1, 'delivered', true, at('2026-03-02T10:00:05Z')),
      msg('outbound', 2, 'delivered', true, at('2026-03-10T10:00:00Z')),
      msg('outbound', 1, 'sent', true, at('2026-03-11T10:00:00Z')),
      msg('outbound', 3, 'queued', true, at('2026-03-12T10:00:00Z')),
      msg('outbound', 1, 'undelivered', true, at('2026-03-13T10:00:00Z')),
      msg('outbound', 1, 'failed', false, at('2026-03-14T10:00:00Z')), // refused at send: not billed, but failed
      msg('inbound', 5, 'received', true, at('2026-02-28T23:59:00Z')), // another month
      msg('outbound', 4, 'delivered', true, at('2026-04-01T00:00:00Z')), // another month
    ]);
    await em.flush();
    // Hand count for 2026-03: in 3 msgs / 4 segs; out (accepted) 5 msgs / 8 segs; failed 2; 1 number (set by hand).
    const expected = {
      phone: user.phone, month: '2026-03', messagesIn: 3, messagesOut: 5, segmentsIn: 4, segmentsOut: 8, failed: 2, numbers: 1,
      estimatedCost: Math.round((12 * 0.0083 + 1.15) * 10_000) / 10_000,
    };
    const cli = JSON.parse((await admin(['usage', '--phone', user.phone, '--month', '2026-03', '--json'])).stdout) as unknown;
    expect(cli).to.deep.equal(expected);
    const viaNpmName = JSON.parse((await admin(['admin', 'usage', '--month', '2026-03', '--json'])).stdout) as { phone: string }[];
    expect(viaNpmName.find((u) => u.phone === user.phone)).to.deep.equal(expected);

    const adminRes = await api(`/api/v1/admin/usage?month=2026-03&phone=${encodeURIComponent(user.phone)}`, adminToken());
    expect(await adminRes.json()).to.deep.equal(expected);
    const own = await api('/api/v1/usage?month=2026-03', signAccessToken(stack.config.auth.jwtSecret, user.id, 'user'));
    expect(await own.json()).to.deep.equal(expected);
    const notAdmin = await api('/api/v1/admin/usage', signAccessToken(stack.config.auth.jwtSecret, user.id, 'user'));
    expect(notAdmin.status).to.equal(403);
    const badMonth = await api('/api/v1/usage?month=2026-13', signAccessToken(stack.config.auth.jwtSecret, user.id, 'user'));
    expect(badMonth.status).to.equal(400);
    const cliBad = await failure(admin(['usage', '--month', '2026-3']));
    expect(cliBad.stderr.trim()).to.equal('--month: must be YYYY-MM');

    // A provisioned number counts its rental in each month it was held.
    await stack.orm.em.fork().persistAndFlush(new PhoneNumber({
      phoneNumber: user.assistantNumber, twilioSid: `PN${randomBytes(16).toString('hex')}`, userId: user.id, status: 'released',
      purchasedAt: at('2026-01-10T00:00:00Z'), releasedAt: at('2026-03-05T00:00:00Z'),
    }));
    const withRental = JSON.parse((await admin(['usage', '--phone', user.phone, '--month', '2026-03', '--json'])).stdout) as { numbers: number };
    expect(withRental.numbers).to.equal(1); // the same number, not counted twice
  });
});
