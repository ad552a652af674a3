import { expect } from 'chai';
import {
  buildRRule,
  describeRecurrence,
  isValidRRule,
  nextOccurrence,
  type RecurrenceSpec,
} from '../../../language/recurrence';
import { type Lang, zonedParts } from '../../../language/time';

const TORONTO = 'America/Toronto';
const PARIS = 'Europe/Paris';

function local(instant: Date, tz: string): string {
  const p = zonedParts(instant, tz);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** The next `count` occurrences, each one searched strictly after the previous one. */
function series(rrule: string, anchor: Parameters<typeof nextOccurrence>[1], tz: string, after: string, count: number): string[] {
  const out: string[] = [];
  let cursor = new Date(after);
  for (let i = 0; i < count; i++) {
    const next = nextOccurrence(rrule, anchor, tz, cursor);
    if (!next) break;
    out.push(local(next, tz));
    cursor = next;
  }
  return out;
}

describe('recurrence: RRULE in floating local time', () => {
  describe('buildRRule', () => {
    const cases: Array<[RecurrenceSpec, string]> = [
      [{ freq: 'DAILY' }, 'FREQ=DAILY'],
      [{ freq: 'WEEKLY', byWeekday: [1] }, 'FREQ=WEEKLY;BYDAY=MO'],
      [{ freq: 'WEEKLY', byWeekday: [5, 1, 3] }, 'FREQ=WEEKLY;BYDAY=MO,WE,FR'],
      [{ freq: 'WEEKLY', byWeekday: [1, 2, 3, 4, 5] }, 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'],
      [{ freq: 'WEEKLY', byWeekday: [0, 6] }, 'FREQ=WEEKLY;BYDAY=SA,SU'],
      [{ freq: 'WEEKLY', interval: 2, byWeekday: [4] }, 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH'],
      [{ freq: 'MONTHLY', byMonthDay: 1 }, 'FREQ=MONTHLY;BYMONTHDAY=1'],
      [{ freq: 'YEARLY', byMonth: 12, byMonthDay: 3 }, 'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=3'],
    ];
    for (const [spec, rule] of cases) {
      it(`builds ${rule}`, () => {
        expect(buildRRule(spec)).to.equal(rule);
      });
    }
  });

  describe('isValidRRule', () => {
    const cases: Array<[string, boolean]> = [
      ['FREQ=DAILY', true],
      ['RRULE:FREQ=WEEKLY;BYDAY=MO', true],
      ['FREQ=MONTHLY;BYMONTHDAY=1', true],
      ['BYDAY=MO', false],
      ['FOO=BAR', false],
      ['', false],
      ['DTSTART:20260101T080000Z\nRRULE:FREQ=DAILY', false],
    ];
    for (const [rule, valid] of cases) {
      it(`${valid ? 'accepts' : 'rejects'} ${JSON.stringify(rule)}`, () => {
        expect(isValidRRule(rule)).to.equal(valid);
      });
    }

    it('throws when asked to step through an invalid rule', () => {
      expect(() => nextOccurrence('FOO=BAR', { hour: 8, minute: 0 }, TORONTO, new Date('2026-06-10T12:00:00Z'))).to.throw();
    });
  });

  describe('nextOccurrence keeps the local wall time', () => {
    it('stays at 8:00 every day across the Toronto fall back (2026-11-01)', () => {
      expect(series('FREQ=DAILY', { hour: 8, minute: 0 }, TORONTO, '2026-10-30T16:00:00Z', 4)).to.deep.equal([
        '2026-10-31 08:00', '2026-11-01 08:00', '2026-11-02 08:00', '2026-11-03 08:00',
      ]);
    });

    it('stays at 8:00 every day across the Toronto spring forward (2027-03-14)', () => {
      expect(series('FREQ=DAILY', { hour: 8, minute: 0 }, TORONTO, '2027-03-12T16:00:00Z', 4)).to.deep.equal([
        '2027-03-13 08:00', '2027-03-14 08:00', '2027-03-15 08:00', '2027-03-16 08:00',
      ]);
    });

    it('changes the UTC hour, not the local one, across the Toronto fall back', () => {
      const first = nextOccurrence('FREQ=DAILY', { hour: 8, minute: 0 }, TORONTO, new Date('2026-10-31T13:00:00Z'))!;
      expect(first.toISOString()).to.equal('2026-11-01T13:00:00.000Z');
      const before = nextOccurrence('FREQ=DAILY', { hour: 8, minute: 0 }, TORONTO, new Date('2026-10-30T13:00:00Z'))!;
      expect(before.toISOString()).to.equal('2026-10-31T12:00:00.000Z');
    });

    it('stays at 8:00 every day across the Paris changes (2026-10-25 and 2027-03-28)', () => {
      expect(series('FREQ=DAILY', { hour: 8, minute: 0 }, PARIS, '2026-10-24T12:00:00Z', 2)).to.deep.equal([
        '2026-10-25 08:00', '2026-10-26 08:00',
      ]);
      const spring = nextOccurrence('FREQ=DAILY', { hour: 8, minute: 0 }, PARIS, new Date('2027-03-27T12:00:00Z'))!;
      expect(spring.toISOString()).to.equal('2027-03-28T06:00:00.000Z');
    });

    it('keeps a weekly Monday 18:00 across the Toronto fall back', () => {
      expect(series('FREQ=WEEKLY;BYDAY=MO', { hour: 18, minute: 0 }, TORONTO, '2026-10-20T12:00:00Z', 3)).to.deep.equal([
        '2026-10-26 18:00', '2026-11-02 18:00', '2026-11-09 18:00',
      ]);
    });

    it('skips the weekend for a weekday rule', () => {
      const rule = 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR';
      // Friday 2026-06-12 after 7:00.
      expect(series(rule, { hour: 7, minute: 0 }, TORONTO, '2026-06-12T12:00:00Z', 3)).to.deep.equal([
        '2026-06-15 07:00', '2026-06-16 07:00', '2026-06-17 07:00',
      ]);
    });

    it('fires on the 1st of each month', () => {
      expect(series('FREQ=MONTHLY;BYMONTHDAY=1', { hour: 9, minute: 0 }, TORONTO, '2026-10-15T12:00:00Z', 3)).to.deep.equal([
        '2026-11-01 09:00', '2026-12-01 09:00', '2027-01-01 09:00',
      ]);
    });

    it('moves a 02:30 occurrence in the spring-forward gap to 03:00, then back to 02:30', () => {
      expect(series('FREQ=DAILY', { hour: 2, minute: 30 }, TORONTO, '2027-03-12T12:00:00Z', 3)).to.deep.equal([
        '2027-03-13 02:30', '2027-03-14 03:00', '2027-03-15 02:30',
      ]);
    });

    it('fires once, at the earlier instant, for 01:30 on the fall-back night', () => {
      const first = nextOccurrence('FREQ=DAILY', { hour: 1, minute: 30 }, TORONTO, new Date('2026-10-31T12:00:00Z'))!;
      expect(first.toISOString()).to.equal('2026-11-01T05:30:00.000Z');
      const second = nextOccurrence('FREQ=DAILY', { hour: 1, minute: 30 }, TORONTO, first)!;
      expect(local(second, TORONTO)).to.equal('2026-11-02 01:30');
    });

    it('is strictly after `after`', () => {
      const at = new Date('2026-06-11T12:00:00Z'); // 8:00 in Toronto
      expect(local(nextOccurrence('FREQ=DAILY', { hour: 8, minute: 0 }, TORONTO, at)!, TORONTO)).to.equal('2026-06-12 08:00');
      const justBefore = new Date(at.getTime() - 1);
      expect(nextOccurrence('FREQ=DAILY', { hour: 8, minute: 0 }, TORONTO, justBefore)!.toISOString()).to.equal(at.toISOString());
    });

    it('takes the first occurrence as anchor, which fixes the weeks of an every-other-week rule', () => {
      const first = new Date('2026-06-15T22:00:00Z'); // Monday 18:00
      expect(series('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO', first, TORONTO, '2026-06-15T22:00:00Z', 3)).to.deep.equal([
        '2026-06-29 18:00', '2026-07-13 18:00', '2026-07-27 18:00',
      ]);
    });

    it('returns null once a COUNT is used up', () => {
      const first = new Date('2026-06-15T22:00:00Z');
      expect(nextOccurrence('FREQ=DAILY;COUNT=2', first, TORONTO, new Date('2026-06-16T23:00:00Z'))).to.equal(null);
    });
  });

  describe('describeRecurrence', () => {
    const cases: Array<[string, Lang, string]> = [
      ['FREQ=DAILY', 'fr', 'tous les jours'],
      ['FREQ=DAILY', 'en', 'every day'],
      ['FREQ=DAILY;INTERVAL=2', 'fr', 'tous les 2 jours'],
      ['FREQ=WEEKLY;BYDAY=MO', 'fr', 'chaque lundi'],
      ['FREQ=WEEKLY;BYDAY=MO', 'en', 'every Monday'],
      ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', 'fr', 'en semaine'],
      ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', 'en', 'every weekday'],
      ['FREQ=WEEKLY;BYDAY=SA,SU', 'fr', 'chaque fin de semaine'],
      ['FREQ=WEEKLY;BYDAY=MO,TH', 'fr', 'chaque lundi et jeudi'],
      ['FREQ=WEEKLY;BYDAY=MO,WE,FR', 'en', 'every Monday, Wednesday and Friday'],
      ['FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', 'fr', 'un jeudi sur deux'],
      ['FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', 'en', 'every other Thursday'],
      ['FREQ=MONTHLY;BYMONTHDAY=1', 'fr', 'le 1er de chaque mois'],
      ['FREQ=MONTHLY;BYMONTHDAY=1', 'en', 'on the 1st of every month'],
      ['FREQ=MONTHLY;BYMONTHDAY=22', 'en', 'on the 22nd of every month'],
      ['FREQ=MONTHLY;BYDAY=1MO', 'fr', 'le premier lundi de chaque mois'],
      ['FREQ=MONTHLY;BYDAY=-1FR', 'en', 'on the last Friday of every month'],
      ['FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=3', 'fr', 'chaque année le 3 décembre'],
      ['FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=3', 'en', 'every year on December 3'],
    ];
    for (const [rule, lang, text] of cases) {
      it(`describes ${rule} in ${lang === 'fr' ? 'French' : 'English'} as "${text}"`, () => {
        expect(describeRecurrence(rule, lang)).to.equal(text);
      });
    }
  });
});
