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
  // English.
  words("don'?t\\s+forget\\s+to\\s+remind\\s+me"),
  words('(?:(?:can|could|would|will)\\s+you\\s+(?:please\\s+)?|please\\s+)?remind\\s+me'),
  words("don'?t\\s+let\\s+me\\s+forget"),
  words('(?:please\\s+)?(?:set|create|add|make)\\s+(?:me\\s+)?a\\s+reminder'),
  words('reminder\\s*[:\\-–]'),
  words('reminder(?=\\s+(?:to|for|about)\\s)'),
];

export function findTrigger(text: string): Span | null {
  for (const pattern of TRIGGERS) {
    const match = pattern.exec(text);
    if (match) return { index: match.index, length: match[0].length };
  }
  return null;
}
