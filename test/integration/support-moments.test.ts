import { expect } from 'chai';
import { supportText } from '../../language/texts/support';
import { DB_KINDS } from '../helpers/databases';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The offline brain's "moments people need most", through real SMS: signed webhook → api →
 * Temporal → worker → offline brain → tool → fake Twilio, on SQLite and PostgreSQL.
 */
for (const db of DB_KINDS) {
  describe(`moments people need most, by SMS (${db})`, function () {
    this.timeout(90_000);
    let stack: Stack;

    before(async () => {
      stack = await startStack({ db });
    });
    after(async () => {
      await stack?.close();
    });

    /** Texts `body` and returns the reply's text. */
    async function say(user: Awaited<ReturnType<Stack['addUser']>>, body: string, n: number): Promise<string> {
      await stack.inbound(user, body);
      const messages = await stack.twilio.waitForMessages(n, { to: user.phone });
      return messages[n - 1]!.body;
    }

    it('answers "je suis débordé" and "I can\'t get started" with one kind line and one tiny step, in one SMS', async () => {
      const fr = await stack.addUser({ language: 'fr' });
      expect(await say(fr, 'je suis débordé', 1)).to.equal(supportText('overwhelmed', 'fr'));
      expect(await say(fr, "chu pas capable de m'y mettre", 2)).to.equal(supportText('stuck', 'fr'));
      // The step it offers works: a reminder in 5 minutes.
      expect(await say(fr, 'rappelle-moi dans 5 min de trier mes courriels', 3)).to.match(/trier tes courriels/);

      const en = await stack.addUser({ language: 'en' });
      expect(await say(en, "I can't get started", 1)).to.equal(supportText('stuck', 'en'));
      expect(await say(en, 'I have no energy', 2)).to.equal(supportText('tired', 'en'));
      const rows = (await stack.messages(en.id)).filter((m) => m.direction === 'outbound');
      expect(rows.map((m) => [m.segments, m.encoding])).to.deep.equal([
        [1, 'GSM-7'],
        [1, 'GSM-7'],
      ]);
    });

    it('breaks a task down offline: "aide-moi à commencer mon rapport d\'impôts", "break down cleaning the kitchen"', async () => {
      const fr = await stack.addUser({ language: 'fr' });
      const taxes = await say(fr, "aide-moi à commencer mon rapport d'impôts", 1);
      expect(taxes).to.match(/^ton rapport d'imp[oô]ts, en petites étapes:\n1\. Sors une enveloppe \(2 min\)\n2\. /);
      expect(taxes).to.match(/\nCommence juste par la 1\.$/);
      expect(taxes).to.not.match(/IA|compris/);

      const en = await stack.addUser({ language: 'en' });
      const kitchen = await say(en, 'break down cleaning the kitchen', 1);
      expect(kitchen).to.equal(
        'cleaning the kitchen, in small steps:\n1. Put on music, grab a bag (2 min)\n2. Throw out the trash you see (5 min)\n' +
          '3. Put 10 things back (10 min)\n4. Wipe one surface (5 min)\n5. Look at what you did: nice (1 min)\nJust start with step 1.',
      );
      for (const user of [fr, en]) {
        const [reply] = (await stack.messages(user.id)).filter((m) => m.direction === 'outbound');
        expect(reply!.encoding).to.equal('GSM-7');
        expect(reply!.segments).to.be.at.most(2);
      }
    });

    it('answers "qu\'est-ce que j\'ai demain?" without a calendar: tomorrow\'s reminders in time order, in the person\'s zone, then the list', async () => {
      const fr = await stack.addUser({ language: 'fr', timezone: 'America/Vancouver' });
      await say(fr, "rappelle-moi demain à 9h d'appeler le dentiste", 1);
      await say(fr, 'rappelle-moi demain à 8h de prendre mes pilules', 2);
      await say(fr, 'rappelle-moi dans 2 heures de boire de l\'eau', 3);
      await say(fr, 'ajoute acheter du lait', 4);
      const plan = await say(fr, "qu'est-ce que j'ai demain?", 5);
      // In 2 hours may still be today (or already tomorrow late at night): only the two morning ones are pinned.
      expect(plan).to.match(/^Ton plan pour demain:\n1\. 8 h - prendre tes pilules\n2\. 9 h - appeler le dentiste\n/);
      expect(plan).to.match(/\nSur ta liste: acheter du lait$/);
      expect(plan).to.not.match(/connecte|agenda/i);

      const en = await stack.addUser({ language: 'en' });
      expect(await say(en, 'what do I have tomorrow?', 1)).to.equal('Nothing planned tomorrow yet. Text "remind me tomorrow at ..." or "add ..." and I\'ll note it.');
    });

    it('confirms a reminder in natural French: "ton rendez-vous", never "de le rendez-vous", and no "rappel" in the task', async () => {
      const fr = await stack.addUser({ language: 'fr' });
      expect(await say(fr, 'rappelle-moi le rendez-vous chez le dentiste demain à 9h', 1)).to.match(/^OK! Je te rappelle ton rendez-vous chez le dentiste demain à 9 h\.$/);
      expect(await say(fr, "rappelle-moi de l'appeler demain à 10h", 2)).to.match(/^OK! Je te rappelle de l'appeler demain à 10 h\.$/);
      expect(await say(fr, 'rappel prendre ma pilule demain à 8h', 3)).to.match(/^OK! Je te rappelle de prendre ta pilule demain à 8 h\.$/);
      expect(await say(fr, 'mes rappels', 4)).to.not.match(/rappel prendre|de le /);
    });
  });
}
