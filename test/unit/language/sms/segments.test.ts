import { expect } from 'chai';
import { countSegments, isGsm7 } from '../../../../language/sms/segments';

describe('SMS segment counting', () => {
  const cases: [string, string, { encoding: string; segments: number; units: number }][] = [
    ['an empty body is one GSM-7 segment', '', { encoding: 'GSM-7', segments: 1, units: 0 }],
    ['160 GSM-7 characters fit one segment', 'a'.repeat(160), { encoding: 'GSM-7', segments: 1, units: 160 }],
    ['161 GSM-7 characters need two segments of 153', 'a'.repeat(161), { encoding: 'GSM-7', segments: 2, units: 161 }],
    ['306 GSM-7 characters fit two segments', 'a'.repeat(306), { encoding: 'GSM-7', segments: 2, units: 306 }],
    ['307 GSM-7 characters need three', 'a'.repeat(307), { encoding: 'GSM-7', segments: 3, units: 307 }],
    ['é è à ù stay GSM-7', 'déjà fait, où è', { encoding: 'GSM-7', segments: 1, units: 15 }],
    ['extension characters cost two septets', '€'.repeat(80), { encoding: 'GSM-7', segments: 1, units: 160 }],
    ['one more extension character tips into two segments', '€'.repeat(80) + 'a', { encoding: 'GSM-7', segments: 2, units: 161 }],
    ['ç forces UCS-2', 'français', { encoding: 'UCS-2', segments: 1, units: 8 }],
    ['ê forces UCS-2 (French text often does)', 'arrêter', { encoding: 'UCS-2', segments: 1, units: 7 }],
    ['70 UCS-2 units fit one segment', 'ç'.repeat(70), { encoding: 'UCS-2', segments: 1, units: 70 }],
    ['71 UCS-2 units need two segments of 67', 'ç'.repeat(71), { encoding: 'UCS-2', segments: 2, units: 71 }],
    ['an emoji counts two UTF-16 units', '👍', { encoding: 'UCS-2', segments: 1, units: 2 }],
    ['curly apostrophes force UCS-2', 'c’est fait', { encoding: 'UCS-2', segments: 1, units: 10 }],
  ];
  for (const [title, text, expected] of cases) {
    it(title, () => expect(countSegments(text)).to.deep.equal(expected));
  }

  it('knows the GSM-7 alphabet includes newlines and Ç but not ç', () => {
    expect(isGsm7('ligne 1\nligne 2 Ç')).to.equal(true);
    expect(isGsm7('ç')).to.equal(false);
  });

  it('counts a 1,600-character French message as UCS-2 segments', () => {
    expect(countSegments('ê'.repeat(1600)).segments).to.equal(24);
  });
});
