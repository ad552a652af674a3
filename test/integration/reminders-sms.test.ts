import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { Reminder } from '../../schemas/entities';
import { reminderStateQuery, rescheduleSignal } from '../../workflows/contracts/reminder';
import { DB_KINDS } from '../helpers/databases';
import { waitFor } from '../helpers/ports';
import { startStack, type Stack } from '../helpers/stack';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');

for (const db of DB_KINDS) {
  describe(`reminders by SMS through the real stack (${db})`, function () {
    this.timeout(120_000);
    let stack: Stack;

    before(async () => {
      stack = await startStack({ db });
    });
    after(async () => {
      await stack?.close();
    });

    const reminders = (userId: string) =>
      stack.orm.em.fork().find(Reminder, { user: userId }, { orderBy: { dueAt: 'asc' } });

    it('sets a reminder in French, fires it, and stops when the person says it is done', async () => {
      const user = await stack.addUser({ language: 'fr' });
      await stack.inbound(user, 'Rappelle-moi de prendre mes médicaments dans 20 minutes');
      const [confirmation] = await stack.twilio.waitForMessages(1, { to: user.phone });
      expect(confirmation!.body).to.match(/^OK! Je te rappelle de prendre tes médicaments aujourd'hui à \d{1,2} h( \d\d)?\.$|^OK! Je te rappelle de prendre tes médicaments demain à/);

      const [reminder] = await waitFor(async () => {
        const r = await reminders(user.id);
        return r.length === 1 && r[0]!.status === 'scheduled' ? r : null;
      }, { what: 'the reminder row' });
      expect(reminder!.text).to.equal('prendre mes médicaments');
      expect(reminder!.dueAt.getTime() - Date.now()).to.be.within(18 * 60_000, 21 * 60_000);

      // Bring it forward to now, as "déplace" or an operator would.
      const handle = stack.temporal.workflow.getHandle(`reminder-${reminder!.id}`);
      await handle.signal(rescheduleSignal, { dueAt: new Date(Date.now() + 1000).toISOString() });
      const messages = await stack.twilio.waitForMessages(2, { to: user.phone, timeoutMs: 20_000 });
      expect(messages[1]!.body).to.equal("Rappel: prendre tes médicaments. Réponds OK quand c'est fait, ou 10 min pour reporter.");
      expect(messages[1]!.from).to.equal(user.assistantNumber);
      await waitFor(async () => (await handle.query(reminderStateQuery)).status === 'firing', { what: 'firing' });

      await stack.inbound(user, "c'est fait!");
      const all = await stack.twilio.waitForMessages(3, { to: user.phone });
      expect(all[2]!.body).to.equal("Bravo! C'est noté.");
      expect(await handle.result()).to.equal('acknowledged');
      await waitFor(async () => (await reminders(user.id))[0]!.status === 'acknowledged', { what: 'acknowledged in the read model' });
    });

    it('lists, snoozes and cancels reminders in English', async () => {
      const user = await stack.addUser({ language: 'en' });
      await stack.inbound(user, 'remind me to pack my gym bag tomorrow at 7:45am');
      const [confirmation] = await stack.twilio.waitForMessages(1, { to: user.phone });
      expect(confirmation!.body).to.equal('Got it: tomorrow at 7:45 AM, pack your gym bag.');
      await stack.inbound(user, 'remind me to call mom every day at 9pm');
      await stack.twilio.waitForMessages(2, { to: user.phone });

      await stack.inbound(user, 'what are my reminders');
      const list = (await stack.twilio.waitForMessages(3, { to: user.phone }))[2]!.body;
      expect(list).to.match(/^Your reminders:\n1\. /);
      expect(list).to.include('pack your gym bag').and.include('call mom').and.include('every day');

      const rows = await reminders(user.id);
      const gym = rows.find((r) => r.text === 'pack my gym bag')!;
      const index = rows.indexOf(gym) + 1;
      await stack.inbound(user, `cancel ${index}`);
      // The confirmation names what was cancelled.
      expect((await stack.twilio.waitForMessages(4, { to: user.phone }))[3]!.body).to.equal('Cancelled: pack your gym bag.');
      await waitFor(async () => (await reminders(user.id)).find((r) => r.id === gym.id)!.status === 'cancelled', { what: 'cancelled' });
      const daily = (await reminders(user.id)).find((r) => r.text === 'call mom')!;
      expect(daily.rrule).to.equal('FREQ=DAILY');
      expect(daily.status).to.equal('scheduled');
    });

    it('asks one short question when the time is missing, then sets it from the answer', async () => {
      const user = await stack.addUser({ language: 'fr' });
      await stack.inbound(user, "rappelle-moi d'appeler le dentiste");
      const [question] = await stack.twilio.waitForMessages(1, { to: user.phone });
      expect(question!.body).to.match(/\?$/);
      await stack.inbound(user, 'à 16h');
      const [, confirmation] = await stack.twilio.waitForMessages(2, { to: user.phone });
      expect(confirmation!.body).to.match(/^OK! Je te rappelle d'appeler le dentiste .*16 h\.$/);
    });

    if (db === 'sqlite') {
      it('shows reminders to the operator with `admin reminders list --json` and cancels one', async () => {
        const user = await stack.addUser({ language: 'fr' });
        await stack.inbound(user, 'rappelle-moi de sortir les poubelles tous les lundis à 18h');
        await stack.twilio.waitForMessages(1, { to: user.phone });
        const env = { ...process.env, ...stack.env };
        const list = async () => {
          const { stdout } = await run(process.execPath, ['--import', 'tsx', 'cli/admin.ts', 'reminders', 'list', '--phone', user.phone, '--json'], { cwd: ROOT, env });
          return JSON.parse(stdout) as { id: string; text: string; dueAt: string; timezone: string; recurrence: string | null; status: string }[];
        };
        const [item] = await waitFor(async () => ((await list()).length === 1 ? list() : null), { what: 'one reminder listed' });
        expect(item).to.include({ text: 'sortir les poubelles', timezone: 'America/Toronto', recurrence: 'FREQ=WEEKLY;BYDAY=MO', status: 'scheduled' });
        expect(new Date(item!.dueAt).toISOString()).to.equal(item!.dueAt);
        const { stdout } = await run(process.execPath, ['--import', 'tsx', 'cli/admin.ts', 'reminders', 'cancel', '--id', item!.id, '--json'], {
          cwd: ROOT,
          env: { ...env, TEMPORAL_ADDRESS: stack.env.TEMPORAL_ADDRESS },
        });
        expect(JSON.parse(stdout)).to.deep.equal({ id: item!.id, status: 'cancelled' });
        expect((await list())[0]!.status).to.equal('cancelled');
        const bad = await run(process.execPath, ['--import', 'tsx', 'cli/admin.ts', 'reminders', 'list', '--phone', '+10000', '--json'], { cwd: ROOT, env }).catch((e: { code: number; stderr: string; stdout: string }) => e);
        expect(bad).to.include({ code: 1, stdout: '' });
        expect((bad as { stderr: string }).stderr.trim().split('\n')).to.have.length(1);
      });
    }
  });
}
