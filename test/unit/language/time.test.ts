import { expect } from 'chai';
import {
  addLocalDays,
  formatWhen,
  isValidTimeZone,
  type Lang,
  localToUtc,
  startOfLocalDay,
  timezoneOffsetMinutes,
  zonedParts,
} from '../../../language/time';

const TORONTO = 'America/Toronto';
const PARIS = 'Europe/Paris';

describe('time: zone arithmetic with Intl', () => {
  describe('zonedParts', () => {
    it('reads the Toronto wall clock in summer (EDT, UTC-4)', () => {
      expect(zonedParts(new Date('2026-06-10T18:00:00Z'), TORONTO)).to.deep.equal({
        year: 2026, month: 6, day: 10, hour: 14, minute: 0, second: 0, weekday: 3,
      });
    });

    it('reads midnight as hour 0, not 24', () => {
      expect(zonedParts(new Date('2026-06-11T04:00:00Z'), TORONTO).hour).to.equal(0);
    });

    it('reads the Paris wall clock in winter (CET, UTC+1)', () => {
      const parts = zonedParts(new Date('2027-01-15T08:30:00Z'), PARIS);
      expect([parts.day, parts.hour, parts.minute, parts.weekday]).to.deep.equal([15, 9, 30, 5]);
    });

    it('gives the offset in minutes on both sides of a DST change', () => {
      expect(timezoneOffsetMinutes(new Date('2026-10-31T12:00:00Z'), TORONTO)).to.equal(-240);
      expect(timezoneOffsetMinutes(new Date('2026-11-02T12:00:00Z'), TORONTO)).to.equal(-300);
      expect(timezoneOffsetMinutes(new Date('2027-03-29T12:00:00Z'), PARIS)).to.equal(120);
    });
  });

  describe('isValidTimeZone', () => {
    const cases: Array<[string, boolean]> = [
      ['America/Toronto', true],
      ['Europe/Paris', true],
      ['UTC', true],
      ['Mars/Olympus_Mons', false],
      ['', false],
      ['not a zone', false],
    ];
    for (const [tz, valid] of cases) {
      it(`says ${JSON.stringify(tz)} is ${valid ? 'a valid' : 'not a valid'} zone`, () => {
        expect(isValidTimeZone(tz)).to.equal(valid);
      });
    }
  });

  describe('localToUtc', () => {
    const cases: Array<{ title: string; local: [number, number, number, number, number]; tz: string; utc: string }> = [
      { title: 'converts a summer wall time in Toronto', local: [2026, 6, 10, 20, 0], tz: TORONTO, utc: '2026-06-11T00:00:00.000Z' },
      { title: 'converts a winter wall time in Toronto', local: [2027, 1, 15, 8, 0], tz: TORONTO, utc: '2027-01-15T13:00:00.000Z' },
      { title: 'moves 02:30 in the Toronto spring-forward gap to 03:00 EDT', local: [2027, 3, 14, 2, 30], tz: TORONTO, utc: '2027-03-14T07:00:00.000Z' },
      { title: 'moves 02:00 in the Toronto spring-forward gap to 03:00 EDT', local: [2027, 3, 14, 2, 0], tz: TORONTO, utc: '2027-03-14T07:00:00.000Z' },
      { title: 'keeps 03:00 just after the Toronto gap', local: [2027, 3, 14, 3, 0], tz: TORONTO, utc: '2027-03-14T07:00:00.000Z' },
      { title: 'picks the earlier (EDT) 01:30 on the Toronto fall-back night', local: [2026, 11, 1, 1, 30], tz: TORONTO, utc: '2026-11-01T05:30:00.000Z' },
      { title: 'picks the earlier (EDT) 01:00 on the Toronto fall-back night', local: [2026, 11, 1, 1, 0], tz: TORONTO, utc: '2026-11-01T05:00:00.000Z' },
      { title: 'converts 02:00 after the Toronto fall back (EST)', local: [2026, 11, 1, 2, 0], tz: TORONTO, utc: '2026-11-01T07:00:00.000Z' },
      { title: 'moves 02:30 in the Paris spring-forward gap to 03:00 CEST', local: [2027, 3, 28, 2, 30], tz: PARIS, utc: '2027-03-28T01:00:00.000Z' },
      { title: 'picks the earlier (CEST) 02:30 on the Paris fall-back night', local: [2026, 10, 25, 2, 30], tz: PARIS, utc: '2026-10-25T00:30:00.000Z' },
      { title: 'converts a Paris summer wall time', local: [2026, 6, 10, 20, 0], tz: PARIS, utc: '2026-06-10T18:00:00.000Z' },
    ];
    for (const { title, local, tz, utc } of cases) {
      it(title, () => {
        const [year, month, day, hour, minute] = local;
        expect(localToUtc({ year, month, day, hour, minute }, tz).toISOString()).to.equal(utc);
      });
    }

    it('round-trips every quarter hour of both Toronto DST days except the gap', () => {
      for (const [year, month, day] of [[2026, 11, 1], [2027, 3, 14]] as const) {
        for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
          const local = { year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60 };
          const inGap = month === 3 && local.hour === 2;
          const parts = zonedParts(localToUtc(local, TORONTO), TORONTO);
          if (inGap) expect(parts.hour).to.equal(3);
          else expect([parts.hour, parts.minute]).to.deep.equal([local.hour, local.minute]);
        }
      }
    });
  });

  describe('addLocalDays and startOfLocalDay', () => {
    it('keeps 8:00 local when adding a day across the Toronto fall back', () => {
      const due = addLocalDays(new Date('2026-10-31T12:00:00Z'), 1, TORONTO);
      expect(due.toISOString()).to.equal('2026-11-01T13:00:00.000Z');
    });

    it('keeps 8:00 local when adding a week across the Toronto spring forward', () => {
      const due = addLocalDays(new Date('2027-03-10T13:00:00Z'), 7, TORONTO);
      expect(due.toISOString()).to.equal('2027-03-17T12:00:00.000Z');
    });

    it('goes back to local midnight', () => {
      expect(startOfLocalDay(new Date('2026-06-10T18:00:00Z'), TORONTO).toISOString()).to.equal('2026-06-10T04:00:00.000Z');
      expect(startOfLocalDay(new Date('2026-06-10T18:00:00Z'), PARIS).toISOString()).to.equal('2026-06-09T22:00:00.000Z');
    });
  });

  describe('formatWhen', () => {
    // Wednesday 2026-06-10, 14:00 in Toronto.
    const now = new Date('2026-06-10T18:00:00Z');
    const cases: Array<{ at: string; lang: Lang; text: string; tz?: string }> = [
      { at: '2026-06-11T00:00:00Z', lang: 'fr', text: "aujourd'hui à 20 h" },
      { at: '2026-06-10T12:30:00Z', lang: 'fr', text: "aujourd'hui à 8 h 30" },
      { at: '2026-06-11T11:45:00Z', lang: 'fr', text: 'demain à 7 h 45' },
      { at: '2026-06-15T22:00:00Z', lang: 'fr', text: 'lundi à 18 h' },
      { at: '2026-06-16T13:00:00Z', lang: 'fr', text: 'mardi à 9 h' },
      { at: '2026-06-17T13:00:00Z', lang: 'fr', text: 'le 17 juin à 9 h' },
      { at: '2026-12-03T14:00:00Z', lang: 'fr', text: 'le 3 décembre à 9 h' },
      { at: '2026-12-01T14:00:00Z', lang: 'fr', text: 'le 1er décembre à 9 h' },
      { at: '2027-01-03T14:00:00Z', lang: 'fr', text: 'le 3 janvier 2027 à 9 h' },
      { at: '2026-06-10T16:00:00Z', lang: 'fr', text: "aujourd'hui à midi" },
      { at: '2026-06-11T04:00:00Z', lang: 'fr', text: 'demain à minuit' },
      { at: '2026-06-09T22:00:00Z', lang: 'fr', text: 'hier à 18 h' },
      { at: '2026-06-11T00:00:00Z', lang: 'en', text: 'today at 8 PM' },
      { at: '2026-06-11T11:45:00Z', lang: 'en', text: 'tomorrow at 7:45 AM' },
      { at: '2026-06-15T22:00:00Z', lang: 'en', text: 'Monday at 6 PM' },
      { at: '2026-12-03T14:00:00Z', lang: 'en', text: 'on December 3 at 9 AM' },
      { at: '2027-01-03T14:00:00Z', lang: 'en', text: 'on January 3, 2027 at 9 AM' },
      { at: '2026-06-10T16:00:00Z', lang: 'en', text: 'today at 12 PM' },
      { at: '2026-06-11T04:00:00Z', lang: 'en', text: 'tomorrow at 12 AM' },
      { at: '2026-06-10T22:30:00Z', lang: 'fr', text: 'demain à 0 h 30', tz: PARIS },
      { at: '2026-06-10T18:00:00Z', lang: 'en', text: 'today at 8 PM', tz: PARIS },
    ];
    for (const { at, lang, text, tz } of cases) {
      it(`formats ${at} in ${tz ?? TORONTO} as "${text}"`, () => {
        expect(formatWhen(new Date(at), tz ?? TORONTO, lang, now)).to.equal(text);
      });
    }

    it('says the day after the fall-back night is tomorrow in Toronto', () => {
      const saturdayNoon = new Date('2026-10-31T16:00:00Z');
      expect(formatWhen(new Date('2026-11-01T13:00:00Z'), TORONTO, 'fr', saturdayNoon)).to.equal('demain à 8 h');
    });
  });
});
