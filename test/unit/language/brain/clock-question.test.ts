import { expect } from 'chai';
import { detectClockQuestion, detectIntent } from '../../../../language/brain/intents';
import { currentTimeText } from '../../../../language/texts/clock';

describe('"quelle heure est-il?" (the currentTime tool)', () => {
  const asks: [string, 'fr' | 'en'][] = [
    ['quelle heure est-il?', 'fr'], ['Quelle heure il est?', 'fr'], ['Il est quelle heure là?', 'fr'], ["c'est quelle heure", 'fr'],
    ["t'as l'heure?", 'fr'], ['on est quel jour?', 'fr'], ['on est le combien aujourd’hui?', 'fr'], ['quelle date on est?', 'fr'],
    ['What time is it?', 'en'], ["what's the time now?", 'en'], ['what day is it', 'en'], ["what's the date today?", 'en'], ['got the time?', 'en'],
  ];
  for (const [message, language] of asks) {
    it(`reads "${message}" as the time question (${language})`, () => {
      const found = detectIntent(message, language === 'fr' ? 'en' : 'fr');
      expect(found).to.deep.equal({ call: { tool: 'external', activity: 'currentTime', input: {}, once: false }, language });
    });
  }

  for (const message of ['quelle heure est le souper?', 'rappelle-moi à quelle heure est le rdv', 'what time is the meeting?', 'heure du dodo']) {
    it(`leaves "${message}" to the other tools`, () => {
      expect(detectClockQuestion(message)).to.equal(null);
    });
  }

  it("answers in the person's zone, in their language", () => {
    const at = new Date('2026-12-03T19:05:00Z'); // 14 h 05 in Toronto, 11:05 in Vancouver
    expect(currentTimeText(at, 'America/Toronto', 'fr')).to.equal('Il est 14 h 05, jeudi le 3 décembre.');
    expect(currentTimeText(at, 'America/Vancouver', 'en')).to.equal("It's 11:05 AM, Thursday, December 3.");
    expect(currentTimeText(new Date('2027-01-01T17:00:00Z'), 'America/Toronto', 'fr')).to.equal('Il est midi, vendredi le 1er janvier.');
  });
});
