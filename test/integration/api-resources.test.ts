import { ref } from '@mikro-orm/core';
import { expect } from 'chai';
import { Memory, Message, Reminder, Task, User } from '../../schemas/entities';
import { DB_KINDS } from '../helpers/databases';
import { waitFor } from '../helpers/ports';
import { startStack, type Stack } from '../helpers/stack';
import { apiClient } from '../helpers/api-client';

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

for (const kind of DB_KINDS) {
  describe(`REST API resources on ${kind} (real app, Temporal dev server)`, function () {
    this.timeout(120_000);
    let stack: Stack;
    let api: ReturnType<typeof apiClient>;

    before(async () => {
      stack = await startStack({ db: kind });
      api = apiClient(stack.baseUrl, stack.config.auth.jwtSecret);
    });
    after(async () => {
      await stack?.close();
    });

    async function seed(user: User) {
      const token = api.tokenFor(user.id);
      const reminder = await api.call('POST', '/api/v1/reminders', { token, json: { text: 'appeler maman', dueAt: inMinutes(120) } });
      expect(reminder.status, JSON.stringify(reminder.body)).to.equal(201);
      const task = await api.call('POST', '/api/v1/tasks', { token, json: { title: 'acheter du lait' } });
      expect(task.status).to.equal(201);
      const em = stack.orm.em.fork();
      const memory = new Memory({ user: ref(em.getReference(User, user.id)), text: 'le code de mon casier est 4821' });
      const message = new Message({ user: ref(em.getReference(User, user.id)), direction: 'inbound', body: 'bonjour', status: 'received' });
      await em.persistAndFlush([memory, message]);
      return { token, reminderId: reminder.body.id as string, taskId: task.body.id as string, memoryId: memory.id, messageId: message.id };
    }

    it('isolates users: every verb on another user\'s reminder, task and memory is 404, and lists never show them', async () => {
      const a = await stack.addUser({ language: 'fr' });
      const b = await stack.addUser({ language: 'en' });
      const A = await seed(a);
      const B = await seed(b);
      const matrix: [string, string, unknown?][] = [
        ['GET', `/api/v1/reminders/${A.reminderId}`],
        ['PATCH', `/api/v1/reminders/${A.reminderId}`, { dueAt: inMinutes(240) }],
        ['DELETE', `/api/v1/reminders/${A.reminderId}`],
        ['GET', `/api/v1/tasks/${A.taskId}`],
        ['PATCH', `/api/v1/tasks/${A.taskId}`, { done: true }],
        ['DELETE', `/api/v1/tasks/${A.taskId}`],
        ['GET', `/api/v1/memories/${A.memoryId}`],
        ['DELETE', `/api/v1/memories/${A.memoryId}`],
      ];
      for (const [method, path, json] of matrix) {
        const res = await api.call(method, path, { token: B.token, ...(json ? { json } : {}) });
        expect(res.status, `${method} ${path} as B`).to.equal(404);
        expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
        // Same answer as an id that does not exist at all: no existence leak.
        const unknown = await api.call(method, path.replace(/[0-9a-f-]{36}$/, '00000000-0000-4000-8000-000000000000'), { token: B.token, ...(json ? { json } : {}) });
        expect(unknown.status).to.equal(404);
        expect(unknown.body.detail).to.equal(res.body.detail);
      }
      // Lists and /me are B's own.
      for (const [path, id] of [['/api/v1/reminders', A.reminderId], ['/api/v1/tasks', A.taskId], ['/api/v1/memories', A.memoryId], ['/api/v1/messages', A.messageId]] as const) {
        const list = await api.call('GET', path, { token: B.token });
        expect(list.status).to.equal(200);
        expect(list.body, `${path}: ${JSON.stringify(list.body).slice(0, 300)}`).to.have.property('items');
        const ids = (list.body.items as { id: string }[]).map((i) => i.id);
        expect(ids, path).to.not.include(id);
        expect(ids.length, path).to.be.greaterThan(0);
      }
      const search = await api.call('GET', '/api/v1/memories?q=casier', { token: B.token });
      expect(search.body.items.map((i: { id: string }) => i.id)).to.deep.equal([B.memoryId]);
      expect((await api.call('GET', '/api/v1/me', { token: B.token })).body.id).to.equal(b.id);
      // A's things are untouched.
      const em = stack.orm.em.fork();
      expect((await em.findOneOrFail(Reminder, A.reminderId)).status).to.equal('scheduled');
      expect((await em.findOneOrFail(Task, A.taskId)).status).to.equal('open');
      expect(await em.count(Memory, { id: A.memoryId })).to.equal(1);
      // And A can do what B could not.
      expect((await api.call('DELETE', `/api/v1/memories/${A.memoryId}`, { token: A.token })).status).to.equal(204);
      expect((await api.call('DELETE', `/api/v1/tasks/${A.taskId}`, { token: A.token })).status).to.equal(204);
    });

    it('asks Law 25 consent before a health reminder (409), takes it with PATCH /me, and withdrawing it erases memories', async () => {
      const user = await stack.addUser({ language: 'fr', consentedAt: null });
      const token = api.tokenFor(user.id);
      const health = { text: 'prendre mes médicaments', dueAt: inMinutes(120) };
      const refused = await api.call('POST', '/api/v1/reminders', { token, json: health });
      expect(refused.status).to.equal(409);
      expect(refused.body.title).to.equal('Consent Required');
      expect(await stack.orm.em.fork().count(Reminder, { user: user.id })).to.equal(0);
      // A reminder that is not about health needs no consent.
      expect((await api.call('POST', '/api/v1/reminders', { token, json: { text: 'sortir les poubelles', dueAt: inMinutes(120) } })).status).to.equal(201);

      const given = await api.call('PATCH', '/api/v1/me', { token, json: { consent: true } });
      expect(given.status).to.equal(200);
      expect(given.body.consentedAt).to.be.a('string');
      expect((await api.call('POST', '/api/v1/reminders', { token, json: health })).status).to.equal(201);

      const em = stack.orm.em.fork();
      await em.persistAndFlush(new Memory({ user: ref(em.getReference(User, user.id)), text: 'mon code est 1234' }));
      const withdrawn = await api.call('PATCH', '/api/v1/me', { token, json: { consent: false } });
      expect(withdrawn.body.consentedAt).to.equal(null);
      expect(await stack.orm.em.fork().count(Memory, { user: user.id })).to.equal(0);
    });

    it('refuses requests without a valid token with 401 problem+json', async () => {
      const user = await stack.addUser();
      expect((await api.call('GET', '/api/v1/reminders')).status).to.equal(401);
      const expired = api.tokenFor(user.id).split('.');
      const tampered = `${expired[0]}.${expired[1]}.${'A'.repeat(43)}`;
      const res = await api.call('GET', '/api/v1/me', { token: tampered });
      expect(res.status).to.equal(401);
      expect(res.body).to.include({ status: 401, title: 'Unauthorized' });
    });

    it('reads and changes /me, validating the timezone, language and quiet hours', async () => {
      const user = await stack.addUser({ language: 'fr' });
      const token = api.tokenFor(user.id);
      const me = await api.call('GET', '/api/v1/me', { token });
      expect(me.body).to.deep.include({ id: user.id, phone: user.phone, timezone: 'America/Toronto', language: 'fr', quietHours: { start: '22:00', end: '07:00' }, gsmFriendly: true });
      const ok = await api.call('PATCH', '/api/v1/me', { token, json: { timezone: 'Europe/Paris', language: 'en', quietHours: { start: '23:30', end: '06:45' }, gsmFriendly: false } });
      expect(ok.status).to.equal(200);
      expect(ok.body).to.deep.include({ timezone: 'Europe/Paris', language: 'en', quietHours: { start: '23:30', end: '06:45' }, gsmFriendly: false });
      const stored = await stack.orm.em.fork().findOneOrFail(User, user.id);
      expect([stored.timezone, stored.language, stored.quietStart, stored.quietEnd, stored.gsmFriendly]).to.deep.equal(['Europe/Paris', 'en', '23:30', '06:45', false]);
      const bad = await api.call('PATCH', '/api/v1/me', { token, json: { timezone: 'Mars/Olympus', language: 'de', quietHours: { start: '25:00', end: '7h' } } });
      expect(bad.status).to.equal(400);
      expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).to.deep.equal(['body.language', 'body.quietHours.end', 'body.quietHours.start', 'body.timezone']);
      const unknown = await api.call('PATCH', '/api/v1/me', { token, json: { phone: '+15145550000' } });
      expect(unknown.status).to.equal(400);
      expect((await stack.orm.em.fork().findOneOrFail(User, user.id)).phone).to.equal(user.phone);
    });

    it('answers 400 with field paths for invalid fields, malformed JSON and bad query parameters, and 413 over 100 kB', async () => {
      const user = await stack.addUser();
      const token = api.tokenFor(user.id);
      const invalid = await api.call('POST', '/api/v1/reminders', { token, json: { text: '', dueAt: 'tomorrow', rrule: 'FREQ=SOMETIMES', extra: 1 } });
      expect(invalid.status).to.equal(400);
      expect(invalid.headers.get('content-type')).to.match(/^application\/problem\+json/);
      const paths = invalid.body.errors.map((e: { path: string }) => e.path);
      expect(paths).to.include.members(['body.text', 'body.dueAt', 'body.rrule']);
      const past = await api.call('POST', '/api/v1/reminders', { token, json: { text: 'x', dueAt: '2020-01-01T00:00:00Z' } });
      expect(past.body.errors).to.deep.equal([{ path: 'body.dueAt', message: 'must be in the future' }]);
      const hourly = await api.call('POST', '/api/v1/reminders', { token, json: { text: 'x', dueAt: inMinutes(5), rrule: 'FREQ=MINUTELY' } });
      expect(hourly.status).to.equal(400);
      for (const raw of ['{"text": "x",', 'not json', '{"text": "x"}}']) {
        const res = await api.call('POST', '/api/v1/tasks', { token, raw });
        expect(res.status, raw).to.equal(400);
        expect(res.body.errors[0].path, raw).to.equal('body');
      }
      const noBody = await api.call('POST', '/api/v1/messages', { token });
      expect(noBody.status).to.equal(400);
      expect(noBody.body.errors[0].path).to.equal('body');
      expect((await api.call('GET', '/api/v1/tasks?limit=0', { token })).body.errors[0].path).to.equal('query.limit');
      expect((await api.call('GET', '/api/v1/tasks?limit=abc', { token })).status).to.equal(400);
      expect((await api.call('GET', '/api/v1/messages?cursor=garbage', { token })).body.errors[0].path).to.equal('query.cursor');
      const big = JSON.stringify({ title: 'x'.repeat(101 * 1024) });
      expect((await api.call('POST', '/api/v1/tasks', { token, raw: big })).status).to.equal(413);
      expect((await api.call('POST', '/api/v1/tasks', { token, raw: big, contentType: 'text/plain' })).status).to.equal(413);
      const chunked = await fetch(`${stack.baseUrl}/api/v1/tasks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: new Blob([big]).stream(),
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).to.equal(413);
    });

    it('pages through tasks, reminders and messages with cursors, without repeats or gaps', async () => {
      const user = await stack.addUser();
      const token = api.tokenFor(user.id);
      for (let i = 1; i <= 23; i++) {
        expect((await api.call('POST', '/api/v1/tasks', { token, json: { title: `tâche ${i}` } })).status).to.equal(201);
      }
      const collect = async (path: string, limit: number) => {
        const pages: string[][] = [];
        let cursor: string | null = null;
        do {
          const sep = path.includes('?') ? '&' : '?';
          const res = await api.call('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
          expect(res.status).to.equal(200);
          pages.push(res.body.items.map((i: { id: string; title?: string; body?: string; text?: string }) => i.title ?? i.body ?? i.text ?? i.id));
          cursor = res.body.nextCursor;
        } while (cursor && pages.length < 50);
        return pages;
      };
      const taskPages = await collect('/api/v1/tasks', 10);
      expect(taskPages.map((p) => p.length)).to.deep.equal([10, 10, 3]);
      expect(taskPages.flat()).to.deep.equal(Array.from({ length: 23 }, (_, i) => `tâche ${i + 1}`));
      // Complete one: the open filter leaves it out.
      const first = (await api.call('GET', '/api/v1/tasks?limit=1', { token })).body.items[0];
      const done = await api.call('PATCH', `/api/v1/tasks/${first.id}`, { token, json: { done: true } });
      expect(done.body).to.include({ done: true });
      expect(done.body.completedAt).to.be.a('string');
      expect((await collect('/api/v1/tasks?status=open', 100)).flat()).to.have.length(22);
      expect((await collect('/api/v1/tasks?status=done', 100)).flat()).to.deep.equal(['tâche 1']);
      const dup = await api.call('POST', '/api/v1/tasks', { token, json: { title: 'Tâche 2.' } });
      expect(dup.status).to.equal(409);

      // Messages: newest first, ties on createdAt broken by id.
      const em = stack.orm.em.fork();
      const base = Date.now() - 3600_000;
      for (let i = 0; i < 7; i++) {
        em.persist(new Message({ user: ref(em.getReference(User, user.id)), direction: i % 2 ? 'outbound' : 'inbound', body: `m${i}`, status: 'received', createdAt: new Date(base + Math.floor(i / 2) * 1000) }));
      }
      await em.flush();
      const messagePages = await collect('/api/v1/messages', 3);
      expect(messagePages.map((p) => p.length)).to.deep.equal([3, 3, 1]);
      const bodies = messagePages.flat();
      expect(new Set(bodies).size).to.equal(7);
      expect(bodies.slice(0, 1)).to.deep.equal(['m6']);
      expect(bodies[6]).to.be.oneOf(['m0', 'm1']);

      // Reminders: soonest first.
      for (const m of [30, 10, 20]) await api.call('POST', '/api/v1/reminders', { token, json: { text: `r${m}`, dueAt: inMinutes(m) } });
      expect((await collect('/api/v1/reminders', 2)).flat()).to.deep.equal(['r10', 'r20', 'r30'].map((t) => t));
    });

    it('POST /reminders starts the same workflow as an SMS reminder: it fires by SMS; PATCH moves it; DELETE cancels it', async () => {
      const user = await stack.addUser({ language: 'en' });
      const token = api.tokenFor(user.id);
      const created = await api.call('POST', '/api/v1/reminders', { token, json: { text: 'take the pills', dueAt: inSeconds(3) } });
      expect(created.status).to.equal(201);
      expect(created.headers.get('location')).to.equal(`/api/v1/reminders/${created.body.id}`);
      expect(created.body).to.include({ text: 'take the pills', status: 'scheduled', timezone: 'America/Toronto', rrule: null });
      const description = await stack.temporal.workflow.getHandle(`reminder-${created.body.id}`).describe();
      expect(description.type).to.equal('reminderWorkflow');
      const [fired] = await stack.twilio.waitForMessages(1, { to: user.phone, timeoutMs: 30_000 });
      expect(fired!.body).to.match(/take the pills/);
      await waitFor(async () => (await api.call('GET', `/api/v1/reminders/${created.body.id}`, { token })).body.status === 'firing', { what: 'status firing' });

      // Moved far away, then cancelled: it never texts.
      const later = await api.call('POST', '/api/v1/reminders', { token, json: { text: 'water the plants', dueAt: inSeconds(4) } });
      const moved = await api.call('PATCH', `/api/v1/reminders/${later.body.id}`, { token, json: { dueAt: inMinutes(90) } });
      expect(moved.status).to.equal(200);
      expect(new Date(moved.body.dueAt).getTime()).to.be.closeTo(Date.now() + 90 * 60_000, 5000);
      expect((await api.call('DELETE', `/api/v1/reminders/${later.body.id}`, { token })).status).to.equal(204);
      const result = await stack.temporal.workflow.getHandle(`reminder-${later.body.id}`).result();
      expect(result).to.equal('cancelled');
      await waitFor(async () => (await api.call('GET', `/api/v1/reminders/${later.body.id}`, { token })).body.status === 'cancelled', { what: 'read model cancelled' });
      // Cancelled is final: DELETE again is idempotent, PATCH is a conflict.
      expect((await api.call('DELETE', `/api/v1/reminders/${later.body.id}`, { token })).status).to.equal(204);
      const conflict = await api.call('PATCH', `/api/v1/reminders/${later.body.id}`, { token, json: { dueAt: inMinutes(5) } });
      expect(conflict.status).to.equal(409);
      expect(conflict.body.title).to.equal('Conflict');
      await new Promise((r) => setTimeout(r, 5000));
      expect(stack.twilio.messages.filter((m) => m.to === user.phone && /water the plants/.test(m.body))).to.have.length(0);

      // A reminder pulled forward by PATCH fires at its new time.
      const pulled = await api.call('POST', '/api/v1/reminders', { token, json: { text: 'stretch', dueAt: inMinutes(60), rrule: 'FREQ=DAILY' } });
      expect(pulled.body.rrule).to.equal('FREQ=DAILY');
      await api.call('PATCH', `/api/v1/reminders/${pulled.body.id}`, { token, json: { dueAt: inSeconds(2) } });
      await stack.twilio.waitForMessages(2, { to: user.phone, timeoutMs: 30_000 });
      expect(stack.twilio.messages.filter((m) => m.to === user.phone).map((m) => m.body).join('\n')).to.match(/stretch/);
    });

    it('POST /messages answers with the assistant\'s reply through the conversation, once per Idempotency-Key', async () => {
      const user = await stack.addUser({ language: 'en' });
      const token = api.tokenFor(user.id);
      const hello = await api.call('POST', '/api/v1/messages', { token, json: { text: 'hello' } });
      expect(hello.status).to.equal(200);
      expect(hello.body.reply).to.be.a('string').with.length.greaterThan(0);
      expect(hello.body.messageId).to.match(/^api:/);
      const remind = await api.call('POST', '/api/v1/messages', { token, json: { text: 'remind me to call the dentist tomorrow at 10am' } });
      expect(remind.body.reply).to.equal('Got it: tomorrow at 10 AM, call the dentist.');
      const list = await api.call('GET', '/api/v1/reminders', { token });
      expect(list.body.items.map((r: { text: string }) => r.text)).to.deep.equal(['call the dentist']);
      const headers = { 'idempotency-key': 'retry-1' };
      const [x, y] = await Promise.all([
        api.call('POST', '/api/v1/messages', { token, json: { text: 'my reminders' }, headers }),
        api.call('POST', '/api/v1/messages', { token, json: { text: 'my reminders' }, headers }),
      ]);
      expect(x.body).to.deep.equal(y.body);
      const history = await api.call('GET', '/api/v1/messages?limit=100', { token });
      expect(history.body.items.filter((m: { body: string }) => m.body === 'my reminders')).to.have.length(1);
      expect(history.body.items[0].direction).to.equal('outbound');
      expect(stack.twilio.messages.filter((m) => m.to === user.phone)).to.have.length(0);
      const blank = await api.call('POST', '/api/v1/messages', { token, json: { text: '   ' } });
      expect(blank.status).to.equal(400);
      expect(blank.body.errors[0].path).to.equal('body.text');
    });
  });
}
