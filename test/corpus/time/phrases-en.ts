/**
 * English time expressions of the corpus (Canadian and US usage), each with how its expected
 * value is computed (see generate.ts). Phrases written for this project.
 */
import type { Ctx, Entry, Trigger } from './generate';
import {
  addMonths, dayOfMonthAhead, firstNthAhead, impossibleWeekdayOn30, lastOfMonthAhead, nthOfMonth, nthOfNextMonth, recurringPeriod, wallDay,
} from './phrases-fr';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ABBR = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const E = (grain: Entry['grain'], x: string | string[], e: Entry['e'], more: Partial<Entry> = {}): Entry => ({
  grain, x: Array.isArray(x) ? x : [x], e, ...more,
});
const Q = (x: string | string[], more: Partial<Entry> = {}): Entry => E('clarify', x, (c) => c.clarify(), more);
const CANADA = ['America/Toronto', 'America/Vancouver', 'America/Halifax'];
const before = (c: Ctx, h: number, mi = 0): boolean => c.wall.h * 60 + c.wall.mi < h * 60 + mi;
const inZone = (c: Ctx, tz: string, h: number, mi = 0): Date => c.nextClock(h, mi, tz);
/** A fixed-offset abbreviation (PST, EST…) only when the zone really is on that offset then. */
const onOffset = (c: Ctx, tz: string, minutes: number): boolean => {
  const probe = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' }).format(c.now);
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(probe);
  const offset = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  return offset === minutes;
};
const ordinal = (n: number): string => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;
const weekdayOf = (day: { y: number; m: number; d: number }): number => new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay();

export const EN_ENTRIES: Entry[] = [
  // --- Clock times ----------------------------------------------------------------------------
  E('datetime', ['at 8pm', 'at 8 pm', 'at 8 p.m.'], (c) => c.minute(c.nextClock(20))),
  E('datetime', ['at 8:30pm', 'at 8:30 pm', 'at 20:30'], (c) => c.minute(c.nextClock(20, 30))),
  E('datetime', ['at 3:15p', 'at 3:15 p.m.'], (c) => c.minute(c.nextClock(15, 15)), { tags: ['abbrev'] }),
  E('datetime', ['at 4:45pm', 'at 4:45 PM'], (c) => c.minute(c.nextClock(16, 45))),
  E('datetime', ['at 7am', 'at 7 a.m.', 'at 7 AM'], (c) => c.minute(c.nextClock(7))),
  E('datetime', ['at 19:00', 'at 1900 hrs'], (c) => c.minute(c.nextClock(19))),
  E('datetime', ['at noon', 'at 12 noon', 'at midday'], (c) => (before(c, 12) ? c.minute(c.nextClock(12)) : null)),
  E('datetime', ['at midnight', 'tonight at midnight'], (c) => c.minute(c.at(c.day(1), 0))),
  E('datetime', ['today at 5pm', 'at 5pm today'], (c) => (before(c, 17) ? c.minute(c.at(c.today, 17)) : null)),
  E('datetime', ['around 2pm', 'at around 2 pm'], (c) => c.minute(c.nextClock(14))),
  E('datetime', ['at 10:05pm', 'at 10:05 tonight'], (c) => c.minute(c.nextClock(22, 5))),
  E('datetime', ['at 6:15 am', 'at 6:15 in the morning'], (c) => c.minute(c.nextClock(6, 15))),
  E('datetime', ['at 9pm sharp', 'at 9 pm sharp'], (c) => c.minute(c.nextClock(21))),
  // --- Clock times in words ------------------------------------------------------------------
  E('datetime', ['at half past 3 pm', 'at half past three in the afternoon'], (c) => c.minute(c.nextClock(15, 30)), { tags: ['words'] }),
  E('datetime', ['at a quarter to 8 tonight', 'at quarter to eight tonight'], (c) => (before(c, 19, 45) ? c.minute(c.at(c.today, 19, 45)) : null), { tags: ['words'] }),
  E('datetime', ['20 minutes to 2pm tomorrow', 'tomorrow at 20 to 2 pm'], (c) => c.minute(c.at(c.day(1), 13, 40)), { tags: ['words'] }),
  E('datetime', ['at three twenty pm', 'at 3 twenty pm'], (c) => c.minute(c.nextClock(15, 20)), { tags: ['words'] }),
  E('datetime', ['at eleven thirty am', 'at eleven-thirty in the morning'], (c) => c.minute(c.nextClock(11, 30)), { tags: ['words'] }),
  E('datetime', ['at ten past nine pm', 'at ten past nine tonight'], (c) => c.minute(c.nextClock(21, 10)), { tags: ['words'] }),
  E('datetime', ['at quarter past 7 tomorrow morning', 'tomorrow morning at a quarter past seven'], (c) => c.minute(c.at(c.day(1), 7, 15)), { tags: ['words'] }),
  E('datetime', ['at seven o\'clock tonight', 'tonight at seven o\'clock'], (c) => (before(c, 19) ? c.minute(c.at(c.today, 19)) : null), { tags: ['words'] }),
  E('datetime', ['at 5 o\'clock pm', 'at five o\'clock in the afternoon'], (c) => c.minute(c.nextClock(17)), { tags: ['words'] }),
  E('datetime', ['at six thirty pm', 'at six-thirty p.m.'], (c) => c.minute(c.nextClock(18, 30)), { tags: ['words'] }),
  E('datetime', ['tomorrow at a quarter to nine am', 'tomorrow at 8:45am'], (c) => c.minute(c.at(c.day(1), 8, 45)), { tags: ['words'] }),
  E('datetime', ['at noon thirty', 'at half past twelve pm'], (c) => (before(c, 12, 30) ? c.minute(c.nextClock(12, 30)) : null), { tags: ['words'] }),
  // --- Parts of the day with a clock ---------------------------------------------------------------
  E('datetime', ['8 tonight', 'at 8 tonight'], (c) => (before(c, 20) ? c.minute(c.at(c.today, 20)) : null)),
  E('datetime', ['this morning @ 10', 'this morning at 10'], (c) => (before(c, 10) ? c.minute(c.at(c.today, 10)) : null)),
  E('datetime', ['this afternoon at 4', 'at 4 this afternoon'], (c) => (before(c, 16) ? c.minute(c.at(c.today, 16)) : null)),
  E('datetime', ['at 10 in the morning', 'at ten in the morning'], (c) => c.minute(c.nextClock(10))),
  E('datetime', ['at 9 in the evening', 'at nine in the evening'], (c) => c.minute(c.nextClock(21))),
  E('datetime', ['tonight at 11', 'at 11 tonight'], (c) => c.minute(c.at(c.today, 23))),
  E('datetime', ['tomorrow at 6:45 am', 'at 6:45 tomorrow morning'], (c) => c.minute(c.at(c.day(1), 6, 45))),
  E('datetime', ['tomorrow night at 10', 'tomorrow at 10pm'], (c) => c.minute(c.at(c.day(1), 22))),
  E('datetime', ['at 3am', 'at 3 in the morning'], (c) => c.minute(c.nextClock(3))),
  // --- Parts of the day alone ------------------------------------------------------------------
  E('part-of-day', ['tonight', 'this evening'], (c) => c.period(c.today, 'evening')),
  E('part-of-day', ['tomorrow morning', 'tmrw morning', 'tomorrow am'], (c) => c.period(c.day(1), 'morning'), { tags: ['abbrev'] }),
  E('part-of-day', ['tomorrow afternoon', 'tomorrow in the afternoon'], (c) => c.period(c.day(1), 'afternoon')),
  E('part-of-day', ['tomorrow evening', 'tomorrow night'], (c, x) => c.period(c.day(1), x.includes('night') ? 'night' : 'evening')),
  E('part-of-day', ['this afternoon', 'later this afternoon'], (c) => (before(c, 13) ? c.period(c.today, 'afternoon') : null)),
  E('part-of-day', ['friday morning', 'on Friday morning'], (c) => c.period(c.nextWd(5), 'morning')),
  E('part-of-day', ['sunday evening', 'Sunday night'], (c, x) => c.period(c.nextWd(0), x.includes('night') ? 'night' : 'evening')),
  E('part-of-day', ['saturday afternoon'], (c) => c.period(c.nextWd(6), 'afternoon')),
  E('part-of-day', ['at lunch tomorrow', 'tomorrow at lunchtime'], (c) => c.period(c.day(1), 'noon')),
  E('part-of-day', ['the day after tomorrow in the morning'], (c) => c.period(c.day(2), 'morning'), { n: 2 }),
  // --- Relative days and weeks --------------------------------------------------------------------
  E('date', ['tomorrow', 'tmrw', 'tomorow'], (c) => c.date(c.day(1)), { tags: ['abbrev'] }),
  E('date', ['the day after tomorrow', 'day after tomorrow'], (c) => c.date(c.day(2))),
  E('datetime', ['day after tomorrow at 5pm', 'the day after tomorrow at 5 pm'], (c) => c.minute(c.at(c.day(2), 17))),
  E('datetime', ['tomorrow at 10am', 'tomorrow 10am', 'tmrw at 10am'], (c) => c.minute(c.at(c.day(1), 10))),
  E('datetime', ['tomorrow at 9', 'tomorrow 9am'], (c) => c.minute(c.at(c.day(1), 9))),
  E('datetime', ['tomorrow at 3', 'tomorrow at 3pm'], (c) => c.minute(c.at(c.day(1), 15))),
  E('datetime', ['tomorrow at noon', 'noon tomorrow'], (c) => c.minute(c.at(c.day(1), 12))),
  E('date', ['on Monday', 'next Monday', 'monday'], (c) => c.date(c.nextWd(1))),
  E('date', ['this Thursday', 'on thursday'], (c) => c.date(c.nextWd(4))),
  E('datetime', ['Friday at 3pm', 'on Friday at 3 pm', 'friday 3pm'], (c) => c.minute(c.at(c.nextWd(5), 15))),
  E('datetime', ['next Wednesday at 10am', 'Wednesday at 10 am'], (c) => c.minute(c.at(c.nextWd(3), 10))),
  E('datetime', ['Saturday at noon', 'on saturday at noon'], (c) => c.minute(c.at(c.nextWd(6), 12))),
  E('datetime', ['Sunday at 6:30pm', 'sunday 6:30 pm'], (c) => c.minute(c.at(c.nextWd(0), 18, 30))),
  E('date', ['friday after next', 'the Friday after next'], (c) => c.date(addDays(c.nextWd(5), 7)), { tags: ['idiom'] }),
  E('date', ['Tuesday next week', 'next week Tuesday', 'next week on Tuesday'], (c) => c.date(addDays(c.nextMonday(), 1))),
  E('date', ['a week from today', 'one week from today', 'in a week'], (c) => c.date(c.day(7))),
  E('date', ['in 3 days', 'in three days'], (c) => c.date(c.day(3)), { tags: ['words'] }),
  E('date', ['in two weeks', 'in 2 weeks', 'two weeks from now'], (c) => c.date(c.day(14))),
  E('date', ['in 10 days', 'ten days from now'], (c) => c.date(c.day(10))),
  E('date', ['in a month', 'in 1 month', 'a month from now'], (c) => c.date(addMonths(c, 1))),
  E('date', ['in 4 years', 'four years from now'], (c) => c.date({ ...c.today, y: c.today.y + 4 }), { n: 2 }),
  E('date', ['in 3 weeks', 'three weeks from today'], (c) => c.date(c.day(21))),
  E('date', ['the first tuesday of october', 'on the first Tuesday in October'], (c) => c.date(nthOfMonth(c, 10, 2, 1))),
  E('date', ['the last friday of the month', 'on the last Friday of this month'], (c) => c.date(lastOfMonthAhead(c, 5))),
  E('date', ['the second monday of next month', 'on the 2nd Monday of next month'], (c) => c.date(nthOfNextMonth(c, 1, 2))),
  E('date', ['the first wednesday of next month'], (c) => c.date(nthOfNextMonth(c, 3, 1)), { n: 2 }),
  E('datetime', ['a week from Friday at 9am'], (c) => c.minute(c.at(addDays(c.nextWd(5), 7), 9)), { tags: ['idiom'], n: 2 }),
  // --- Delays -----------------------------------------------------------------------------------
  E('duration', ['in 45 minutes', 'in 45 min', 'in 45 mins'], (c) => c.minute(c.plus(45))),
  E('duration', ['in 20 min', 'in twenty minutes'], (c) => c.minute(c.plus(20))),
  E('duration', ['in an hour', 'in 1 hour', 'in one hour'], (c) => c.minute(c.plus(60))),
  E('duration', ['in 2 hours', 'in two hours', 'in 2 hrs'], (c) => c.minute(c.plus(120))),
  E('duration', ['in an hour and a half', 'in 1.5 hours', 'in one and a half hours'], (c) => c.minute(c.plus(90)), { tags: ['fraction'] }),
  E('duration', ['in half an hour', 'in 1/2 hour', 'in a half hour'], (c) => c.minute(c.plus(30)), { tags: ['fraction'] }),
  E('duration', ['in a quarter of an hour', 'in 1/4h', 'in a quarter hour'], (c) => c.minute(c.plus(15)), { tags: ['fraction'] }),
  E('duration', ['in 90 mins', 'in ninety minutes'], (c) => c.minute(c.plus(90))),
  E('duration', ['in 5 mins', 'in five minutes'], (c) => c.minute(c.plus(5))),
  E('duration', ['in 1 hr 15 min', 'in an hour and 15 minutes', 'in 1h15'], (c) => c.minute(c.plus(75))),
  E('duration', ['in a couple of hours', 'in a couple hours'], (c) => c.minute(c.plus(120))),
  E('duration', ['in 3 hrs', 'in three hours', '3 hours from now'], (c) => c.minute(c.plus(180))),
  E('duration', ['in 2 and a half hours', 'in two and a half hours'], (c) => c.minute(c.plus(150)), { tags: ['fraction'] }),
  E('duration', ['in 10 minutes', 'in ten mins'], (c) => c.minute(c.plus(10))),
  E('duration', ['now', 'right now'], (c) => c.window(new Date(c.now.getTime() - 1), c.plus(2), c.plus(1)), { n: 2 }),
  // --- Dates with numbers and names ---------------------------------------------------------------
  E('date', ['on 12/20', 'on 12-20'], (c) => c.date(c.nextDate(12, 20)), { tags: ['numeric'] }),
  E('datetime', ['on 4/25 at 16h', 'on 4/25 at 4pm'], (c) => c.minute(c.at(c.nextDate(4, 25), 16)), { tags: ['numeric'] }),
  E('date', ['on Dec 20', 'on December 20th', 'Dec. 20'], (c) => c.date(c.nextDate(12, 20))),
  E('datetime', ['December 20th at 2pm', 'on Dec 20 at 2 pm'], (c) => c.minute(c.at(c.nextDate(12, 20), 14))),
  E('date', ['on the 15th', 'on the fifteenth'], (c) => c.date(dayOfMonthAhead(c, 15))),
  E('date', ['on March 3rd', 'on the 3rd of March'], (c) => c.date(c.nextDate(3, 3))),
  E('date', ['Jan 5', 'on January 5th'], (c) => c.date(c.nextDate(1, 5))),
  E('datetime', ['on April 30 at 2pm', 'April 30th at 2 pm'], (c) => c.minute(c.at(c.nextDate(4, 30), 14))),
  E('date', ['on the 1st', 'on the first'], (c) => c.date(dayOfMonthAhead(c, 1))),
  E('date', ['on November 12', 'Nov 12th'], (c) => c.date(c.nextDate(11, 12))),
  E('datetime', ['on June 20 at 7pm'], (c) => c.minute(c.at(c.nextDate(6, 20), 19))),
  E('date', ['on the 4th of next month'], (c) => c.date(addMonths(c, 1, 4)), { n: 2 }),
  {
    grain: 'date', x: [], e: () => null, tags: ['numeric'],
    make: (c) => {
      const day = c.day(17);
      return { expr: `on ${day.y}-${String(day.m).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`, expected: c.date(day) };
    },
  },
  {
    grain: 'datetime', x: [], e: () => null, tags: ['numeric'],
    make: (c, v) => {
      const day = c.day(9 + v);
      return { expr: `on ${day.m}/${day.d}/${day.y} at 11am`, expected: c.minute(c.at(day, 11)) };
    },
  },
  {
    grain: 'datetime', x: [], e: () => null, tags: ['abbrev'],
    make: (c, v) => {
      const wd = [4, 1, 5][v]!;
      return { expr: `${ABBR[wd]} at 9am`, expected: c.minute(c.at(c.nextWd(wd), 9)) };
    },
  },
  {
    grain: 'datetime', x: [], e: () => null, tags: ['abbrev'],
    make: (c, v) => {
      const day = c.day(5 + v * 4);
      return { expr: `${DAYS[weekdayOf(day)]!.slice(0, 3)}, ${MONTHS[day.m - 1]!.slice(0, 3)} ${day.d} 19h00`, expected: c.minute(c.at(day, 19)) };
    },
  },
  {
    grain: 'date', x: [], e: () => null,
    make: (c, v) => {
      const day = c.day(12 + v * 6);
      return { expr: `on ${DAYS[weekdayOf(day)]}, ${MONTHS[day.m - 1]} ${ordinal(day.d)}`, expected: c.date(day) };
    },
  },
  // --- Named zones -------------------------------------------------------------------------------
  E('zone', ['at 3pm PST', 'at 3 pm PST'], (c) => (onOffset(c, 'America/Los_Angeles', -480) ? c.minute(inZone(c, 'America/Los_Angeles', 15)) : null), { zones: ['America/Toronto', 'America/Halifax'] }),
  {
    grain: 'zone', x: [], e: () => null,
    make: (c) => ({ expr: 'Thursday 8:00 GMT', expected: c.minute(c.at(c.nextWd(4), 8, 0, 'UTC')) }),
    zones: ['Europe/Paris', 'America/Halifax', 'America/Toronto'],
  },
  E('zone', ['at 9am Eastern', 'at 9 am Eastern time', 'at 9am ET'], (c) => c.minute(inZone(c, 'America/Toronto', 9)), { zones: ['America/Vancouver', 'Europe/Paris', 'America/Halifax'] }),
  E('zone', ['at noon Pacific time', 'at 12pm Pacific'], (c) => c.minute(inZone(c, 'America/Vancouver', 12)), { zones: ['America/Toronto', 'America/Halifax'] }),
  E('zone', ['tomorrow at 10am Paris time', 'tomorrow 10am Paris time'], (c) => c.minute(c.at(c.day(1), 10, 0, 'Europe/Paris')), { zones: CANADA }),
  E('zone', ['at 5pm UTC', 'at 17:00 UTC'], (c) => c.minute(inZone(c, 'UTC', 17))),
  E('zone', ['at 2pm EST', 'at 2 pm EST'], (c) => (onOffset(c, 'America/New_York', -300) ? c.minute(inZone(c, 'America/New_York', 14)) : null), { zones: ['America/Vancouver', 'America/Halifax', 'Europe/Paris'] }),
  E('zone', ['at 11am Atlantic time'], (c) => c.minute(inZone(c, 'America/Halifax', 11)), { zones: ['America/Toronto', 'America/Vancouver'] }),
  E('zone', ['at 6pm CET'], (c) => (onOffset(c, 'Europe/Paris', 60) ? c.minute(inZone(c, 'Europe/Paris', 18)) : null), { zones: CANADA, n: 2 }),
  // --- Holidays ------------------------------------------------------------------------------------
  E('holiday', ['on Christmas', 'on Christmas Day', 'at Christmas'], (c) => c.date(c.nextHoliday('christmas'))),
  E('holiday', ['on Christmas Eve'], (c) => c.date(c.nextHoliday('christmasEve'))),
  E('holiday', ['Christmas morning', 'on Christmas morning'], (c) => c.period(c.nextHoliday('christmas'), 'morning'), { n: 2 }),
  E('holiday', ['on Boxing Day'], (c) => c.date(c.nextHoliday('boxingDay')), { zones: CANADA }),
  E('holiday', ['on New Year\'s Day', 'on New Years day'], (c) => c.date(c.nextHoliday('newYear'))),
  E('holiday', ['on New Year\'s Eve', 'on NYE'], (c) => c.date(c.nextHoliday('newYearsEve'))),
  E('holiday', ['on Valentine\'s Day', 'on valentines day'], (c) => c.date(c.nextHoliday('valentine'))),
  E('holiday', ['on St. Patrick\'s Day', 'on Saint Patrick\'s Day'], (c) => c.date(c.nextHoliday('stPatrick'))),
  E('holiday', ['on Easter', 'on Easter Sunday'], (c) => c.date(c.nextHoliday('easter'))),
  E('holiday', ['on Good Friday'], (c) => c.date(c.nextHoliday('goodFriday'))),
  E('holiday', ['on Easter Monday'], (c) => c.date(c.nextHoliday('easterMonday')), { zones: CANADA, n: 2 }),
  E('holiday', ['on Mother\'s Day', 'for mothers day'], (c) => c.date(c.nextHoliday('mothersDay'))),
  E('holiday', ['on Father\'s Day', 'for fathers day'], (c) => c.date(c.nextHoliday('fathersDay'))),
  E('holiday', ['on Victoria Day', 'on the May long weekend Monday'], (c) => c.date(c.nextHoliday('victoriaDay')), { zones: CANADA }),
  E('holiday', ['on Canada Day'], (c) => c.date(c.nextHoliday('canadaDay')), { zones: CANADA }),
  E('holiday', ['on the Civic Holiday'], (c) => c.date(c.nextHoliday('civicHoliday')), { zones: ['America/Toronto'], n: 2 }),
  E('holiday', ['on Labour Day', 'on Labor Day'], (c) => c.date(c.nextHoliday('labourDayNA')), { zones: CANADA }),
  E('holiday', ['on Thanksgiving', 'at Thanksgiving', 'on Thanksgiving Monday'], (c) => c.date(c.nextHoliday('thanksgivingCA')), { zones: CANADA }),
  E('holiday', ['on American Thanksgiving', 'on US Thanksgiving'], (c) => c.date(c.nextHoliday('thanksgivingUS'))),
  E('holiday', ['on Halloween', 'on Halloween night'], (c, x) => (x.includes('night') ? c.period(c.nextHoliday('halloween'), 'night') : c.date(c.nextHoliday('halloween')))),
  E('holiday', ['on Remembrance Day'], (c) => c.date(c.nextHoliday('remembrance')), { zones: CANADA }),
  E('holiday', ['on Family Day'], (c) => c.date(c.nextHoliday('familyDay')), { zones: ['America/Toronto', 'America/Vancouver'] }),
  E('holiday', ['on Independence Day', 'on the Fourth of July', 'on July 4th'], (c) => c.date(c.nextHoliday('independenceDay'))),
  E('holiday', ['on Memorial Day'], (c) => c.date(c.nextHoliday('memorialDay'))),
  E('holiday', ['on Presidents\' Day', 'on Presidents Day'], (c) => c.date(c.nextHoliday('presidentsDay'))),
  E('holiday', ['on MLK Day', 'on Martin Luther King Day'], (c) => c.date(c.nextHoliday('mlkDay'))),
  E('holiday', ['on Black Friday'], (c) => c.date(c.nextHoliday('blackFriday'))),
  E('holiday', ['on Cyber Monday'], (c) => c.date(c.nextHoliday('cyberMonday')), { n: 2 }),
  E('holiday', ['on Groundhog Day'], (c) => c.date(c.nextHoliday('groundhog')), { n: 2 }),
  E('holiday', ['on April Fools\' Day', 'on April Fools'], (c) => c.date(c.nextHoliday('aprilFools')), { n: 2 }),
  E('holiday', ['on Earth Day'], (c) => c.date(c.nextHoliday('earthDay')), { n: 2 }),
  E('holiday', ['on St-Jean-Baptiste Day', 'on Saint-Jean-Baptiste Day'], (c) => c.date(c.nextHoliday('stJean')), { zones: CANADA, n: 2 }),
  E('holiday', ['the day before Thanksgiving'], (c) => c.date(addDays(c.nextHoliday('thanksgivingCA'), -1)), { zones: CANADA, n: 2 }),
  E('holiday', ['on New Year\'s Day at noon'], (c) => c.minute(c.at(c.nextHoliday('newYear'), 12)), { n: 2 }),
  // --- Deadlines ---------------------------------------------------------------------------------
  E('deadline', ['before April 30', 'before April 30th'], (c) => c.deadline(c.at(c.nextDate(4, 30), 0))),
  E('deadline', ['by Friday', 'by this Friday', 'no later than Friday'], (c) => c.deadline(c.at(c.nextWd(5), 24))),
  E('deadline', ['before Friday'], (c) => c.deadline(c.at(c.nextWd(5), 0))),
  E('deadline', ['before the end of the month', 'by the end of the month'], (c) => c.deadline(c.at(addMonths(c, 1, 1), 0))),
  E('deadline', ['no later than May 15', 'by May 15th'], (c) => c.deadline(c.at(c.nextDate(5, 15), 24))),
  E('deadline', ['before July 1st', 'before July 1'], (c) => c.deadline(c.at(c.nextDate(7, 1), 0))),
  E('deadline', ['before Christmas'], (c) => c.deadline(c.at(c.nextHoliday('christmas'), 0))),
  E('deadline', ['before next Monday', 'before Monday'], (c) => c.deadline(c.at(c.nextWd(1), 0))),
  E('deadline', ['by the 20th', 'before the 21st'], (c, x) => c.deadline(x.includes('21') ? c.at(dayOfMonthAhead(c, 21), 0) : c.at(dayOfMonthAhead(c, 20), 24))),
  E('deadline', ['due May 31', 'it\'s due on May 31st'], (c) => c.deadline(c.at(c.nextDate(5, 31), 24))),
  E('deadline', ['before Thursday 5pm', 'before 5pm on Thursday'], (c) => c.deadline(c.at(c.nextWd(4), 17))),
  E('deadline', ['before Halloween'], (c) => c.deadline(c.at(c.nextHoliday('halloween'), 0)), { n: 2 }),
  // --- Recurrences -------------------------------------------------------------------------------
  E('recurrence', ['every Monday at 6pm', 'Mondays at 6pm', 'each monday at 6 pm'], (c) => c.minute(c.firstWeekly([1], 18), 'FREQ=WEEKLY;BYDAY=MO')),
  E('recurrence', ['every weekday at 8am', 'weekdays at 8am', 'monday to friday at 8am'], (c) => c.minute(c.firstWeekly([1, 2, 3, 4, 5], 8), 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR')),
  E('recurrence', ['every day at 7am', 'daily at 7am', 'everyday at 7am'], (c) => c.minute(c.firstWeekly([0, 1, 2, 3, 4, 5, 6], 7), 'FREQ=DAILY')),
  E('recurrence', ['every morning', 'each morning'], (c) => recurringPeriod(c, [0, 1, 2, 3, 4, 5, 6], 'morning', 'FREQ=DAILY')),
  E('recurrence', ['every night at 10pm', 'every night at 10'], (c) => c.minute(c.firstWeekly([0, 1, 2, 3, 4, 5, 6], 22), 'FREQ=DAILY')),
  E('recurrence', ['every other Friday', 'every second Friday'], (c) => c.date(c.firstWeeklyDay([5]), 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR')),
  E('recurrence', ['every 2 weeks on Thursday at 7pm', 'every two weeks on Thursdays at 7pm'], (c) => c.minute(c.firstWeekly([4], 19), 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH')),
  E('recurrence', ['on the 1st of every month', 'on the first of each month', 'monthly on the 1st'], (c) => c.date(wallDay(c, c.firstMonthly(1)), 'FREQ=MONTHLY;BYMONTHDAY=1')),
  E('recurrence', ['every month on the 15th at 10am', 'on the 15th of every month at 10am'], (c) => c.minute(c.firstMonthly(15, 10), 'FREQ=MONTHLY;BYMONTHDAY=15')),
  E('recurrence', ['every year on March 3', 'every March 3rd'], (c) => c.date(c.nextDate(3, 3), 'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3')),
  E('recurrence', ['every Tuesday and Thursday at 5:30pm', 'Tuesdays and Thursdays at 5:30 pm'], (c) => c.minute(c.firstWeekly([2, 4], 17, 30), 'FREQ=WEEKLY;BYDAY=TU,TH')),
  E('recurrence', ['weekends at 10am', 'every weekend at 10am'], (c) => c.minute(c.firstWeekly([6, 0], 10), 'FREQ=WEEKLY;BYDAY=SA,SU')),
  E('recurrence', ['every Sunday evening', 'Sunday evenings'], (c) => recurringPeriod(c, [0], 'evening', 'FREQ=WEEKLY;BYDAY=SU')),
  E('recurrence', ['daily at 9pm', 'every day at 9 pm'], (c) => c.minute(c.firstWeekly([0, 1, 2, 3, 4, 5, 6], 21), 'FREQ=DAILY')),
  E('recurrence', ['the first Monday of every month', 'on the first Monday of each month'], (c) => c.date(firstNthAhead(c, 1, 1), 'FREQ=MONTHLY;BYDAY=1MO')),
  E('recurrence', ['the last Friday of every month'], (c) => c.date(lastOfMonthAhead(c, 5), 'FREQ=MONTHLY;BYDAY=-1FR'), { n: 2 }),
  E('recurrence', ['Mondays at 9am', 'every monday at 9 am'], (c) => c.minute(c.firstWeekly([1], 9), 'FREQ=WEEKLY;BYDAY=MO')),
  E('recurrence', ['weekdays at 6:45am', 'every weekday at 6:45 am'], (c) => c.minute(c.firstWeekly([1, 2, 3, 4, 5], 6, 45), 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR')),
  E('recurrence', ['every Saturday morning', 'Saturday mornings'], (c) => recurringPeriod(c, [6], 'morning', 'FREQ=WEEKLY;BYDAY=SA')),
  E('recurrence', ['every week on Wednesday at noon', 'weekly on Wednesdays at noon'], (c) => c.minute(c.firstWeekly([3], 12), 'FREQ=WEEKLY;BYDAY=WE')),
  E('recurrence', ['every day at noon'], (c) => c.minute(c.firstWeekly([0, 1, 2, 3, 4, 5, 6], 12), 'FREQ=DAILY'), { n: 2 }),
  // --- Questions a careful assistant asks ----------------------------------------------------------------
  Q(['soon', 'sometime soon']),
  Q(['one of these days', 'at some point']),
  Q(['next week', 'sometime next week']),
  Q(['next month', 'sometime next month']),
  Q(['this summer', 'in the spring']),
  Q(['this weekend', 'over the weekend']),
  Q(['when I get home', 'when I leave work']),
  Q(['on February 30', 'on Feb 30th']),
  Q(['on April 31st', 'on June 31']),
  Q(['on May 32']),
  Q(['at 25:00', 'at 13pm']),
  Q(['tomorrow at 3 or 4', 'tomorrow at 3pm or 4pm']),
  Q(['monday or tuesday', 'thursday or friday']),
  Q(['yesterday at 3pm', 'last night']),
  E('clarify', ['today at 8am', 'this morning at 7'], (c) => (c.wall.h >= 9 ? c.clarify() : null)),
  Q([''], { n: 3 }),
  {
    grain: 'clarify', x: [], e: () => null,
    make: (c, v) => {
      const wd = impossibleWeekdayOn30(c);
      return wd === null ? null : { expr: v % 2 ? `on ${DAYS[wd]} the 30th` : `${DAYS[wd]} the 30th`, expected: c.clarify() };
    },
  },
];

function addDays(day: { y: number; m: number; d: number }, n: number): { y: number; m: number; d: number } {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

export const EN_TASKS = [
  'call mom', 'pay the rent', 'take my meds', 'take out the trash', 'call the dentist', 'email Sarah', 'buy milk', 'file my taxes',
  'renew my passport', 'water the plants', 'pick up the kids', 'book a doctor appointment', 'do the laundry', 'go to the pharmacy',
  'pay the hydro bill', 'reply to my boss', 'go grocery shopping', 'feed the cat', 'walk the dog', 'call the garage', 'cancel Netflix',
  'fill out the school form', 'write to grandma', 'put the chicken in the oven', 'change the sheets', 'pay my credit card',
  'buy a gift for Leah', 'deposit the cheque', 'wash the car', 'prepare my presentation', 'study for my exam', 'clean the kitchen',
  'text my brother', 'empty the dishwasher', 'print the tickets', 'drink some water', 'order the flowers', 'send my resume',
  'take my vitamins', 'submit the expense report', 'return the library books', 'charge my phone',
];

export const EN_TRIGGERS: Trigger[] = [
  { head: 'remind me', link: 'to' },
  { head: 'Remind me', link: 'to' },
  { head: 'remnd me', link: 'to', tag: 'typo' },
  { head: 'can you remind me', link: 'to' },
  { head: 'please remind me', link: 'to' },
  { head: 'remidn me', link: 'to', tag: 'typo' },
  { head: 'don\'t let me forget', link: 'to' },
  { head: 'rmind me', link: 'to', tag: 'typo' },
  { head: 'pls remind me', link: 'to' },
  { head: 'reminder:', link: '' },
  { head: 'reminde me', link: 'to', tag: 'typo' },
  { head: 'set a reminder', link: 'to' },
  { head: 'remind em', link: 'to', tag: 'typo' },
  { head: 'dont let me forget', link: 'to' },
  { head: 'Remind me', link: 'to' },
  { head: 'remindme', link: 'to', tag: 'typo' },
  { head: 'could you remind me', link: 'to' },
  { head: 'remine me', link: 'to', tag: 'typo' },
];
