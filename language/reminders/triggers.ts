/** The words that make a message a reminder request ("rappelle-moi", "fais-moi penser à", "remind me"…). Pure. */
import { type Span, words } from './common';

// ---------------------------------------------------------------------------------------
// Triggers: the words that make a message a reminder request
// ---------------------------------------------------------------------------------------

const TRIGGERS: RegExp[] = [
  // French, most specific first so the longest phrasing is the one removed.
  words("(?:n'|ne\\s+)?oublies?\\s+pas\\s+de\\s+me\\s+(?:le\\s+)?rappeler"),
  words("(?:est-ce\\s+que\\s+)?(?:tu\\s+(?:peux|pourrais)|(?:peux|pourrais|pouvez|pourriez)[-\\s](?:tu|vous)|j'aimerais\\s+que\\s+tu|(?:il\\s+)?faudrait)\\s+me\\s+rappeler"),
  words("ne\\s+me\\s+laisse\\s+pas\\s+oublier"),
  words('rapp?ell?e?s?[-\\s]*mo[iéa]'),
  words('fai[st]?[-\\s]*mo[iéa]\\s+(?:penser|souvenir)'),
  words('(?:il\\s+)?(?:faut|faudrait|faudra)\\s+que\\s+je\\s+(?:pense|me\\s+rappelle|me\\s+souvienne)'),
  words('(?:mets|met|ajoute|cr[ée]e|programme)[-\\s]*(?:moi\\s+)?un\\s+rappel'),
  words('rappel\\s*[:\\-–]'),
  // "rappel prendre ma pilule à 8h", "rappel dentiste demain 9h": "rappel" opening the message, no colon
  // (not "rappel annulé?", "rappel 2", nor the reminder commands).
  words("^rappel(?=\\s+(?!(?:annul|suppr|effac|enlev|deplac|déplac|report|modifi|chang|list|fait|ok\\b|demain|ce\\s+soir|dans\\s)|\\d)\\p{L})"),
  // English.
  words("don'?t\\s+forget\\s+to\\s+remind\\s+me"),
  words('(?:(?:can|could|would|will)\\s+you\\s+(?:please\\s+)?|please\\s+|pl[sz]\\s+)?remind\\s+me'),
  words("don'?t\\s+let\\s+me\\s+forget"),
  words('(?:please\\s+)?(?:set|create|add|make)\\s+(?:me\\s+)?a\\s+reminder'),
  words('reminder\\s*[:\\-–]'),
  words('reminder(?=\\s+(?:to|for|about)\\s)'),
];

/** Damerau–Levenshtein distance (adjacent swaps count once), for misspelt triggers. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * A misspelt "rappelle-moi" / "remind me" ("rappellle-moi", "rappèle-moi", "remnd me",
 * "remidn me", "remind em", "remindme"): a word starting with r within two edits of the verb,
 * then "moi" / "me". Words that are right but mean something else are left alone.
 */
const FUZZY = /(?<![\p{L}\p{N}])(r[\p{L}]{3,9}?)(?:[-\s]*(mo[iéea]|me|em)|(me))(?![\p{L}\p{N}])/giu;
const NOT_TRIGGERS = new Set(['reminds', 'remains', 'remain', 'rename', 'remove', 'rappeler', 'rappelait', 'rappela', 'rappelez', 'retire', 'ramene', 'ramène', 'rends', 'rejoins', 'regarde', 'recommande']);
const VERBS: Record<string, string[]> = { fr: ['rappelle', 'rappel', 'rappelles'], en: ['remind'] };

function fuzzyTrigger(text: string): Span | null {
  for (const match of text.matchAll(FUZZY)) {
    const word = match[1]!.toLowerCase();
    if (NOT_TRIGGERS.has(word)) continue;
    const pronoun = (match[2] ?? match[3] ?? '').toLowerCase();
    const verbs = pronoun.startsWith('mo') ? VERBS.fr! : VERBS.en!;
    if (verbs.some((v) => editDistance(word, v) <= (word.length >= 6 ? 2 : 1))) return { index: match.index, length: match[0].length };
  }
  return null;
}

export function findTrigger(text: string): Span | null {
  for (const pattern of TRIGGERS) {
    const match = pattern.exec(text);
    if (match) return { index: match.index, length: match[0].length };
  }
  return fuzzyTrigger(text);
}
