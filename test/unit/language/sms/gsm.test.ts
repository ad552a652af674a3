import { expect } from 'chai';
import { toGsmFriendly } from '../../../../language/sms/gsm';
import { countSegments } from '../../../../language/sms/segments';

describe('GSM-friendly French', () => {
  const table: [string, string][] = [
    ['Réponds OK pour arrêter', 'Réponds OK pour arreter'],
    ['Ça va? Très bien, merci.', 'Ça va? Très bien, merci.'],
    ['C’est noté: le français', "C'est noté: le francais"],
    ['« bonjour »', '"bonjour"'],
    ['À demain… peut-être', 'A demain... peut-etre'],
    ['cœur, hôtel, août, maïs', 'coeur, hotel, aout, mais'],
    ['8\u00A0h\u00A030', '8 h 30'],
    ['déjà où été', 'déjà où été'],
  ];
  for (const [input, expected] of table) {
    it(`writes ${JSON.stringify(input)} as ${JSON.stringify(expected)}`, () => {
      expect(toGsmFriendly(input)).to.equal(expected);
    });
  }

  it('keeps a typical French reply in one 160-character segment', () => {
    const reply = "Rappel: prendre tes médicaments. Réponds OK quand c'est fait, ou 10 min pour reporter. À plus tard, bonne soirée à toi et n’oublie pas la fenêtre!";
    expect(countSegments(reply)).to.include({ encoding: 'UCS-2', segments: 3 });
    expect(countSegments(toGsmFriendly(reply))).to.include({ encoding: 'GSM-7', segments: 1 });
  });

  it('leaves what has no close GSM-7 form (emoji stays, so the text stays UCS-2)', () => {
    expect(toGsmFriendly('bravo 🎉 fête')).to.equal('bravo 🎉 fete');
  });
});
