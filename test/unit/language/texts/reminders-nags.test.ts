import { expect } from 'chai';
import { cancelledText, nagText } from '../../../../language/texts/reminders';
import { countSegments } from '../../../../language/sms/segments';

describe('the nag ladder (language/texts/reminders.ts nagText)', () => {
  const minutes = [10, 20, 40, 60, 60, 60, 60, 60, 60, 60];
  for (const lang of ['fr', 'en'] as const) {
    it(`never sends the same nag twice for one reminder, up to 10 nags (${lang})`, () => {
      let since = 0;
      const texts = minutes.map((m, i) => nagText('prendre mes médicaments', lang, i + 1, minutes.length, (since += m)));
      expect(new Set(texts).size).to.equal(texts.length);
    });

    it(`words the last one as a way out, without blame (${lang})`, () => {
      const last = nagText('prendre mes médicaments', lang, 3, 3, 70);
      expect(last).to.match(lang === 'fr' ? /^Dernier petit rappel \(depuis 1 h 10\)/ : /^Last nudge \(1 h 10 min since the reminder\)/);
      expect(last).to.match(lang === 'fr' ? /annule si ce n'est plus utile/ : /cancel if it no longer matters/);
      for (let n = 1; n <= 3; n++) expect(nagText('x', lang, n, 3, n * 10)).not.to.match(/manqu|oubli|missed|forgot|late|retard/i);
    });

    it(`keeps each nag of a short task in one GSM-7 SMS (${lang})`, () => {
      for (let n = 1; n <= 4; n++) {
        const seg = countSegments(nagText('sortir les poubelles', lang, n, 4, n * 15));
        expect(seg.encoding, nagText('sortir les poubelles', lang, n, 4, n * 15)).to.equal('GSM-7');
      }
    });
  }

  it('keeps the first nag as it always was (people know it)', () => {
    expect(nagText('prendre mes médicaments', 'fr', 1, 3, 10)).to.equal("Toujours à faire: prendre tes médicaments? Réponds OK quand c'est fait.");
    expect(nagText('take my pills', 'en')).to.equal('Still to do: take your pills? Reply OK when done.');
  });
});

describe('cancelledText names what was cancelled', () => {
  it('in French and in English, in the second person', () => {
    expect(cancelledText('fr', 'sortir mon chien')).to.equal('Annulé: sortir ton chien.');
    expect(cancelledText('en', 'walk my dog')).to.equal('Cancelled: walk your dog.');
    expect(cancelledText('fr')).to.equal('Rappel annulé.');
  });
});
