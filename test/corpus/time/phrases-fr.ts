/**
 * French and Québec French time expressions of the corpus, each with how its expected value is
 * computed (see generate.ts). Phrases written for this project.
 */
import type { Ctx, Entry, Trigger } from './generate';

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const DAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const ABBR = ['dim.', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.'];
const MONTH_ABBR = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

const E = (grain: Entry['grain'], x: string | string[], e: Entry['e'], more: Partial<Entry> = {}): Entry => ({
  grain, x: Array.isArray(x) ? x : [x], e, ...more,
});
const Q = (x: string | string[], more: Partial<Entry> = {}): Entry => E('clarify', x, (c) => c.clarify(), more);
const NOT_PARIS = ['America/Toronto', 'America/Vancouver', 'America/Halifax'];
const CANADA = NOT_PARIS;
const PARIS = ['Europe/Paris'];

/** Fails (null) unless the wall clock is before h:mi — for "ce soir à…", "aujourd'hui…". */
const before = (c: Ctx, h: number, mi = 0): boolean => c.wall.h * 60 + c.wall.mi < h * 60 + mi;
/** Next occurrence of h:mi in another zone, for "8h heure de Paris". */
const inZone = (c: Ctx, tz: string, h: number, mi = 0): Date => c.nextClock(h, mi, tz);

export const FR_ENTRIES: Entry[] = [
  // --- Clock times, digits -------------------------------------------------------------------
  E('datetime', ['à 20h', 'à 20 h', 'a 20h'], (c) => c.minute(c.nextClock(20))),
  E('datetime', ['à 20h30', 'à 20 h 30', 'à 20:30'], (c) => c.minute(c.nextClock(20, 30))),
  E('datetime', ['à 15h45', 'vers 15h45'], (c) => c.minute(c.nextClock(15, 45))),
  E('datetime', ['à 13h', 'vers 13 h'], (c) => c.minute(c.nextClock(13))),
  E('datetime', ['à 17h15', 'à 17 h 15'], (c) => c.minute(c.nextClock(17, 15))),
  E('datetime', ['à 22h', 'à 22 h 00'], (c) => c.minute(c.nextClock(22))),
  E('datetime', ['à midi', 'ce midi'], (c) => (before(c, 12) ? c.minute(c.nextClock(12)) : null)),
  E('datetime', ['à minuit', 'ce soir à minuit'], (c) => c.minute(c.at(c.day(1), 0))),
  E('datetime', ['à 14h aujourd\'hui', 'aujourd\'hui à 14h'], (c) => (before(c, 14) ? c.minute(c.at(c.today, 14)) : null)),
  E('datetime', ['aujourd\'hui à 16h30'], (c) => (before(c, 16, 30) ? c.minute(c.at(c.today, 16, 30)) : null)),
  E('datetime', ['à 6h pile', 'à 6 h pile'], (c) => c.minute(c.nextClock(6)), { tags: ['quebec'] }),
  E('datetime', ['aux alentours de 16h', 'autour de 16h'], (c) => c.minute(c.nextClock(16))),
  E('datetime', ['à 21h15', 'à 21:15'], (c) => c.minute(c.nextClock(21, 15))),
  E('datetime', ['à 19h05'], (c) => c.minute(c.nextClock(19, 5))),
  // --- Clock times in words ---------------------------------------------------------------------
  E('datetime', ['à quinze heures trente', 'à quinze heures et demie'], (c) => c.minute(c.nextClock(15, 30)), { tags: ['words'] }),
  E('datetime', ['à seize heures', 'à seize heures pile'], (c) => c.minute(c.nextClock(16)), { tags: ['words'] }),
  E('datetime', ['à dix-sept heures quinze', 'à dix-sept heures et quart'], (c) => c.minute(c.nextClock(17, 15)), { tags: ['words'] }),
  E('datetime', ['à vingt et une heures', 'à vingt-et-une heures'], (c) => c.minute(c.nextClock(21)), { tags: ['words'] }),
  E('datetime', ['à midi moins cinq', 'à midi moins 5'], (c) => (before(c, 11, 55) ? c.minute(c.nextClock(11, 55)) : null), { tags: ['words'] }),
  E('datetime', ['à midi trente', 'à midi et demi'], (c) => (before(c, 12, 30) ? c.minute(c.nextClock(12, 30)) : null), { tags: ['words'] }),
  E('datetime', ['à midi et quart', 'à midi quinze'], (c) => (before(c, 12, 15) ? c.minute(c.nextClock(12, 15)) : null), { tags: ['words'] }),
  E('datetime', ['à onze heures trois quarts', 'à onze heures quarante-cinq'], (c) => (before(c, 11, 45) ? c.minute(c.at(c.today, 11, 45)) : null), { tags: ['words'] }),
  E('datetime', ['demain à trois heures et quart de l\'après-midi', 'demain à trois heures quinze de l\'après-midi'], (c) => c.minute(c.at(c.day(1), 15, 15)), { tags: ['words'] }),
  E('datetime', ['à deux heures de l\'après-midi', 'à 2 heures de l\'après-midi'], (c) => c.minute(c.nextClock(14)), { tags: ['words'] }),
  E('datetime', ['demain à huit heures', 'demain à huit heures du matin'], (c) => c.minute(c.at(c.day(1), 8)), { tags: ['words'] }),
  E('datetime', ['demain à sept heures moins le quart', 'demain à sept heures moins quart'], (c) => c.minute(c.at(c.day(1), 6, 45)), { tags: ['words'] }),
  E('datetime', ['à dix-neuf heures quarante', 'à vingt heures moins vingt'], (c) => c.minute(c.nextClock(19, 40)), { tags: ['words'] }),
  E('datetime', ['à minuit et demi', 'à minuit trente'], (c) => c.minute(c.at(c.day(1), 0, 30)), { tags: ['words'] }),
  // --- Parts of the day that settle the hour --------------------------------------------------------
  E('datetime', ['à 5 heures du soir', 'à 5h du soir'], (c) => c.minute(c.nextClock(17))),
  E('datetime', ['à 9h du soir', 'à neuf heures du soir'], (c) => c.minute(c.nextClock(21))),
  E('datetime', ['à 3h du mat', 'à 3h du matin'], (c) => c.minute(c.nextClock(3))),
  E('datetime', ['à 8h à soir', 'à soir à 8h', 'à 8 heures à soir'], (c) => (before(c, 20) ? c.minute(c.at(c.today, 20)) : null), { tags: ['quebec'] }),
  E('datetime', ['ce soir à 9h30', 'ce soir vers 9h30'], (c) => (before(c, 21, 30) ? c.minute(c.at(c.today, 21, 30)) : null)),
  E('datetime', ['demain matin à 7h', 'demain matin 7h'], (c) => c.minute(c.at(c.day(1), 7))),
  E('datetime', ['demain soir à 9h', 'demain soir 21h'], (c) => c.minute(c.at(c.day(1), 21))),
  E('datetime', ['cet après-midi à 3h', 'cet aprem à 3h'], (c) => (before(c, 15) ? c.minute(c.at(c.today, 15)) : null), { tags: ['quebec'] }),
  E('datetime', ['à 10h du matin', 'à dix heures du matin'], (c) => c.minute(c.nextClock(10))),
  E('datetime', ['à 4h de l\'après-midi', 'à 16 heures'], (c) => c.minute(c.nextClock(16))),
  // --- Parts of the day alone -----------------------------------------------------------------------
  E('part-of-day', ['à soir', 'ce soir', 'en soirée'], (c) => c.period(c.today, 'evening'), { tags: ['quebec'] }),
  E('part-of-day', ['demain matin', 'demain dans la matinée'], (c) => c.period(c.day(1), 'morning')),
  E('part-of-day', ['demain après-midi', 'demain aprem', 'demain dans l\'après-midi'], (c) => c.period(c.day(1), 'afternoon')),
  E('part-of-day', ['demain soir', 'demain en soirée'], (c) => c.period(c.day(1), 'evening')),
  E('part-of-day', ['cet après-midi', 'cet aprem'], (c) => (before(c, 13) ? c.period(c.today, 'afternoon') : null)),
  E('part-of-day', ['à matin', 'ce matin'], (c) => (before(c, 9) ? c.period(c.today, 'morning') : null), { tags: ['quebec'] }),
  E('part-of-day', ['vendredi soir', 'vendredi en soirée'], (c) => c.period(c.nextWd(5), 'evening')),
  E('part-of-day', ['mardi matin'], (c) => c.period(c.nextWd(2), 'morning')),
  E('part-of-day', ['dimanche après-midi'], (c) => c.period(c.nextWd(0), 'afternoon')),
  E('part-of-day', ['demain au dîner', 'demain à l\'heure du dîner'], (c) => c.period(c.day(1), 'noon'), { tags: ['quebec'], zones: CANADA }),
  E('part-of-day', ['demain au souper', 'demain à l\'heure du souper'], (c) => c.period(c.day(1), 'evening'), { tags: ['quebec'], zones: CANADA }),
  E('part-of-day', ['après-demain matin'], (c) => c.period(c.day(2), 'morning')),
  // --- Days and weeks relative to today ----------------------------------------------------------------
  E('date', ['demain', 'demain svp'], (c) => c.date(c.day(1))),
  E('date', ['après-demain', 'après demain', 'apres-demain'], (c) => c.date(c.day(2))),
  E('datetime', ['après-demain à 17h', 'après-demain 17h'], (c) => c.minute(c.at(c.day(2), 17))),
  E('datetime', ['demain à 14h', 'demain 14h', 'demain vers 14 h'], (c) => c.minute(c.at(c.day(1), 14))),
  E('datetime', ['demain 9h', 'demain à 9 h'], (c) => c.minute(c.at(c.day(1), 9))),
  E('datetime', ['demain à 8 h 15', 'demain 8h15'], (c) => c.minute(c.at(c.day(1), 8, 15))),
  E('datetime', ['demain midi', 'demain à midi'], (c) => c.minute(c.at(c.day(1), 12))),
  E('date', ['lundi', 'lundi prochain'], (c) => c.date(c.nextWd(1))),
  E('date', ['jeudi', 'ce jeudi'], (c) => c.date(c.nextWd(4))),
  E('datetime', ['vendredi à 15h', 'vendredi 15h'], (c) => c.minute(c.at(c.nextWd(5), 15))),
  E('datetime', ['mercredi prochain à 10h', 'mercredi à 10h'], (c) => c.minute(c.at(c.nextWd(3), 10))),
  E('datetime', ['samedi midi', 'samedi à midi'], (c) => c.minute(c.at(c.nextWd(6), 12))),
  E('datetime', ['jeudi matin à 9h', 'jeudi à 9h du matin'], (c) => c.minute(c.at(c.nextWd(4), 9))),
  E('datetime', ['dimanche à 18h30', 'dimanche 18 h 30'], (c) => c.minute(c.at(c.nextWd(0), 18, 30))),
  E('date', ['lundi en huit'], (c) => c.date(addWeek(c, c.nextWd(1), 1)), { tags: ['idiom'] }),
  E('date', ['mardi en quinze'], (c) => c.date(addWeek(c, c.nextWd(2), 2)), { tags: ['idiom'] }),
  E('date', ['vendredi de la semaine prochaine', 'le vendredi de la semaine prochaine'], (c) => c.date(addWeek(c, c.nextMonday(), 0, 4))),
  E('date', ['dans 3 jours', 'dans trois jours'], (c) => c.date(c.day(3)), { tags: ['words'] }),
  E('date', ['dans une semaine', 'dans 1 semaine', 'dans 7 jours'], (c) => c.date(c.day(7))),
  E('date', ['dans deux semaines', 'dans 2 semaines', 'dans 15 jours'], (c, x) => c.date(c.day(x.includes('15') ? 15 : 14))),
  E('date', ['dans 10 jours', 'dans dix jours'], (c) => c.date(c.day(10))),
  E('date', ['dans un mois', 'dans 1 mois'], (c) => c.date(addMonths(c, 1))),
  E('date', ['dans 4 ans', 'dans quatre ans'], (c) => c.date({ ...c.today, y: c.today.y + 4 }), { n: 2 }),
  E('date', ['le lendemain'], (c) => c.date(c.day(1)), { n: 1 }),
  E('date', ['le premier mercredi du mois prochain'], (c) => c.date(nthOfNextMonth(c, 3, 1))),
  E('date', ['le premier mardi d\'octobre'], (c) => c.date(nthOfMonth(c, 10, 2, 1))),
  E('date', ['le dernier vendredi du mois'], (c) => c.date(lastOfMonthAhead(c, 5))),
  E('date', ['le deuxième lundi du mois prochain', 'le 2e lundi du mois prochain'], (c) => c.date(nthOfNextMonth(c, 1, 2))),
  E('datetime', ['lundi en huit à 10h'], (c) => c.minute(c.at(addWeek(c, c.nextWd(1), 1), 10)), { tags: ['idiom'], n: 2 }),
  // --- Delays ---------------------------------------------------------------------------------
  E('duration', ['dans 45 min', 'dans 45 minutes'], (c) => c.minute(c.plus(45))),
  E('duration', ['dans 20 minutes', 'dans vingt minutes', 'dans 20 mins'], (c) => c.minute(c.plus(20))),
  E('duration', ['dans une heure', 'dans 1h', 'dans 1 heure'], (c) => c.minute(c.plus(60))),
  E('duration', ['dans 2 h', 'dans deux heures', 'dans 2 heures'], (c) => c.minute(c.plus(120))),
  E('duration', ['dans 2 h 30', 'dans deux heures et demie', 'dans 2h30'], (c) => c.minute(c.plus(150))),
  E('duration', ['dans une heure et demie', 'dans 1h30'], (c) => c.minute(c.plus(90))),
  E('duration', ['dans une demi-heure', 'dans 1/2 heure', 'dans une demi heure'], (c) => c.minute(c.plus(30)), { tags: ['fraction'] }),
  E('duration', ['dans un quart d\'heure', 'dans 1/4 d\'heure'], (c) => c.minute(c.plus(15)), { tags: ['fraction'] }),
  E('duration', ['dans trois quarts d\'heure', 'dans 3/4 d\'heure'], (c) => c.minute(c.plus(45)), { tags: ['fraction'] }),
  E('duration', ['dans 90 minutes', 'dans quatre-vingt-dix minutes'], (c) => c.minute(c.plus(90))),
  E('duration', ['dans 5 min', 'dans cinq minutes'], (c) => c.minute(c.plus(5))),
  E('duration', ['dans 1h15', 'dans une heure quinze', 'dans 1 h 15'], (c) => c.minute(c.plus(75))),
  E('duration', ['dans 3 heures', 'dans trois heures'], (c) => c.minute(c.plus(180))),
  E('duration', ['dans 10 minutes', 'dans dix min'], (c) => c.minute(c.plus(10))),
  E('duration', ['maintenant', 'tout de suite'], (c) => c.window(new Date(c.now.getTime() - 1), c.plus(2), c.plus(1)), { n: 2 }),
  // --- Dates written with numbers or names -----------------------------------------------------------
  E('date', ['le 17/02', 'le 17 02', 'le 17-02'], (c) => c.date(c.nextDate(2, 17)), { tags: ['numeric'] }),
  E('datetime', ['le 25/12 à 10h', 'le 25-12 à 10 h'], (c) => c.minute(c.at(c.nextDate(12, 25), 10)), { tags: ['numeric'] }),
  E('date', ['le 5 janvier', 'le 5 janv.'], (c) => c.date(c.nextDate(1, 5))),
  E('date', ['le 1er avril', 'le premier avril'], (c) => c.date(c.nextDate(4, 1))),
  E('datetime', ['le 30 avril à 14h', 'le 30 avril 14h'], (c) => c.minute(c.at(c.nextDate(4, 30), 14))),
  E('datetime', ['le 3 mars à 9h30', 'le 3 mars à 9 h 30'], (c) => c.minute(c.at(c.nextDate(3, 3), 9, 30))),
  E('date', ['le 15', 'le 15 du mois'], (c) => c.date(dayOfMonthAhead(c, 15))),
  E('date', ['le 4 du mois prochain'], (c) => c.date(addMonths(c, 1, 4))),
  E('date', ['le 12 novembre', 'le 12 nov'], (c) => c.date(c.nextDate(11, 12))),
  E('date', ['le 8 septembre', 'le 8 sept.'], (c) => c.date(c.nextDate(9, 8))),
  E('datetime', ['le 20 juin à 19h'], (c) => c.minute(c.at(c.nextDate(6, 20), 19))),
  {
    grain: 'date', x: [], e: () => null, tags: ['numeric'],
    make: (c) => {
      const day = c.day(17);
      return { expr: `le ${day.y}-${pad(day.m)}-${pad(day.d)}`, expected: c.date(day) };
    },
  },
  {
    grain: 'datetime', x: [], e: () => null, tags: ['numeric'],
    make: (c, v) => {
      const day = c.day(9 + v);
      return { expr: `le ${pad(day.d)}/${pad(day.m)}/${day.y} à 11h`, expected: c.minute(c.at(day, 11)) };
    },
  },
  {
    grain: 'datetime', x: [], e: () => null, tags: ['abbrev'],
    make: (c, v) => {
      const wd = [1, 4, 5][v]!;
      return { expr: `${ABBR[wd]} à 9h`, expected: c.minute(c.at(c.nextWd(wd), 9)) };
    },
  },
  {
    grain: 'datetime', x: [], e: () => null, tags: ['abbrev'],
    make: (c, v) => {
      const day = c.day(5 + v * 4);
      return { expr: `${ABBR[weekdayOf(day)]} ${day.d} ${MONTH_ABBR[day.m - 1]} 19h00`, expected: c.minute(c.at(day, 19)) };
    },
  },
  {
    grain: 'date', x: [], e: () => null,
    make: (c, v) => {
      const day = c.day(12 + v * 6);
      return { expr: `le ${DAYS[weekdayOf(day)]} ${day.d} ${MONTHS[day.m - 1]}`, expected: c.date(day) };
    },
  },
  // --- Named zones -----------------------------------------------------------------------------
  E('zone', ['demain à 8h heure de Paris', 'demain 8h (heure de Paris)'], (c) => c.minute(c.at(c.day(1), 8, 0, 'Europe/Paris')), { zones: NOT_PARIS }),
  E('zone', ['à 15h heure du Pacifique', 'à 15h heure de Vancouver'], (c) => c.minute(inZone(c, 'America/Vancouver', 15)), { zones: ['America/Toronto', 'America/Halifax', 'Europe/Paris'] }),
  E('zone', ['à 14h heure de l\'Est', 'à 14h heure de Montréal', 'à 14h heure de Toronto'], (c) => c.minute(inZone(c, 'America/Toronto', 14)), { zones: ['America/Vancouver', 'America/Halifax', 'Europe/Paris'] }),
  E('zone', ['à 16h GMT', 'à 16h UTC'], (c) => c.minute(inZone(c, 'UTC', 16))),
  E('zone', ['à 10h heure de l\'Atlantique', 'à 10h heure d\'Halifax'], (c) => c.minute(inZone(c, 'America/Halifax', 10)), { zones: ['America/Toronto', 'America/Vancouver', 'Europe/Paris'] }),
  E('zone', ['demain à 9h heure du Québec'], (c) => c.minute(c.at(c.day(1), 9, 0, 'America/Toronto')), { zones: ['Europe/Paris', 'America/Vancouver'] }),
  // --- Holidays -------------------------------------------------------------------------------
  E('holiday', ['à Noël', 'le jour de Noël'], (c) => c.date(c.nextHoliday('christmas'))),
  E('holiday', ['la veille de Noël', 'le 24 décembre'], (c) => c.date(c.nextHoliday('christmasEve'))),
  E('holiday', ['le matin de Noël'], (c) => c.period(c.nextHoliday('christmas'), 'morning'), { n: 2 }),
  E('holiday', ['au lendemain de Noël', 'le lendemain de Noël'], (c) => c.date(c.nextHoliday('boxingDay'))),
  E('holiday', ['au jour de l\'An', 'le jour de l\'An', 'au Nouvel An'], (c) => c.date(c.nextHoliday('newYear'))),
  E('holiday', ['le jour de l\'An à midi'], (c) => c.minute(c.at(c.nextHoliday('newYear'), 12)), { n: 2 }),
  E('holiday', ['la veille du jour de l\'An', 'le 31 décembre'], (c) => c.date(c.nextHoliday('newYearsEve'))),
  E('holiday', ['à la Saint-Valentin', 'le jour de la Saint-Valentin'], (c) => c.date(c.nextHoliday('valentine'))),
  E('holiday', ['à la Saint-Jean', 'à la Saint-Jean-Baptiste', 'à la fête nationale'], (c) => c.date(c.nextHoliday('stJean')), { tags: ['quebec'], zones: CANADA }),
  E('holiday', ['à la fête du Canada', 'le jour du Canada'], (c) => c.date(c.nextHoliday('canadaDay')), { zones: CANADA }),
  E('holiday', ['à l\'Action de grâce', 'le jour de l\'Action de grâce', 'à l\'Action de grâces'], (c) => c.date(c.nextHoliday('thanksgivingCA')), { zones: CANADA }),
  E('holiday', ['à la fête du Travail'], (c) => c.date(c.nextHoliday(c.tz === 'Europe/Paris' ? 'labourDayFR' : 'labourDayNA'))),
  E('holiday', ['à Pâques', 'le dimanche de Pâques'], (c) => c.date(c.nextHoliday('easter'))),
  E('holiday', ['le Vendredi saint'], (c) => c.date(c.nextHoliday('goodFriday'))),
  E('holiday', ['le lundi de Pâques'], (c) => c.date(c.nextHoliday('easterMonday'))),
  E('holiday', ['à la fête des Mères', 'pour la fête des mères'], (c) => c.date(c.nextHoliday('mothersDay')), { zones: CANADA }),
  E('holiday', ['à la fête des Pères', 'pour la fête des pères'], (c) => c.date(c.nextHoliday('fathersDay'))),
  E('holiday', ['à l\'Halloween', 'le soir de l\'Halloween'], (c, x) => (x.includes('soir') ? c.period(c.nextHoliday('halloween'), 'evening') : c.date(c.nextHoliday('halloween'))), { tags: ['quebec'] }),
  E('holiday', ['au jour du Souvenir'], (c) => c.date(c.nextHoliday('remembrance')), { zones: CANADA }),
  E('holiday', ['à la Journée nationale des patriotes', 'à la fête de la Reine'], (c) => c.date(c.nextHoliday('victoriaDay')), { zones: CANADA, tags: ['quebec'] }),
  E('holiday', ['au Vendredi fou'], (c) => c.date(c.nextHoliday('blackFriday')), { zones: CANADA, tags: ['quebec'], n: 2 }),
  E('holiday', ['à la Saint-Patrick'], (c) => c.date(c.nextHoliday('stPatrick')), { n: 2 }),
  E('holiday', ['au Mardi gras'], (c) => c.date(c.nextHoliday('mardiGras')), { n: 2 }),
  E('holiday', ['à la Toussaint'], (c) => c.date(c.nextHoliday('allSaints')), { zones: PARIS, n: 2 }),
  E('holiday', ['le 14 juillet', 'à la fête nationale'], (c) => c.date(c.nextHoliday('bastilleDay')), { zones: PARIS, n: 2 }),
  E('holiday', ['à l\'Ascension', 'le jeudi de l\'Ascension'], (c) => c.date(c.nextHoliday('ascension')), { zones: PARIS, n: 2 }),
  E('holiday', ['le lundi de Pentecôte'], (c) => c.date(c.nextHoliday('pentecostMonday')), { zones: PARIS, n: 2 }),
  E('holiday', ['à l\'Armistice', 'le 11 novembre'], (c) => c.date(c.nextHoliday('remembrance')), { zones: PARIS, n: 2 }),
  E('holiday', ['à la fête de la musique'], (c) => c.date(c.nextHoliday('musicDay')), { zones: PARIS, n: 1 }),
  E('holiday', ['la veille de l\'Action de grâce'], (c) => c.date(addDaysTo(c.nextHoliday('thanksgivingCA'), -1)), { zones: CANADA, n: 2 }),
  // --- Deadlines ---------------------------------------------------------------------------------
  E('deadline', ['avant le 30 avril', 'avant le 30 avril svp'], (c) => c.deadline(c.at(c.nextDate(4, 30), 0))),
  E('deadline', ['avant vendredi', 'avant ce vendredi'], (c) => c.deadline(c.at(c.nextWd(5), 0))),
  E('deadline', ['d\'ici vendredi', 'au plus tard vendredi'], (c) => c.deadline(c.at(c.nextWd(5), 24))),
  E('deadline', ['avant la fin du mois'], (c) => c.deadline(c.at(addMonths(c, 1, 1), 0))),
  E('deadline', ['au plus tard le 15 mai', 'd\'ici le 15 mai'], (c) => c.deadline(c.at(c.nextDate(5, 15), 24))),
  E('deadline', ['avant le 1er juillet', 'avant le premier juillet'], (c) => c.deadline(c.at(c.nextDate(7, 1), 0))),
  E('deadline', ['avant Noël'], (c) => c.deadline(c.at(c.nextHoliday('christmas'), 0))),
  E('deadline', ['avant lundi prochain', 'avant lundi'], (c) => c.deadline(c.at(c.nextWd(1), 0))),
  E('deadline', ['avant le 20', 'avant le 20 du mois'], (c) => c.deadline(c.at(dayOfMonthAhead(c, 20), 0))),
  E('deadline', ['date limite le 31 mai', 'pour le 31 mai au plus tard'], (c) => c.deadline(c.at(c.nextDate(5, 31), 24))),
  E('deadline', ['avant jeudi 17h', 'avant jeudi à 17h'], (c) => c.deadline(c.at(c.nextWd(4), 17))),
  E('deadline', ['avant l\'Halloween'], (c) => c.deadline(c.at(c.nextHoliday('halloween'), 0)), { n: 2 }),
  // --- Recurrences -------------------------------------------------------------------------------
  E('recurrence', ['tous les lundis à 18h', 'chaque lundi à 18h', 'les lundis à 18h'], (c) => c.minute(c.firstWeekly([1], 18), 'FREQ=WEEKLY;BYDAY=MO')),
  E('recurrence', ['tous les jours à 7h', 'chaque jour à 7h', 'à tous les jours à 7h'], (c) => c.minute(c.firstWeekly([0, 1, 2, 3, 4, 5, 6], 7), 'FREQ=DAILY'), { tags: ['quebec'] }),
  E('recurrence', ['tous les soirs à 21h', 'chaque soir à 21h'], (c) => c.minute(c.firstWeekly([0, 1, 2, 3, 4, 5, 6], 21), 'FREQ=DAILY')),
  E('recurrence', ['la semaine à 7h', 'en semaine à 7h', 'du lundi au vendredi à 7h'], (c) => c.minute(c.firstWeekly([1, 2, 3, 4, 5], 7), 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'), { tags: ['quebec'] }),
  E('recurrence', ['tous les jours de semaine à 8h30', 'les jours de semaine à 8h30'], (c) => c.minute(c.firstWeekly([1, 2, 3, 4, 5], 8, 30), 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR')),
  E('recurrence', ['les fins de semaine à 10h', 'toutes les fins de semaine à 10h'], (c) => c.minute(c.firstWeekly([6, 0], 10), 'FREQ=WEEKLY;BYDAY=SA,SU'), { tags: ['quebec'] }),
  E('recurrence', ['un vendredi sur deux'], (c) => c.date(c.firstWeeklyDay([5]), 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR')),
  E('recurrence', ['toutes les deux semaines le jeudi à 19h', 'aux deux semaines le jeudi à 19h'], (c) => c.minute(c.firstWeekly([4], 19), 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH'), { tags: ['quebec'] }),
  E('recurrence', ['le 1er de chaque mois', 'le premier de chaque mois', 'tous les mois le 1er'], (c) => c.date(wallDay(c, c.firstMonthly(1)), 'FREQ=MONTHLY;BYMONTHDAY=1')),
  E('recurrence', ['tous les mois le 15 à 10h', 'le 15 de chaque mois à 10h'], (c) => c.minute(c.firstMonthly(15, 10), 'FREQ=MONTHLY;BYMONTHDAY=15')),
  E('recurrence', ['chaque année le 3 mars', 'tous les ans le 3 mars'], (c) => c.date(c.nextDate(3, 3), 'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3')),
  E('recurrence', ['tous les mardis et jeudis à 17h30', 'les mardis et jeudis à 17h30'], (c) => c.minute(c.firstWeekly([2, 4], 17, 30), 'FREQ=WEEKLY;BYDAY=TU,TH')),
  E('recurrence', ['chaque dimanche soir', 'tous les dimanches soir'], (c) => recurringPeriod(c, [0], 'evening', 'FREQ=WEEKLY;BYDAY=SU')),
  E('recurrence', ['tous les matins', 'chaque matin'], (c) => recurringPeriod(c, [0, 1, 2, 3, 4, 5, 6], 'morning', 'FREQ=DAILY')),
  E('recurrence', ['quotidiennement à 22h', 'chaque jour à 22h'], (c) => c.minute(c.firstWeekly([0, 1, 2, 3, 4, 5, 6], 22), 'FREQ=DAILY')),
  E('recurrence', ['chaque lundi matin à 8h30', 'tous les lundis matin à 8h30'], (c) => c.minute(c.firstWeekly([1], 8, 30), 'FREQ=WEEKLY;BYDAY=MO')),
  E('recurrence', ['le premier lundi de chaque mois', 'le premier lundi du mois'], (c) => c.date(firstNthAhead(c, 1, 1), 'FREQ=MONTHLY;BYDAY=1MO')),
  E('recurrence', ['le dernier vendredi de chaque mois'], (c) => c.date(lastOfMonthAhead(c, 5), 'FREQ=MONTHLY;BYDAY=-1FR'), { n: 2 }),
  E('recurrence', ['chaque samedi matin', 'tous les samedis matin'], (c) => recurringPeriod(c, [6], 'morning', 'FREQ=WEEKLY;BYDAY=SA')),
  E('recurrence', ['toutes les semaines le mercredi à 12h', 'chaque semaine le mercredi à midi'], (c) => c.minute(c.firstWeekly([3], 12), 'FREQ=WEEKLY;BYDAY=WE')),
  E('recurrence', ['tous les jours à midi'], (c) => c.minute(c.firstWeekly([0, 1, 2, 3, 4, 5, 6], 12), 'FREQ=DAILY'), { n: 2 }),
  // --- Questions a careful assistant asks --------------------------------------------------------------
  Q(['bientôt', 'très bientôt']),
  Q(['un de ces jours', 'à un moment donné']),
  Q(['la semaine prochaine', 'dans la semaine']),
  Q(['le mois prochain', 'dans le courant du mois']),
  Q(['cet été', 'au printemps']),
  Q(['dans pas long', 'dans pas grand temps'], { tags: ['quebec'] }),
  Q(['en fin de semaine', 'cette fin de semaine'], { tags: ['quebec'] }),
  Q(['quand j\'arrive à la maison', 'quand je sors du travail']),
  Q(['le 31 février', 'le 30 février']),
  Q(['le 31 avril', 'le 31 juin']),
  Q(['le 32 mai']),
  Q(['à 25h', 'à 26 h']),
  Q(['demain à 15h ou 16h', 'demain à 15h ou à 16h']),
  Q(['lundi ou mardi', 'jeudi ou vendredi']),
  Q(['hier à 15h', 'hier soir']),
  E('clarify', ['aujourd\'hui à 8h', 'ce matin à 7h'], (c) => (c.wall.h >= 9 ? c.clarify() : null)),
  Q([''], { n: 3 }),
  {
    grain: 'clarify', x: [], e: () => null,
    make: (c, v) => {
      const wd = impossibleWeekdayOn30(c);
      return wd === null ? null : { expr: v % 2 ? `${DAYS[wd]} le 30` : `le ${DAYS[wd]} 30`, expected: c.clarify() };
    },
  },
];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function weekdayOf(day: { y: number; m: number; d: number }): number {
  return new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay();
}

function addDaysTo(day: { y: number; m: number; d: number }, n: number): { y: number; m: number; d: number } {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function addWeek(_c: Ctx, day: { y: number; m: number; d: number }, weeks: number, plusDays = 0): { y: number; m: number; d: number } {
  return addDaysTo(day, weeks * 7 + plusDays);
}

/** The same day `months` later (clamped to the month's end), or day `dayOfMonth` of that month. */
export function addMonths(c: Ctx, months: number, dayOfMonth?: number): { y: number; m: number; d: number } {
  const index = c.today.m - 1 + months;
  const y = c.today.y + Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { y, m, d: Math.min(dayOfMonth ?? c.today.d, last) };
}

/** Day `d` of this month when still ahead, else of the next month that has it. */
export function dayOfMonthAhead(c: Ctx, d: number): { y: number; m: number; d: number } {
  if (c.today.d < d) return { ...c.today, d };
  return addMonths(c, 1, d);
}

function nthInMonth(y: number, m: number, wd: number, n: number): { y: number; m: number; d: number } {
  if (n > 0) {
    const first = weekdayOf({ y, m, d: 1 });
    return { y, m, d: 1 + ((wd - first + 7) % 7) + (n - 1) * 7 };
  }
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const last = weekdayOf({ y, m, d: lastDay });
  return { y, m, d: lastDay - ((last - wd + 7) % 7) };
}

export function nthOfNextMonth(c: Ctx, wd: number, n: number): { y: number; m: number; d: number } {
  const next = addMonths(c, 1, 1);
  return nthInMonth(next.y, next.m, wd, n);
}

/** The n-th weekday of `month`, this year when still ahead, else next year. */
export function nthOfMonth(c: Ctx, month: number, wd: number, n: number): { y: number; m: number; d: number } {
  const thisYear = nthInMonth(c.today.y, month, wd, n);
  const ahead = Date.UTC(thisYear.y, thisYear.m - 1, thisYear.d) > Date.UTC(c.today.y, c.today.m - 1, c.today.d);
  return ahead ? thisYear : nthInMonth(c.today.y + 1, month, wd, n);
}

/** The last such weekday of this month when still ahead (after today), else of next month. */
export function lastOfMonthAhead(c: Ctx, wd: number): { y: number; m: number; d: number } {
  const thisMonth = nthInMonth(c.today.y, c.today.m, wd, -1);
  if (thisMonth.d > c.today.d) return thisMonth;
  const next = addMonths(c, 1, 1);
  return nthInMonth(next.y, next.m, wd, -1);
}

/** The n-th weekday of this month when its 09:00 is ahead, else of next month. */
export function firstNthAhead(c: Ctx, wd: number, n: number): { y: number; m: number; d: number } {
  const thisMonth = nthInMonth(c.today.y, c.today.m, wd, n);
  if (c.at(thisMonth, 9) > c.now) return thisMonth;
  return nthOfNextMonth(c, wd, n);
}

export function wallDay(c: Ctx, instant: Date): { y: number; m: number; d: number } {
  const iso = c.iso(instant);
  return { y: Number(iso.slice(0, 4)), m: Number(iso.slice(5, 7)), d: Number(iso.slice(8, 10)) };
}

/** A recurring part of the day: the first matching day whose window is still ahead. */
export function recurringPeriod(c: Ctx, days: number[], period: 'morning' | 'evening' | 'afternoon', rrule: string): ReturnType<Ctx['period']> {
  for (let i = 0; i < 15; i++) {
    const day = c.day(i);
    if (!days.includes(weekdayOf(day))) continue;
    const defaults = { morning: 8, afternoon: 14, evening: 19 };
    if (c.at(day, defaults[period]) <= c.now) continue;
    return c.period(day, period, rrule);
  }
  return null;
}

/** A weekday that neither of the next two 30ths falls on ("lundi 30" when no Monday 30 is near). */
export function impossibleWeekdayOn30(c: Ctx): number | null {
  const thirties: number[] = [];
  let { y, m } = c.today;
  while (thirties.length < 2) {
    if (new Date(Date.UTC(y, m, 0)).getUTCDate() >= 30 && (y > c.today.y || m > c.today.m || c.today.d < 30)) thirties.push(weekdayOf({ y, m, d: 30 }));
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  for (const wd of [1, 2, 3, 4, 5, 6, 0]) if (!thirties.includes(wd)) return wd;
  return null;
}

export const FR_TASKS = [
  'payer le loyer', 'appeler maman', 'prendre mes médicaments', 'sortir les vidanges', 'sortir le recyclage',
  'appeler le dentiste', 'envoyer le courriel à Julie', 'acheter du lait', 'faire ma déclaration d\'impôts',
  'renouveler mon passeport', 'arroser les plantes', 'aller chercher les enfants à la garderie', 'prendre rendez-vous chez le médecin',
  'réserver le restaurant', 'faire le lavage', 'passer à la pharmacie', 'payer la facture d\'Hydro', 'répondre à mon patron',
  'faire l\'épicerie', 'aller au gym', 'nourrir le chat', 'rappeler le garage', 'prendre ma pilule', 'annuler l\'abonnement Netflix',
  'remplir le formulaire de l\'école', 'écrire à grand-maman', 'mettre le poulet au four', 'sortir le chien', 'changer les draps',
  'payer ma carte de crédit', 'acheter un cadeau pour Léa', 'déposer le chèque', 'laver l\'auto', 'appeler la SAAQ',
  'préparer ma présentation', 'étudier pour mon examen', 'faire le ménage', 'texter mon frère', 'vider le lave-vaisselle',
  'imprimer les billets', 'boire de l\'eau', 'commander les fleurs', 'envoyer mon CV', 'prendre mes vitamines',
];

export const FR_TRIGGERS: Trigger[] = [
  { head: 'rappelle-moi', link: 'de' },
  { head: 'Rappelle-moi', link: 'de' },
  { head: 'rappelle moi', link: 'de' },
  { head: 'rapelle-moi', link: 'de', tag: 'typo' },
  { head: 'fais-moi penser', link: 'à' },
  { head: 'peux-tu me rappeler', link: 'de' },
  { head: 'rappelles-moi', link: 'de', tag: 'typo' },
  { head: 'Rappelle moi', link: 'de' },
  { head: 'rappelle-moé', link: 'de', tag: 'quebec' },
  { head: 'n\'oublie pas de me rappeler', link: 'de' },
  { head: 'rappel moi', link: 'de', tag: 'typo' },
  { head: 'faut que je pense', link: 'à' },
  { head: 'rappele moi', link: 'de', tag: 'typo' },
  { head: 'rappel:', link: '' },
  { head: 'rapelle moi', link: 'de', tag: 'typo' },
  { head: 'fais moi penser', link: 'à' },
  { head: 'rappellle-moi', link: 'de', tag: 'typo' },
  { head: 'tu peux me rappeler', link: 'de' },
  { head: 'rappèle-moi', link: 'de', tag: 'typo' },
  { head: 'rapel moi', link: 'de', tag: 'typo' },
  { head: 'mets-moi un rappel pour', link: '' },
];
