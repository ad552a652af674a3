/**
 * Named zones after a time: "8h heure de Paris", "15h (heure du Pacifique)", "14h heure de l'Est",
 * "16h GMT", "3pm PST", "9am Eastern time", "noon Pacific", "10am Paris time". The time is read
 * on that zone's wall clock (resolve.ts). Abbreviations are taken as the zone people mean, with
 * its daylight saving time ("PST" in July is Vancouver's time then). Upper case only for the
 * abbreviations ("ET", never the French "et"). Pure.
 */
import { type Span } from './common';

const PLACES: Array<[RegExp, string]> = [
  [/^(?:paris|france|europe|cet|cest|central\s+european)/iu, 'Europe/Paris'],
  [/^(?:londres|london|uk|bst)/iu, 'Europe/London'],
  [/^(?:pacifique|pacific|vancouver|colombie|british\s+columbia|bc|los\s+angeles|california|p[sd]?t)$/iu, 'America/Vancouver'],
  [/^(?:l'est|est|eastern|montr[ée]al|toronto|qu[ée]bec|ottawa|new\s+york|ontario|e[sd]?t)$/iu, 'America/Toronto'],
  [/^(?:l'atlantique|atlantique|atlantic|halifax|d'halifax|nouvelle-[ée]cosse|nova\s+scotia|moncton|a[sd]t)$/iu, 'America/Halifax'],
  [/^(?:centre|central|winnipeg|chicago|manitoba|c[sd]?t)$/iu, 'America/Winnipeg'],
  [/^(?:rocheuses|mountain|edmonton|calgary|alberta|denver|m[sd]?t)$/iu, 'America/Edmonton'],
  [/^(?:terre-neuve|newfoundland|st\.?\s+john's|n[sd]t)$/iu, 'America/St_Johns'],
  [/^(?:gmt|utc|z|zulu)$/iu, 'UTC'],
];
const PLACE_NAMES =
  "paris|france|londres|london|pacifique|vancouver|l'est|montr[ée]al|toronto|qu[ée]bec|ottawa|l'atlantique|halifax|terre-neuve|winnipeg|edmonton|calgary|new\\s+york|los\\s+angeles";
const EN_NAMES = 'pacific|eastern|atlantic|central|mountain|newfoundland|paris|london|vancouver|toronto|montreal|halifax|new\\s+york|los\\s+angeles|winnipeg|calgary';

// After the time: "heure de Paris", "(heure du Pacifique)", "heure d'Halifax", "Paris time", "Eastern", "PST".
const ZONE_AFTER = new RegExp(
  `^\\s*\\(?\\s*(?:` +
    `(?:à\\s+l'|a\\s+l')?heure\\s+(?:de\\s+|du\\s+|d')(${PLACE_NAMES}|l'?est|pacifique|atlantique|qu[ée]bec|montr[ée]al|halifax)` +
    `|(${EN_NAMES})(?:\\s+(?:standard|daylight))?(?:\\s+time)?` +
    `)\\s*\\)?(?![\\p{L}])`,
  'iu',
);
const ABBREVIATION_AFTER = /^\s*\(?\s*(GMT|UTC|[ECMPA][SD]?T|NST|NDT|CET|CEST|BST)\s*\)?(?![\p{L}])/u;

export interface ZoneWords extends Span {
  zone: string;
}

/** The IANA zone named right after a time expression, and the span of its words. */
export function zoneAfter(text: string, span: Span): ZoneWords | null {
  const end = span.index + span.length;
  const tail = text.slice(end);
  const named = ZONE_AFTER.exec(tail);
  const abbreviation = named ? null : ABBREVIATION_AFTER.exec(tail);
  const match = named ?? abbreviation;
  if (!match) return null;
  const word = (match[1] ?? match[2] ?? '').replace(/^(?:de\s+|du\s+|d')/iu, '').trim();
  const place = PLACES.find(([pattern]) => pattern.test(word));
  if (!place) return null;
  return { index: span.index, length: span.length + match[0].length, zone: place[1] };
}
