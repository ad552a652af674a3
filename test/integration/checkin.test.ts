import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { Connection, Client } from '@temporalio/client';
import { reconcileCheckinSchedules } from '../../activities/checkin';
import { checkinScheduleId, checkinScheduleOptions } from '../../temporal/checkin-schedules';
import { CheckinSettings, Reminder, Task } from '../../schemas/entities';
import { ref } from '@mikro-orm/core';
import { startStack, type Stack } from '../helpers/stack';
import { getDevServer } from '../helpers/temporal';

describe('daily check-in schedules (real Temporal dev server)', function () {
  this.timeout(120_000);

  describe('the schedule spec', () => {
    let client: Client;
    let connection: Connection;
    const created: string[] = [];
    before(async () => {
      connection = await Connection.connect({ address: (await getDevServer()).address });
      client = new Client({ connection });
    });
    after(async () => {
      for (const id of created) await client.schedule.getHandle(id).delete().catch(() => undefined);
      await connection?.close();
    });

    /** The server's own next fire times for a check-in schedule starting at `from`. */
    async function nextTimes(timezone: string, time: string, from: string): Promise<Date[]> {
      const userId = randomBytes(6).toString('hex');
      const options = checkinScheduleOptions({ userId, slot: 'morning', time, timezone, taskQueue: 'nowhere', paused: true });
      // Starting in the future lets us read the fire times across a DST change that is months away.
      await client.schedule.create({ ...options, spec: { ...options.spec, startAt: new Date(from) } });
      created.push(options.scheduleId);
      const described = await client.schedule.getHandle(options.scheduleId).describe();
      return described.info.nextActionTimes;
    }

    it('fires at 08:00 in Toronto before and after the November DST change', async () => {
      const times = await nextTimes('America/Toronto', '08:00', '2027-11-04T00:00:00Z');
      expect(times.slice(0, 6).map((t) => t.toISOString())).to.deep.equal([
        '2027-11-04T12:00:00.000Z', // EDT (UTC-4)
        '2027-11-05T12:00:00.000Z',
        '2027-11-06T12:00:00.000Z',
        '2027-11-07T13:00:00.000Z', // DST ends on Sunday Nov 7: EST (UTC-5), still 08:00 local
        '2027-11-08T13:00:00.000Z',
        '2027-11-09T13:00:00.000Z',
      ]);
    });

    it('keeps 21:00 in Paris across the March change', async () => {
      const times = await nextTimes('Europe/Paris', '21:00', '2027-03-27T00:00:00Z');
      expect(times.slice(0, 3).map((t) => t.toISOString())).to.deep.equal([
        '2027-03-27T20:00:00.000Z', // CET (UTC+1)
        '2027-03-28T19:00:00.000Z', // CEST (UTC+2) from Sunday Mar 28
        '2027-03-29T19:00:00.000Z',
      ]);
    });
  });

  describe('by SMS, end to end', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack({ db: 'sqlite' });
    });
    after(async () => {
      await stack?.close();
    });

    const schedule = (userId: string, slot: 'morning' | 'evening') => stack.temporal.schedule.getHandle(checkinScheduleId(userId, slot));

    it('"check-in à 7h30" moves the morning schedule; "arrête le bilan du soir" pauses the evening one; "reprends le bilan" resumes', async () => {
      const user = await stack.addUser({ timezone: 'America/Toronto', language: 'fr' });
      await stack.inbound(user, 'check-in à 7h30');
      const [reply] = await stack.twilio.waitForMessages(1, { to: user.phone });
      expect(reply!.body).to.equal("C'est noté: bilan du matin à 7 h 30, chaque jour.");
      const morning = await schedule(user.id, 'morning').describe();
      expect(morning.spec.calendars?.[0]?.hour).to.deep.equal([{ start: 7, end: 7, step: 1 }]);
      expect(morning.spec.calendars?.[0]?.minute).to.deep.equal([{ start: 30, end: 30, step: 1 }]);
      expect(morning.spec.timezone).to.equal('America/Toronto');
      expect(morning.state.paused).to.equal(false);
      expect((await schedule(user.id, 'evening').describe()).state.paused).to.equal(false);

      await stack.inbound(user, 'arrête le bilan du soir');
      const second = await stack.twilio.waitForMessages(2, { to: user.phone });
      expect(second[1]!.body).to.match(/^OK, plus de bilan du soir/);
      expect((await schedule(user.id, 'evening').describe()).state.paused).to.equal(true);
      expect((await schedule(user.id, 'morning').describe()).state.paused).to.equal(false);
      const settings = await stack.orm.em.fork().findOneOrFail(CheckinSettings, { userId: user.id });
      expect(settings).to.include({ morningTime: '07:30', morningEnabled: true, eveningEnabled: false });

      await stack.inbound(user, 'reprends le bilan');
      await stack.twilio.waitForMessages(3, { to: user.phone });
      expect((await schedule(user.id, 'evening').describe()).state.paused).to.equal(false);
    });

    it('gives people without schedules the default 08:00 and 21:00 ones in their zone (worker start-up)', async () => {
      const user = await stack.addUser({ timezone: 'Europe/Paris', language: 'fr' });
      const created = await reconcileCheckinSchedules({ orm: stack.orm, temporal: stack.temporal, taskQueue: stack.config.temporal.taskQueue });
      expect(created).to.be.at.least(1);
      const evening = await schedule(user.id, 'evening').describe();
      expect(evening.spec.calendars?.[0]?.hour).to.deep.equal([{ start: 21, end: 21, step: 1 }]);
      expect(evening.spec.timezone).to.equal('Europe/Paris');
      expect(evening.state.paused).to.equal(false);
      expect(await reconcileCheckinSchedules({ orm: stack.orm, temporal: stack.temporal, taskQueue: stack.config.temporal.taskQueue })).to.equal(0);
    });

    it('a triggered morning schedule texts the reminders due today and the top 3 tasks', async () => {
      const user = await stack.addUser({ timezone: 'UTC', language: 'en' });
      const em = stack.orm.em.fork();
      const u = ref(em.getReference('User', user.id)) as never;
      for (const [i, title] of ['pay rent', 'call mom', 'book dentist', 'clean desk'].entries()) em.persist(new Task({ user: u, title, position: i + 1 }));
      const now = new Date();
      const endOfDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 23, 59);
      // Inside today, and after now (so it is still due), wherever in the day the test runs.
      const due = new Date(Math.min(now.getTime() + 5 * 60_000, endOfDay));
      em.persist(new Reminder({ user: u, text: 'take my pills', dueAt: due, timezone: 'UTC' }));
      // No quiet hours for this person: the trigger fires whenever the test runs.
      await em.nativeUpdate('User', { id: user.id }, { quietStart: '00:00', quietEnd: '00:00' });
      await em.flush();
      await stack.inbound(user, 'resume check-ins');
      await stack.twilio.waitForMessages(1, { to: user.phone });
      await schedule(user.id, 'morning').trigger();
      const messages = await stack.twilio.waitForMessages(2, { to: user.phone, timeoutMs: 30_000 });
      const text = messages[1]!.body;
      expect(text).to.match(/^Good morning! Your day:/);
      expect(text).to.include('take your pills');
      expect(text).to.include('Top 3: 1. pay rent 2. call mom 3. book dentist');
      expect(text).not.to.include('clean desk');
      // Triggering again the same day sends nothing new: one check-in per slot and day.
      await schedule(user.id, 'morning').trigger();
      await new Promise((r) => setTimeout(r, 5000));
      expect(stack.twilio.messages.filter((m) => m.to === user.phone)).to.have.length(2);
    });
  });
});
