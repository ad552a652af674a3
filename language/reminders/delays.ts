/**
 * Delays chrono-node and clock.ts do not read: fractions ("dans 1/2 heure", "in 1/4h", "dans 3/4
 * d'heure"), "and a half" ("in two and a half hours", "dans deux heures et demie" is clock.ts'),
 * "a half hour", "une heure quinze", "ninety minutes", "quatre-vingt-dix minutes". Pure.
 */
import { type Parser } from 'chrono-node';
import { TAG_RELATIVE, words } from './common';
import { makeParser, relativeComponents } from './chrono-helpers';
import { wordNumber } from './words-clock';

const IN = "(?:dans|in|d'ici|within)\\s+";
const FRACTIONS: Record<string, number> = { '1/2': 30, '½': 30, '1/4': 15, '¼': 15, '3/4': 45, '¾': 45 };

const fractionParser = makeParser(words(`${IN}(1\\s*/\\s*2|½|1\\s*/\\s*4|¼|3\\s*/\\s*4|¾)\\s*(?:d'|of\\s+an?\\s+)?\\s*(?:h|heures?|hours?|hrs?)`), (context, m) => {
  const minutes = FRACTIONS[m[1]!.replace(/\s+/g, '')];
  return minutes ? relativeComponents(context, minutes, TAG_RELATIVE) : null;
});

const COUNT = '(an?|one|two|three|four|five|six|une?|deux|trois|quatre|cinq|six|\\d{1,2})';
const andAHalfParser = makeParser(words(`${IN}${COUNT}\\s+(?:and\\s+a\\s+half|et\\s+demie?)\\s+(?:hours?|hrs?|heures?)`), (context, m) => {
  const hours = /^(?:an?|une?)$/i.test(m[1]!) ? 1 : wordNumber(m[1]!);
  return hours === null ? null : relativeComponents(context, hours * 60 + 30, TAG_RELATIVE);
});

const halfHourParser = makeParser(words(`${IN}(?:a\\s+half(?:[-\\s]an?)?[-\\s]hour|a\\s+half[-\\s]hour)`), (context) => relativeComponents(context, 30, TAG_RELATIVE));

/** "dans une heure quinze", "in one hour twenty": hours and minutes in words. */
const hourAndMinutesParser = makeParser(
  words(`${IN}${COUNT}\\s+(?:heures?|hours?)\\s+(?:et\\s+|and\\s+)?(cinq|dix|quinze|vingt|vingt-cinq|trente|quarante|quarante-cinq|cinquante|five|ten|fifteen|twenty|twenty-five|thirty|forty|forty-five|fifty)(?:\\s+(?:minutes?|mins?))?`),
  (context, m) => {
    const hours = /^(?:an?|une?)$/i.test(m[1]!) ? 1 : wordNumber(m[1]!);
    const minutes = wordNumber(m[2]!);
    return hours === null || minutes === null ? null : relativeComponents(context, hours * 60 + minutes, TAG_RELATIVE);
  },
);

const BIG_MINUTES: Record<string, number> = { ninety: 90, seventy: 70, eighty: 80, 'quatre-vingt-dix': 90, 'quatre-vingts': 80, 'quatre-vingt': 80, 'soixante-dix': 70, 'soixante-quinze': 75, 'seventy-five': 75 };
const bigMinutesParser = makeParser(words(`${IN}(${Object.keys(BIG_MINUTES).join('|')})\\s+(?:minutes?|mins?)`), (context, m) =>
  relativeComponents(context, BIG_MINUTES[m[1]!.toLowerCase()]!, TAG_RELATIVE),
);

export const DELAY_PARSERS: Parser[] = [fractionParser, andAHalfParser, halfHourParser, hourAndMinutesParser, bigMinutesParser];
