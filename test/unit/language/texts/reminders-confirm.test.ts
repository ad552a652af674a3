import { expect } from 'chai';
import { confirmationText, rappelFr } from '../../../../language/texts/reminders';

describe('language/texts/reminders: "Je te rappelle …" reads naturally', () => {
  const rows: Array<[string, string]> = [
    // Noun phrases: no "de", the article made the person's.
    ['le rendez-vous chez le dentiste', 'ton rendez-vous chez le dentiste'],
    ['la réunion avec Paul', 'ta réunion avec Paul'],
    ['les poubelles', 'tes poubelles'],
    ["l'épicerie", 'ton épicerie'],
    ['le loyer', 'ton loyer'],
    ['le souper chez Julie', 'ton souper chez Julie'],
    ['le devoir de maths', 'ton devoir de maths'],
    ['ton rendez-vous', 'ton rendez-vous'],
    ['un appel à Marc', 'un appel à Marc'],
    ['que la réunion est à 10h', 'que la réunion est à 10h'],
    // Infinitives, and a pronoun before one: "de", elided before a vowel.
    ['appeler maman', "d'appeler maman"],
    ['prendre tes pilules', 'de prendre tes pilules'],
    ['le faire', 'de le faire'],
    ["l'appeler", "de l'appeler"],
    ['la rappeler', 'de la rappeler'],
    ['les appeler', 'de les appeler'],
    ['le prendre', 'de le prendre'],
    ['lever les enfants', 'de lever les enfants'],
    ['habiller les enfants', "d'habiller les enfants"],
  ];
  for (const [what, expected] of rows) {
    it(`${JSON.stringify(what)} → "Je te rappelle ${expected}"`, () => expect(rappelFr(what)).to.equal(expected));
  }

  it('in the confirmation SMS, after the second person', () => {
    const now = new Date('2026-12-04T15:00:00Z');
    const r = { text: 'le rendez-vous chez le dentiste', dueAt: new Date('2026-12-05T14:00:00Z'), timezone: 'America/Toronto', rrule: null };
    expect(confirmationText(r, 'fr', now)).to.match(/^OK! Je te rappelle ton rendez-vous chez le dentiste demain/);
    expect(confirmationText({ ...r, text: 'prendre mes pilules' }, 'fr', now)).to.match(/^OK! Je te rappelle de prendre tes pilules demain/);
    expect(confirmationText({ ...r, text: 'mon rendez-vous' }, 'fr', now)).to.match(/^OK! Je te rappelle ton rendez-vous demain/);
  });
});
