import { type Day, addDays, easter, nthWeekday } from './calendar';

/**
 * The holidays people set reminders around, by the date rule of the place: Québec, the rest of
 * Canada, the United States and France. One rule per holiday name used by the corpus.
 */
const SUN = 0;
const MON = 1;
const THU = 4;

const RULES: Record<string, (y: number) => Day> = {
  newYear: (y) => ({ y, m: 1, d: 1 }),
  newYearsEve: (y) => ({ y, m: 12, d: 31 }),
  christmasEve: (y) => ({ y, m: 12, d: 24 }),
  christmas: (y) => ({ y, m: 12, d: 25 }),
  boxingDay: (y) => ({ y, m: 12, d: 26 }),
  valentine: (y) => ({ y, m: 2, d: 14 }),
  groundhog: (y) => ({ y, m: 2, d: 2 }),
  stPatrick: (y) => ({ y, m: 3, d: 17 }),
  aprilFools: (y) => ({ y, m: 4, d: 1 }),
  earthDay: (y) => ({ y, m: 4, d: 22 }),
  mardiGras: (y) => addDays(easter(y), -47),
  goodFriday: (y) => addDays(easter(y), -2),
  easter: (y) => easter(y),
  easterMonday: (y) => addDays(easter(y), 1),
  ascension: (y) => addDays(easter(y), 39),
  pentecostMonday: (y) => addDays(easter(y), 50),
  /** Canada and the US: second Sunday of May. */
  mothersDay: (y) => nthWeekday(y, 5, SUN, 2),
  fathersDay: (y) => nthWeekday(y, 6, SUN, 3),
  /** Victoria Day / Journée nationale des patriotes: the Monday before May 25. */
  victoriaDay: (y) => addDays({ y, m: 5, d: 25 }, -(((new Date(Date.UTC(y, 4, 25)).getUTCDay() - MON + 7) % 7) || 7)),
  stJean: (y) => ({ y, m: 6, d: 24 }),
  canadaDay: (y) => ({ y, m: 7, d: 1 }),
  civicHoliday: (y) => nthWeekday(y, 8, MON, 1),
  /** Labour Day in Canada and the US: first Monday of September. */
  labourDayNA: (y) => nthWeekday(y, 9, MON, 1),
  /** Action de grâce / Canadian Thanksgiving: second Monday of October. */
  thanksgivingCA: (y) => nthWeekday(y, 10, MON, 2),
  halloween: (y) => ({ y, m: 10, d: 31 }),
  remembrance: (y) => ({ y, m: 11, d: 11 }),
  familyDay: (y) => nthWeekday(y, 2, MON, 3),
  mlkDay: (y) => nthWeekday(y, 1, MON, 3),
  presidentsDay: (y) => nthWeekday(y, 2, MON, 3),
  memorialDay: (y) => nthWeekday(y, 5, MON, -1),
  independenceDay: (y) => ({ y, m: 7, d: 4 }),
  /** US Thanksgiving: fourth Thursday of November. */
  thanksgivingUS: (y) => nthWeekday(y, 11, THU, 4),
  blackFriday: (y) => addDays(nthWeekday(y, 11, THU, 4), 1),
  cyberMonday: (y) => addDays(nthWeekday(y, 11, THU, 4), 4),
  // France
  labourDayFR: (y) => ({ y, m: 5, d: 1 }),
  victory1945: (y) => ({ y, m: 5, d: 8 }),
  bastilleDay: (y) => ({ y, m: 7, d: 14 }),
  assumption: (y) => ({ y, m: 8, d: 15 }),
  allSaints: (y) => ({ y, m: 11, d: 1 }),
  musicDay: (y) => ({ y, m: 6, d: 21 }),
};

export type Holiday = keyof typeof RULES;

export function holidayIn(name: Holiday, y: number): Day {
  const rule = RULES[name];
  if (!rule) throw new Error(`unknown holiday ${name}`);
  return rule(y);
}
