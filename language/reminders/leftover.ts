/**
 * Time words the parser did not read: once the trigger and every time expression it understood
 * are taken out, what is left should be the task. When time words remain ("quinze" of "midi
 * quinze", "GMT", "en huit", "avant"), part of the moment was not understood and a reminder
 * at the part that was would be at the wrong time: the parser asks instead. Pure.
 */
import { fold } from '../prepare';
import { type Span } from './common';

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const anywhere = (body: string, flags = 'u'): RegExp => new RegExp(`${B}(?:${body})${E}`, flags);

/** Words that are time words wherever they are in the task (folded text). */
const STRONG = anywhere(
  [
    // clocks and durations
    '\\d{1,2}\\s*(?:h|hres?)(?:\\s*\\d{2})?', '\\d{1,2}:\\d{2}', '\\d{1,2}\\s*[ap]\\.?m\\.?', '\\d+\\s*/\\s*\\d+', '(?:[àa]|at)\\s+\\p{L}+\\s+heures?',
    "moins\\s+(?:le\\s+)?(?:quart|cinq|dix|vingt|\\d+)", 'et\\s+(?:quart|demie?)', 'trois\\s+quarts', 'du\\s+mat', "o'?clock", 'half\\s+past',
    '(?:a\\s+)?quarter\\s+(?:past|to|after|of)', '(?:twenty|ten|five|\\d+)\\s+(?:past|to)\\s+\\p{L}+', '(?:[àa]|at)\\s+(?:midi|minuit|noon|midnight)',
    // parts of the day, weeks, relative days
    'ce\\s+(?:matin|soir)', "(?:du|de\\s+l'|le)\\s+(?:soir|matin|apres-midi)", 'tonight', 'this\\s+(?:morning|evening|afternoon)',
    'in\\s+the\\s+(?:morning|evening|afternoon)', 'en\\s+(?:huit|quinze)', 'after\\s+next', 'day\\s+after', 'from\\s+(?:today|now)',
    '(?:la\\s+)?semaine\\s+prochaine', 'next\\s+(?:week|month)', 'this\\s+weekend',
    '(?:premier|premiere|dernier|derniere|deuxieme|troisieme|quatrieme|first|second|third|fourth|last)\\s+(?:du\\s+mois|de\\s+chaque|of\\s+(?:the|this|next|every|each)\\s+month)',
    '(?:le|the)\\s+(?:premier|dernier|deuxieme|first|last|second|third)(?:\\s+(?:of|de|du|d\'|in))?(?=[\\s,]|$)', '(?:mornings|evenings|afternoons|nights)',
    '(?:aux|every|toutes\\s+les)\\s+(?:\\p{L}+\\s+)?(?:semaines|weeks)', 'every\\s+(?:second|other|third)', '(?:the|le)\\s+(?:of|de)(?=[\\s,]|$)', '(?:every|chaque)$', 'du\\s+mois\\s+prochain', 'of\\s+next\\s+month',
    // holidays said with a day word
    'vendredi\\s+(?:saint|fou)', 'mardi\\s+gras', 'lundi\\s+de\\s+(?:paques|pentecote)', "jour\\s+de\\s+l'an", 'good\\s+friday', 'black\\s+friday', 'cyber\\s+monday',
    // named zones
    'heure\\s+(?:de|du|d\'|normale|avancee)\\s+\\p{L}+', '(?:pacific|eastern|atlantic|central|mountain|paris|london|vancouver|toronto)\\s+time', 'gmt', 'utc',
  ].join('|'),
  'iu',
);
/** Zone abbreviations, upper case only ("ET", not the French "et"). */
const ZONE_ABBREVIATION = /(?<![\p{L}])(?:[ECMP][SD]?T|ET|PT|AST|ADT|NST|CET|CEST|BST|GMT|UTC)(?![\p{L}])/u;
/** Words that are time words only right beside a time expression ("avant lundi", "or 4", "lun."). */
const BESIDE_BEFORE = /(?:^|\s)(?:sometime|avant|before|by|jusqu'au|ou|or|entre|between|\d{1,2}|(?:lun|mar|mer|jeu|ven|sam|dim|mon|tue|wed|thu|fri|sat|sun)\.)\s*$/iu;
const BESIDE_AFTER = /^\s*[,.]?\s*(?:ou|or|\d{1,2}|-\s*\d|\/|moins|et\s+(?:quart|demi)|pile|past|to\s+\d|pm|am|h\b|heures?|minutes|trente|quinze|thirty|fifteen|twenty)/iu;

/** The task, or the text around the time expressions, still holds time words. */
export function hasUnreadTimeWords(rest: string, spans: Span[], task: string): boolean {
  if (STRONG.test(fold(task)) || ZONE_ABBREVIATION.test(task)) return true;
  const folded = fold(rest);
  return spans.some((s) => BESIDE_BEFORE.test(folded.slice(Math.max(0, s.index - 12), s.index)) || BESIDE_AFTER.test(folded.slice(s.index + s.length, s.index + s.length + 12)));
}
