import { expect } from 'chai';
import { HELP_TEXT, offlineReply, offlineText } from '../../../../language/brain/responder';
import { guessLanguage } from '../../../../language/prepare';
import { interpretOffline } from '../../../../language/brain/offline';
import { countSegments, isGsm7 } from '../../../../language/sms/segments';

const KEYS = [
  'help', 'start', 'notUnderstood', 'tooLong', 'cancelNothing', 'ok', 'greeting', 'thanks', 'howAreYou', 'capabilities', 'bye',
  'emoji', 'hint.addTask', 'hint.remember', 'hint.forget', 'hint.breakdownTask', 'hint.completeTask',
  'hint.removeTask',
] as const;

describe('offline responder', () => {
  describe('system texts', () => {
    for (const lang of ['fr', 'en'] as const) {
      for (const key of KEYS) {
        it(`${lang} ${key} is one GSM-7 segment without emojis`, () => {
          const text = offlineText(key, lang);
          expect(isGsm7(text), text).to.equal(true);
          expect(countSegments(text).segments, text).to.equal(1);
          expect(/\p{Extended_Pictographic}/u.test(text)).to.equal(false);
        });
      }
      it(`${lang} help and "didn't understand" say what the assistant can do`, () => {
        for (const key of ['help', 'notUnderstood'] as const) {
          const text = offlineText(key, lang);
          const words = lang === 'fr' ? [/rappelle-moi/, /retiens/, /ma liste/, /plan/] : [/remind me/, /remember/, /my list/, /plan/];
          for (const word of words) expect(text).to.match(word);
        }
        expect(offlineText('help', lang)).to.match(/STOP/).and.match(/START/);
      });
    }
    it('keeps a bilingual HELP for callers without a language', () => {
      expect(HELP_TEXT).to.match(/rappelle-moi/).and.match(/remind me/);
    });
  });

  describe('offlineReply', () => {
    it('answers HELP in the keyword\u2019s language, else the person\u2019s', () => {
      expect(offlineReply('AIDE', 'help', 'en')).to.equal(offlineText('help', 'fr'));
      expect(offlineReply('HELP', 'help', 'fr')).to.equal(offlineText('help', 'en'));
      expect(offlineReply('INFO', 'help', 'fr')).to.equal(offlineText('help', 'fr'));
    });
    it('answers the HELP words without the router (API messages)', () => {
      expect(offlineReply('aide', null, 'en')).to.equal(offlineText('help', 'fr'));
      expect(offlineReply('Help!', null, 'fr')).to.equal(offlineText('help', 'en'));
    });
    it('never answers STOP', () => {
      expect(offlineReply('STOP', 'stop', 'fr')).to.equal(null);
    });
    it('greets in the message\u2019s language', () => {
      expect(offlineReply('Bonjour!', null, 'en')).to.match(/^Salut!/);
      expect(offlineReply('hello', null, 'fr')).to.match(/^Hi!/);
    });
    it('answers a long message with "one request at a time"', () => {
      expect(offlineReply('blabla '.repeat(100), null, 'fr')).to.equal(offlineText('tooLong', 'fr'));
    });
  });

  describe('guessLanguage', () => {
    const cases: Array<[string, 'fr' | 'en', 'fr' | 'en']> = [
      ['Bonjour!', 'en', 'fr'],
      ['hello?', 'fr', 'en'],
      ['ok', 'fr', 'fr'],
      ['ok', 'en', 'en'],
      ['ajoute à ma liste: acheter du lait', 'en', 'fr'],
      ["what's my bike lock combo?", 'fr', 'en'],
      ['👍', 'en', 'en'],
    ];
    for (const [message, fallback, expected] of cases) {
      it(`reads ${JSON.stringify(message)} as ${expected} (default ${fallback})`, () => {
        expect(guessLanguage(message, fallback)).to.equal(expected);
      });
    }
  });

  describe('interpretOffline never fails a message', () => {
    const now = new Date('2026-06-10T18:00:00Z');
    const open = { reminderId: 'r1', text: 'prendre mes pilules', dueAt: '2026-06-10T17:55:00Z' };
    const messages = [
      '', ' ', '?', '😀'.repeat(800), 'x'.repeat(1600), 'é'.repeat(1600), '\uD83D', '<b>hi</b>', 'null', 'undefined', '0', '-1',
      'fait 999', 'annule 0', 'déplace 2 à', 'rappelle-moi de ' + 'a'.repeat(1580), 'retiens que ' + 'b'.repeat(1588),
    ];
    for (const withOpen of [false, true]) {
      it(`answers every odd message with a plan${withOpen ? ' while a reminder is open' : ''}`, () => {
        for (const body of messages) {
          const plan = interpretOffline(
            { body, command: null, language: 'fr', timezone: 'America/Toronto', openReminder: withOpen ? open : null, pendingReminderText: withOpen ? 'payer' : null },
            now,
          );
          expect(plan.language).to.be.oneOf(['fr', 'en']);
          if (plan.kind === 'reply') expect(plan.text.length, JSON.stringify(body.slice(0, 20))).to.be.within(1, 160);
        }
      });
    }
  });
});
