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
  });
}
