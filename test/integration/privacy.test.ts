import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { ScheduleNotFoundError } from '@temporalio/client';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { subjectHash } from '../../services/privacy/subject';
import { userOwnedEntities, userProperty } from '../../services/privacy/user-data';
import { signAccessToken } from '../../api/auth/tokens';
import { upsertCheckinSchedule } from '../../temporal/checkin-schedules';
import { upsertSyncSchedule } from '../../temporal/sync-schedules';
import { userScheduleIds } from '../../temporal/user-schedules';
import { AccountDeletion, Memory, NumberRelease, Reminder, User } from '../../schemas/entities';
import { accountDeletionWorkflowId, type AccountDeletionResult } from '../../workflows/contracts/account-deletion';
import { DB_KINDS } from '../helpers/databases';
import { waitFor } from '../helpers/ports';
import { startStack, type Stack } from '../helpers/stack';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');

for (const db of DB_KINDS) {
  describe(`privacy: consent, export and erasure through the real stack (${db})`, function () {
    this.timeout(120_000);
    let stack: Stack;

    before(async () => {
      stack = await startStack({ db });
    });
    after(async () => {
      await stack?.close();
    });

    const bodies = async (user: User, n: number) => (await stack.twilio.waitForMessages(n, { to: user.phone, timeoutMs: 20_000 })).map((m) => m.body);
    const fresh = (id: string) => stack.orm.em.fork().findOne(User, { id });
    const bearer = (user: User) => ({ authorization: `Bearer ${signAccessToken(stack.config.auth.jwtSecret, user.id, 'user')}` });

    /** Rows left anywhere for this user: every table that belongs to a user, and the user row. */
    async function leftovers(userId: string): Promise<Record<string, number>> {
      const em = stack.orm.em.fork();
      const counts: Record<string, number> = { users: await em.count(User, { id: userId }) };
      for (const meta of userOwnedEntities(stack.orm)) counts[meta.tableName] = await em.count(meta.className, { [userProperty(meta)]: userId });
      return counts;
    }

    it('asks consent before keeping a health reminder, keeps it after OUI, and keeps ordinary reminders without asking', async () => {
      const user = await stack.addUser({ language: 'fr', consentedAt: null });
      await stack.inbound(user, 'rappelle-moi de sortir les poubelles dans 2 heures');
      expect((await bodies(user, 1))[0]).to.match(/^OK! Je te rappelle de sortir les poubelles/);

      await stack.inbound(user, 'Rappelle-moi de prendre ma pilule dans 3 heures');
      // The question says what it is about (issue 15): a health reminder.
      expect((await bodies(user, 2))[1]).to.equal(`C'est une info de santé: je peux la garder pour tes rappels? Réponds OUI ou NON. (Tu pourras changer d'idée: écris "retire mon consentement".)`);
      expect((await stack.orm.em.fork().find(Reminder, { user: user.id })).map((r) => r.text)).to.deep.equal(['sortir les poubelles']);

      await stack.inbound(user, 'OUI');
      // One acknowledgement, not "Merci! OK!".
      expect((await bodies(user, 3))[2]).to.match(/^Merci! Je te rappelle de prendre ta pilule/);
      const reminders = await waitFor(async () => {
        // reminders.text is encrypted at rest: compare after loading, not in the query.
        const r = (await stack.orm.em.fork().find(Reminder, { user: user.id })).filter((x) => x.text === 'prendre ma pilule');
        return r.length === 1 ? r : null;
      }, { what: 'the held reminder, stored after consent' });
      expect(reminders[0]!.status).to.equal('scheduled');
      const after = (await fresh(user.id))!;
      expect(after.consentedAt).to.be.instanceOf(Date);
      expect(after.consentVersion).to.equal('2026-12');
      expect(after.consentPending).to.equal(null);

      // Consent given once covers the next ones.
      await stack.inbound(user, 'souviens-toi que ma pharmacie est le Jean Coutu sur Masson');
      expect((await bodies(user, 4))[3]).to.match(/^C'est noté: ta pharmacie est le Jean Coutu sur Masson\.$/);
    });

    it('keeps nothing after NON, and erases notes when consent is withdrawn', async () => {
      const user = await stack.addUser({ language: 'en', consentedAt: null });
      await stack.inbound(user, 'remember that my therapist is Dr Smith');
      expect((await bodies(user, 1))[0]).to.match(/^That's health info: can I keep it for your reminders\? Reply YES or NO\./);
      await stack.inbound(user, 'no');
      expect((await bodies(user, 2))[1]).to.equal("OK, I didn't keep any of that. I'll ask again before noting this kind of info.");
      expect(await stack.orm.em.fork().count(Memory, { user: user.id })).to.equal(0);
      expect((await fresh(user.id))!.consentPending).to.equal(null);

      await stack.inbound(user, 'remember that my locker code is 4821');
      await bodies(user, 3);
      await stack.inbound(user, 'yes');
      expect((await bodies(user, 4))[3]).to.equal("Thanks! I'll remember: your locker code is 4821.");
      expect(await stack.orm.em.fork().count(Memory, { user: user.id })).to.equal(1);

      await stack.inbound(user, 'withdraw my consent');
      expect((await bodies(user, 5))[4]).to.equal("Done: consent withdrawn and 1 note erased. I'll ask again before keeping this kind of info.");
      expect(await stack.orm.em.fork().count(Memory, { user: user.id })).to.equal(0);
      expect((await fresh(user.id))!.consentedAt).to.equal(null);
    });

    it('exports all of a user\'s data through the API, and through a one-time link texted on request', async () => {
      const user = await stack.addUser({ language: 'fr' });
      const other = await stack.addUser({ language: 'fr' });
      await stack.inbound(user, 'souviens-toi que le code de mon casier est 4821');
      await stack.inbound(user, 'ajoute à ma liste: acheter du lait');
      await stack.inbound(other, 'souviens-toi que le code du garage est 1111');
      await bodies(user, 2);
      await bodies(other, 1);

      expect((await fetch(`${stack.baseUrl}/api/v1/me/export`)).status).to.equal(401);
      const res = await fetch(`${stack.baseUrl}/api/v1/me/export`, { headers: bearer(user) });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-disposition')).to.match(/^attachment; filename="?assistant-tdah-export-\d{4}-\d\d-\d\d\.json"?$/);
      const data = (await res.json()) as Record<string, unknown> & { profile: Record<string, unknown>; consent: Record<string, unknown> };
      expect(data.format).to.equal('assistant-tdah-export/1');
      expect(data.profile).to.include({ id: user.id, phone: user.phone, assistantNumber: user.assistantNumber, language: 'fr' });
      expect(data.consent.healthDataConsentedAt).to.be.a('string');
      expect((data.memories as { text: string }[]).map((m) => m.text)).to.deep.equal(['le code de mon casier est 4821']);
      expect((data.tasks as { title: string }[]).map((t) => t.title)).to.deep.equal(['acheter du lait']);
      expect((data.messages as { body: string }[]).length).to.be.at.least(4);
      expect(JSON.stringify(data)).not.to.include('1111'); // nothing of another user
      expect(Object.keys(data)).not.to.include('data_export_tokens');

      await stack.inbound(user, 'exporte mes données');
      const link = (await bodies(user, 3))[2]!;
      const url = /(http:\/\/\S+\/export\/[A-Za-z0-9_-]{43})/.exec(link)?.[1];
      expect(link).to.match(/^Tes données \(JSON\): http:\/\/\S+ Lien valide 15 min, une seule fois\.$/);
      const first = await fetch(url!);
      expect(first.status).to.equal(200);
      const linked = (await first.json()) as { profile: { id: string } };
      expect(linked.profile.id).to.equal(user.id);
      const second = await fetch(url!);
      expect(second.status).to.equal(404);
      expect(second.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect((await fetch(`${stack.baseUrl}/export/not-a-token`)).status).to.equal(404);
    });

    it('erases a user everywhere after "supprime mon compte" and the code texted back, keeping a PII-free audit record', async () => {
      const user = await stack.addUser({ language: 'fr' });
      await stack.inbound(user, 'souviens-toi que le code de mon casier est 4821');
      await stack.inbound(user, 'ajoute à ma liste: appeler le proprio');
      await stack.inbound(user, 'rappelle-moi de prendre mes médicaments dans 3 heures');
      await bodies(user, 3);
      const reminder = await waitFor(async () => (await stack.orm.em.fork().findOne(Reminder, { user: user.id })) ?? null, { what: 'reminder row' });
      await waitFor(async () => (await stack.temporal.workflow.getHandle(reminder.workflowId).describe()).status.name === 'RUNNING', { what: 'reminder workflow' });

      const inboundSids = (await stack.messages(user.id)).filter((m) => m.direction === 'inbound').map((m) => m.twilioSid!);
      const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
      const dedupeKeys = async () => (await redis.keys('assistant-test-*:twilio:sms:*')).filter((k) => inboundSids.some((sid) => k.endsWith(`:${sid}`)));
      if (db === 'postgres') expect(await dedupeKeys()).to.have.length(inboundSids.length); // Redis-backed stacks only

      await stack.inbound(user, 'supprime mon compte');
      const codeSms = (await bodies(user, 4))[3]!;
      const code = /SUPPRIMER (\d{4})/.exec(codeSms)?.[1];
      expect(code, codeSms).to.be.a('string');
      await stack.inbound(user, `SUPPRIMER ${code === '1000' ? '1001' : '1000'}`);
      expect((await bodies(user, 5))[4]).to.match(/^Ce code ne correspond pas/);
      expect(await fresh(user.id)).not.to.equal(null);

      await stack.inbound(user, 'supprime mon compte');
      const code2 = /SUPPRIMER (\d{4})/.exec((await bodies(user, 6))[5]!)?.[1];
      await stack.inbound(user, `supprimer ${code2}`);
      expect((await bodies(user, 7))[6]).to.match(/^Ton compte et toutes tes données sont en train d'(?:ê|e)tre effacés/);
      const result = (await stack.temporal.workflow.getHandle(accountDeletionWorkflowId(user.id)).result()) as AccountDeletionResult;

      expect(result.alreadyErased).to.equal(false);
      expect(result.counts).to.include({ users: 1, memories: 1, tasks: 1, reminders: 1 });
      expect(result.counts.workflows).to.be.at.least(2); // the conversation and the reminder
      expect(Object.values(await leftovers(user.id)).every((n) => n === 0), JSON.stringify(await leftovers(user.id))).to.equal(true);

      const audit = await stack.orm.em.fork().findOneOrFail(AccountDeletion, { subjectHash: subjectHash(user.id) });
      expect(audit.requestedBy).to.equal('sms');
      const auditJson = JSON.stringify(audit);
      for (const pii of [user.id, user.phone, user.assistantNumber, '4821']) expect(auditJson).not.to.include(pii);
      expect(await stack.orm.em.fork().count(NumberRelease, { number: user.assistantNumber })).to.equal(1);

      // Temporal: the conversation and the reminder were terminated and their deletion requested; the
      // server deletes histories asynchronously, so "not found" and "terminated" are both fine here.
      for (const id of [`conversation-${user.id}`, reminder.workflowId]) {
        const status = await stack.temporal.workflow.getHandle(id).describe().then((d) => d.status.name, (e: Error) => e.name);
        expect(['WorkflowNotFoundError', 'TERMINATED'], id).to.include(status);
      }
      let running = 0;
      for await (const _ of stack.temporal.workflow.list({ query: `UserId = "${user.id}" AND ExecutionStatus = "Running"` })) running += 1;
      expect(running).to.equal(0);

      expect(await dedupeKeys()).to.deep.equal([]);
      if (db === 'postgres') expect(result.counts.redisKeys).to.be.at.least(inboundSids.length + 4); // and the 4 privacy SMS
      redis.disconnect();
      // An SMS from the erased person reaches nobody now.
      await stack.inbound(user, 'allo?');
      await new Promise((r) => setTimeout(r, 1500));
      expect(stack.twilio.messages.filter((m) => m.to === user.phone)).to.have.length(7);
    });

    it('erases through DELETE /api/v1/me with the confirmation field, and through the admin CLI', async () => {
      const user = await stack.addUser({ language: 'en' });
      await stack.inbound(user, 'add to my list: call the landlord');
      await bodies(user, 1);
      // Their schedules (a morning check-in, a task sync) must go too: nothing may start for them after.
      const taskQueue = stack.config.temporal.taskQueue;
      await upsertCheckinSchedule(stack.temporal, { userId: user.id, slot: 'morning', time: '08:00', timezone: 'America/Toronto', taskQueue, paused: false });
      await upsertSyncSchedule(stack.temporal, { userId: user.id, provider: 'google', taskQueue });
      expect(userScheduleIds(user.id)).to.include.members([`checkin-${user.id}-morning`, `sync-${user.id}-google`]);
      const bad = await fetch(`${stack.baseUrl}/api/v1/me`, { method: 'DELETE', headers: { ...bearer(user), 'content-type': 'application/json' }, body: '{"confirm":"yes"}' });
      expect(bad.status).to.equal(400);
      expect(bad.headers.get('content-type')).to.match(/^application\/problem\+json/);
      const ok = await fetch(`${stack.baseUrl}/api/v1/me`, { method: 'DELETE', headers: { ...bearer(user), 'content-type': 'application/json' }, body: '{"confirm":"DELETE"}' });
      expect(ok.status).to.equal(202);
      const { workflowId } = (await ok.json()) as { workflowId: string };
      const result = (await stack.temporal.workflow.getHandle(workflowId).result()) as AccountDeletionResult;
      expect(result.counts).to.include({ users: 1, tasks: 1, schedules: 2 });
      for (const id of userScheduleIds(user.id)) {
        const gone = await stack.temporal.schedule.getHandle(id).describe().then(() => 'exists', (e: unknown) => (e instanceof ScheduleNotFoundError ? 'gone' : String(e)));
        expect(gone, id).to.equal('gone');
      }
      expect(Object.values(await leftovers(user.id)).every((n) => n === 0)).to.equal(true);
      expect((await fetch(`${stack.baseUrl}/api/v1/me/export`, { headers: bearer(user) })).status).to.equal(404);

      const operatorCase = await stack.addUser({ language: 'fr' });
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'cli/admin.ts', 'user', 'delete', '--phone', operatorCase.phone, '--json'], {
        cwd: ROOT,
        env: { ...process.env, ...stack.env },
      });
      const printed = JSON.parse(stdout) as { status: string; counts: Record<string, number> };
      expect(printed.status).to.equal('erased');
      expect(printed.counts.users).to.equal(1);
      expect(await fresh(operatorCase.id)).to.equal(null);
    });
  });
}
