/** Recurrence phrases ("tous les jours", "every monday", "en semaine", "le 1er du mois"…) and the RRULE parts they mean. Pure. */
import { type RecurrenceSpec } from '../recurrence';
import { readNumber } from '../clock';
import { type DayPeriod, MONTH_NAMES, type Span, words } from './common';

// ---------------------------------------------------------------------------------------
// Recurrence phrases ("tous les jours", "every monday", "en semaine"...)
// ---------------------------------------------------------------------------------------

export interface RecurrencePhrase extends Span {
  spec: RecurrenceSpec;
  period?: DayPeriod;
}

const FR_DAYS: Record<string, number> = {
  dimanche: 0, lundi: 1, mardi: 2, mercredi: 3, jeudi: 4, vendredi: 5, samedi: 6,
};
const EN_DAYS: Record<string, number> = {
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
};
const DAY_NAMES = Object.keys({ ...FR_DAYS, ...EN_DAYS }).join('|');
const PERIOD_WORDS: Record<string, DayPeriod> = {
  matin: 'morning', midi: 'noon', soir: 'evening', nuit: 'night', 'après-midi': 'afternoon',
  'apres-midi': 'afternoon', aprem: 'afternoon', morning: 'morning', noon: 'noon',
  afternoon: 'afternoon', evening: 'evening', night: 'night',
};
const WEEKDAYS_MON_FRI = [1, 2, 3, 4, 5];

function daysIn(text: string): number[] {
  const found = text.toLowerCase().match(new RegExp(DAY_NAMES, 'g')) ?? [];
  return found.map((name) => FR_DAYS[name] ?? EN_DAYS[name] ?? 0);
}

function intervalIn(text: string): number {
  if (/other|sur\s+deux/i.test(text)) return 2;
  const number = /(\d+|deux|trois|quatre|two|three|four)/i.exec(text);
  return number ? readNumber(number[1]!) ?? 1 : 1;
}

function monthDayIn(text: string): number | undefined {
  const match = /(\d{1,2})(?:er|e|st|nd|rd|th)?/i.exec(text);
  if (!match && /\b(?:first|premier)\b/i.test(text)) return 1;
  return match ? Number(match[1]) : undefined;
}

const ORDINAL = '(\\d{1,2})(?:er|e|ème|st|nd|rd|th)?';
const POSITIONS: Record<string, number> = {
  premier: 1, '1er': 1, deuxième: 2, deuxieme: 2, '2e': 2, troisième: 3, troisieme: 3, '3e': 3, quatrième: 4, quatrieme: 4, '4e': 4, dernier: -1,
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, last: -1,
};
const POSITION_NAMES = Object.keys(POSITIONS).join('|');

function positionIn(text: string): number {
  const word = new RegExp(`(?:${POSITION_NAMES})`, 'iu').exec(text)?.[0].toLowerCase() ?? '';
  return POSITIONS[word] ?? 1;
}

const RECURRENCE_PATTERNS: Array<{ pattern: RegExp; read: (m: string) => Omit<RecurrencePhrase, 'index' | 'length'> }> = [
  {
    // Weekdays. "la semaine" alone means weekdays ("la semaine à 7h"), but not "la semaine prochaine".
    pattern: words(
      "(?:à\\s+|a\\s+)?(?:tous\\s+les|chaque)\\s+jours?\\s+de\\s+(?:la\\s+)?semaine|les\\s+jours\\s+de\\s+semaine|" +
        '(?:tous\\s+les\\s+)?jours\\s+ouvrables|du\\s+lundi\\s+au\\s+vendredi|en\\s+semaine|' +
        "(?<!(?:toute|dans)\\s)la\\s+semaine(?!\\s+(?:prochaine|derni[eè]re|pass[ée]e|d'apr[eè]s))|" +
        '(?:every|each)\\s+week\\s*days?|(?:on\\s+)?weekdays|(?:from\\s+)?monday\\s+(?:to|through|thru)\\s+friday',
    ),
    read: () => ({ spec: { freq: 'WEEKLY', byWeekday: WEEKDAYS_MON_FRI } }),
  },
  {
    pattern: words(
      '(?:toutes\\s+les|chaque|les)\\s+fins?\\s+de\\s+semaine|(?:tous\\s+les|chaque|les)\\s+week-?ends?|' +
        '(?:every|each)\\s+weekend|(?:on\\s+)?weekends',
    ),
    read: () => ({ spec: { freq: 'WEEKLY', byWeekday: [6, 0] } }),
  },
  {
    // "every two weeks on Thursdays", "aux deux semaines le jeudi", "toutes les 2 semaines le lundi".
    pattern: words(
      `(?:every|toutes\\s+les|aux)\\s+(?:\\d+|deux|trois|quatre|two|three|four)\\s+(?:weeks|semaines)\\s*,?\\s+(?:on\\s+|le\\s+|les\\s+)?(?:${DAY_NAMES})s?`,
    ),
    read: (m) => ({ spec: { freq: 'WEEKLY', interval: intervalIn(m), byWeekday: daysIn(m) } }),
  },
  {
    // "Saturday mornings", "Sunday evenings".
    pattern: words(`(?:on\\s+)?(?:${DAY_NAMES})\\s+(mornings|afternoons|evenings|nights)`),
    read: (m) => ({ spec: { freq: 'WEEKLY', byWeekday: daysIn(m) }, period: PERIOD_WORDS[/(morning|afternoon|evening|night)/i.exec(m)![1]!.toLowerCase()] }),
  },
  {
    // "every March 3rd": chrono reads the date, which gives the month and day.
    pattern: words(`(?:every|each)(?=\\s+(?:${MONTH_NAMES})\\s+\\d)`),
    read: () => ({ spec: { freq: 'YEARLY' } }),
  },
  {
    pattern: words(`un\\s+(?:${DAY_NAMES})\\s+sur\\s+deux|every\\s+(?:other|second)\\s+(?:${DAY_NAMES})`),
    read: (m) => ({ spec: { freq: 'WEEKLY', interval: 2, byWeekday: daysIn(m) } }),
  },
  {
    pattern: words(
      `(?:(?:à\\s+|a\\s+)?(?:tous\\s+les|chaque)|every|each)\\s+(?:${DAY_NAMES})s?` +
        `(?:\\s*(?:,|et|and|&)\\s*(?:les\\s+|le\\s+)?(?:${DAY_NAMES})s?)*|` +
        `(?:on\\s+|les\\s+)?(?:${DAY_NAMES})s(?:\\s*(?:,|et|and|&)\\s*(?:les\\s+)?(?:${DAY_NAMES})s)*`,
    ),
    read: (m) => ({ spec: { freq: 'WEEKLY', byWeekday: daysIn(m) } }),
  },
  {
    pattern: words(
      "(?:à\\s+|a\\s+)?(?:tou(?:te)?s\\s+les|chaque)\\s+(matin|midi|soir|nuit|apr[eè]s-midi|aprem)s?|" +
        '(?:every|each)\\s+(morning|noon|afternoon|evening|night)',
    ),
    read: (m) => {
      const word = /(matin|midi|soir|nuit|apr[eè]s-midi|aprem|morning|noon|afternoon|evening|night)/i.exec(m)?.[1] ?? '';
      return { spec: { freq: 'DAILY' }, period: PERIOD_WORDS[word.toLowerCase()] ?? 'morning' };
    },
  },
  {
    pattern: words(
      '(?:tous\\s+les|every)\\s+(?:\\d+|deux|trois|two|three)\\s+(?:jours|days)|un\\s+jour\\s+sur\\s+deux|every\\s+other\\s+day',
    ),
    read: (m) => ({ spec: { freq: 'DAILY', interval: intervalIn(m) } }),
  },
  {
    pattern: words(
      '(?:à\\s+|a\\s+)?(?:tous\\s+les\\s+jours|chaque\\s+jour)|quotidiennement|(?:every|each)\\s+(?:single\\s+)?day|daily|everyday',
    ),
    read: () => ({ spec: { freq: 'DAILY' } }),
  },
  {
    pattern: words(
      '(?:toutes\\s+les|every)\\s+(?:\\d+|deux|trois|quatre|two|three|four)\\s+(?:semaines|weeks)|' +
        'toutes\\s+les\\s+semaines|chaque\\s+semaine|une\\s+fois\\s+par\\s+semaine|hebdomadairement|' +
        '(?:every|each)\\s+(?:other\\s+)?week|weekly|once\\s+a\\s+week',
    ),
    read: (m) => ({ spec: { freq: 'WEEKLY', interval: intervalIn(m) } }),
  },
  {
    // "le premier lundi de chaque mois", "the last Friday of every month": BYDAY=1MO, BYDAY=-1FR.
    pattern: words(
      `(?:le\\s+|(?:on\\s+)?the\\s+)?(?:${POSITION_NAMES})\\s+(?:${DAY_NAMES})\\s+(?:de\\s+(?:chaque|tous\\s+les)\\s+mois|of\\s+(?:every|each)\\s+month)`,
    ),
    read: (m) => ({ spec: { freq: 'MONTHLY', byWeekday: daysIn(m), byWeekdayPosition: positionIn(m) } }),
  },
  {
    pattern: words(
      `le\\s+${ORDINAL}\\s+de\\s+(?:chaque|tous\\s+les)\\s+mois|(?:à\\s+|a\\s+)?(?:tous\\s+les|chaque)\\s+mois(?:\\s*,?\\s*le\\s+${ORDINAL}(?!\\s*(?:\\/|${MONTH_NAMES})))?|` +
        'mensuellement|une\\s+fois\\s+par\\s+mois|' +
        `(?:on\\s+)?the\\s+(?:${ORDINAL}|first)\\s+of\\s+(?:every|each)\\s+month|(?:every|each)\\s+month(?:\\s+on\\s+the\\s+${ORDINAL})?|monthly(?:\\s+on\\s+the\\s+${ORDINAL})?`,
    ),
    read: (m) => ({ spec: { freq: 'MONTHLY', byMonthDay: monthDayIn(m) } }),
  },
  {
    pattern: words('tous\\s+les\\s+ans|chaque\\s+ann[ée]e|annuellement|(?:every|each)\\s+year|yearly|annually'),
    read: () => ({ spec: { freq: 'YEARLY' } }),
  },
];

export function findRecurrence(text: string): RecurrencePhrase | null {
  for (const { pattern, read } of RECURRENCE_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return { index: match.index, length: match[0].length, ...read(match[0]) };
  }
  return null;
}
