import { expect } from 'chai';
import { conversationWorkflowId } from '../../temporal/conversations';
import { stateQuery } from '../../workflows/contracts/conversation';
import { DB_KINDS } from '../helpers/databases';
import { waitFor } from '../helpers/ports';
import { startStack, type Stack } from '../helpers/stack';

for (const db of DB_KINDS) {
  describe(`an SMS through the real stack (${db})`, function () {
    this.timeout(90_000);
    let stack: Stack;

    before(async () => {
      stack = await startStack({ db });
    });
    after(async () => {
      await stack?.close();
    });

    it('answers from the user\'s own dedicated number, with empty TwiML to Twilio', async () => {
      const user = await stack.addUser({ language: 'fr' });
      const res = await stack.inbound(user, 'Bonjour!');
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/text\/xml/);
      expect(await res.text()).to.equal('<?xml version="1.0" encoding="UTF-8"?><Response/>');

      const [reply] = await stack.twilio.waitForMessages(1, { to: user.phone });
      expect(reply!.from).to.equal(user.assistantNumber);
      expect(reply!.body).to.match(/^Salut/);
      expect(reply!.statusCallback).to.equal(`${stack.config.publicBaseUrl}/webhooks/twilio/status`);

      const rows = await waitFor(async () => {
        const m = await stack.messages(user.id);
        return m.length === 2 && m[1]!.twilioSid ? m : null;
      }, { what: 'both messages recorded' });
      expect(rows.map((m) => m.direction)).to.deep.equal(['inbound', 'outbound']);
      expect(rows[1]!.twilioSid).to.equal(reply!.sid);
      expect(rows[1]!.segments).to.equal(1);
      expect(rows[1]!.encoding).to.equal('GSM-7');
    });

    it('tells the time in the person\'s own zone: "quelle heure est-il?" (a tool from the table, offline)', async () => {
      const user = await stack.addUser({ language: 'fr', timezone: 'America/Vancouver' });
      await stack.inbound(user, 'quelle heure est-il?');
      const [reply] = await stack.twilio.waitForMessages(1, { to: user.phone });
      const parts = new Intl.DateTimeFormat('fr-CA', { timeZone: 'America/Vancouver', hour: 'numeric', hourCycle: 'h23' }).formatToParts(new Date());
      const hour = Number(parts.find((p) => p.type === 'hour')!.value);
      // The minute may turn while the SMS travels: the hour (or the next one) in Vancouver, and the day.
      expect(reply!.body).to.match(/^Il est (?:\d{1,2} h(?: \d{2})?|midi|minuit), \p{L}+ le (?:1er|\d{1,2}) \p{L}+\.$/u);
      const said = /^Il est (\d{1,2}) h/.exec(reply!.body)?.[1];
      if (said) expect([hour, (hour + 1) % 24]).to.include(Number(said));
    });

    it('answers a webhook Twilio delivers three times exactly once', async () => {
      const user = await stack.addUser({ language: 'en' });
      const sid = 'SM' + 'a'.repeat(30) + db.slice(0, 2);
      const responses = await Promise.all([1, 2, 3].map(() => stack.inbound(user, 'hello', { sid })));
      expect(responses.map((r) => r.status)).to.deep.equal([200, 200, 200]);
      await stack.twilio.waitForMessages(1, { to: user.phone });
      // Give a duplicate reply every chance to show up before asserting there is none.
      await new Promise((r) => setTimeout(r, 1500));
      expect(stack.twilio.messages.filter((m) => m.to === user.phone)).to.have.length(1);
      const inbound = (await stack.messages(user.id)).filter((m) => m.direction === 'inbound');
      expect(inbound).to.have.length(1);
    });

    it('rejects a bad signature with 403 and texts nobody', async () => {
      const user = await stack.addUser();
      const res = await stack.inbound(user, 'hello', { signature: 'forged' });
      expect(res.status).to.equal(403);
      expect(res.headers.get('content-type')).to.match(/application\/problem\+json/);
      const missing = await fetch(`${stack.baseUrl}/webhooks/twilio/sms`, { method: 'POST' });
      expect(missing.status).to.equal(403);
      await new Promise((r) => setTimeout(r, 500));
      expect(stack.twilio.messages.filter((m) => m.to === user.phone)).to.have.length(0);
    });

    it('sends nothing to a stranger or for a number nobody owns', async () => {
      const user = await stack.addUser();
      const stranger = '+15145559876';
      const a = await stack.inbound(user, 'hello', { from: stranger });
      const b = await stack.inbound(user, 'hello', { to: '+15145550000' });
      expect([a.status, b.status]).to.deep.equal([200, 200]);
      await new Promise((r) => setTimeout(r, 1500));
      const sent = stack.twilio.messages.filter((m) => [user.phone, stranger].includes(m.to));
      expect(sent).to.have.length(0);
      expect(await stack.messages(user.id)).to.have.length(0);
    });

    it('stops texting after STOP and resumes after START', async () => {
      const user = await stack.addUser({ language: 'en' });
      await stack.inbound(user, 'STOP');
      await waitFor(async () => (await stack.orm.em.fork().refresh(user))?.status === 'opted_out', { what: 'opt-out' });
      await stack.inbound(user, 'hello?');
      await new Promise((r) => setTimeout(r, 1500));
      expect(stack.twilio.messages.filter((m) => m.to === user.phone)).to.have.length(0);

      await stack.inbound(user, 'START');
      const [welcome] = await stack.twilio.waitForMessages(1, { to: user.phone });
      expect(welcome!.body).to.match(/Welcome back/);
      await stack.inbound(user, 'HELP');
      const all = await stack.twilio.waitForMessages(2, { to: user.phone });
      expect(all[1]!.body).to.match(/STOP/).and.match(/START/);
    });

    it('records delivery status callbacks without going backwards', async () => {
      const user = await stack.addUser();
      await stack.inbound(user, 'hi');
      const [reply] = await stack.twilio.waitForMessages(1, { to: user.phone });
      await waitFor(async () => (await stack.messages(user.id)).some((m) => m.twilioSid === reply!.sid), { what: 'sid recorded' });
      expect(await stack.twilio.sendStatusCallback(reply!.sid, 'delivered')).to.equal(204);
      expect(await stack.twilio.sendStatusCallback(reply!.sid, 'sent')).to.equal(204);
      const row = (await stack.messages(user.id)).find((m) => m.twilioSid === reply!.sid);
      expect(row!.status).to.equal('delivered');
    });

    it('shows the conversation as a workflow with its state', async () => {
      const user = await stack.addUser();
      await stack.inbound(user, 'hi');
      await stack.twilio.waitForMessages(1, { to: user.phone });
      const handle = stack.temporal.workflow.getHandle(conversationWorkflowId(user.id));
      const state = await waitFor(async () => {
        const s = await handle.query(stateQuery);
        return s.turns === 1 ? s : null;
      }, { what: 'turn counted' });
      expect(state).to.include({ userId: user.id, pending: 0, turns: 1 });
      const description = await handle.describe();
      expect(description.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value])).to.deep.include(['UserId', user.id]);
    });
  });
}
