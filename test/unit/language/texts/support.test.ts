import { expect } from 'chai';
import type { Struggle } from '../../../../language/brain/overwhelm';
import { countSegments } from '../../../../language/sms/segments';
import { supportText } from '../../../../language/texts/support';
import type { Lang } from '../../../../language/time';

const KINDS: Struggle[] = ['overwhelmed', 'stuck', 'tired'];
const LANGS: Lang[] = ['fr', 'en'];
/** Words that blame: never in these answers. */
const SHAME = /\b(?:missed|manqu|oubli|retard|late\b|should|devrais|aurais d|failed|lazy|paresse)/iu;

describe('language/texts/support: the answers to a struggle', () => {
  for (const lang of LANGS) {
    for (const kind of KINDS) {
      it(`${lang} ${kind}: one GSM-7 SMS, a 5-minute or smaller step, no shame words`, () => {
        const text = supportText(kind, lang);
        const info = countSegments(text);
        expect(info.encoding, text).to.equal('GSM-7');
        expect(info.segments, text).to.equal(1);
        expect(text).to.not.match(SHAME);
        expect(text).to.match(/\b[25] min/u);
        // One step: the example the person can text back.
        expect(text.match(/"/g)).to.have.length(2);
      });
    }
  }
});
