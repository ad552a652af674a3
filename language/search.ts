/**
 * Text normalisation for the long-term memory search, French and English. Pure (no Node
 * imports): the memory entity stores `normalizeForSearch(text)` and the activities build their
 * full-text queries from `searchTerms(query)`, so both sides agree on what a word is.
 */

// U+02BC (modifier letter apostrophe) is a letter for Unicode but an apostrophe in "jʼai".
const LIGATURES: [RegExp, string][] = [[/œ/g, 'oe'], [/æ/g, 'ae'], [/ß/g, 'ss'], [/\u02BC/g, ' ']];

/** "Le code de mon CASIER: 4821!" → "le code de mon casier 4821"; "vélo" → "velo". */
export function normalizeForSearch(text: string): string {
  let out = text.toLowerCase();
  for (const [pattern, replacement] of LIGATURES) out = out.replace(pattern, replacement);
  return out
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Words that say nothing about what is asked, in normalised form. Only queries drop them;
 * stored facts keep every word. Question and command verbs are here too ("c'est quoi",
 * "rappelle-moi", "what's", "remind me") so that a question finds the fact it asks about.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  [
    // French
    'a ai as au aux avec c ca ce ces cet cette d dans de des du elle elles en es est et etait eu il ils j je l la le les',
    'leur leurs lui m ma me mes moi mon n ne nos notre nous on ont ou par pas pour qu quand que quel quelle quelles quels',
    'qui quoi s sa se ses sont sur t ta te tes toi ton tu un une vos votre vous y',
    'rappelle rappelles rappeler souviens souvenir dis dit redis donne sais connais oublie oublier efface retiens retenir',
    'comment combien deja encore stp svp merci',
    // English
    'about am an and any are at be been but by can could did do does for from had has have he her his how i if in is it',
    'its me mine my of or our please she so tell that the their them they this to was we were what whats when where',
    'which who why with you your yours remember remind know recall forget again ll re ve',
  ]
    .join(' ')
    .split(' '),
);

/** At most this many words of a query are searched: a pasted paragraph is not a question. */
const MAX_TERMS = 12;

/**
 * The meaningful words of a query, normalised, de-duplicated, with a plural -s/-x dropped so
 * that "casiers" finds "casier" (terms of three letters or more are matched as prefixes).
 * "C'est quoi le code de mon casier?" → ["code", "casier"].
 */
export function searchTerms(query: string): string[] {
  const terms: string[] = [];
  for (const word of normalizeForSearch(query).split(' ')) {
    if (word === '' || STOP_WORDS.has(word) || (word.length === 1 && !/\p{N}/u.test(word))) continue;
    const stem = word.length > 3 && /[^s][sx]$/.test(word) ? word.slice(0, -1) : word;
    if (!terms.includes(stem)) terms.push(stem);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

/** Terms shorter than this are matched whole (a prefix "wi" would match too much). */
export const MIN_PREFIX_LENGTH = 3;

export function isPrefixTerm(term: string): boolean {
  return term.length >= MIN_PREFIX_LENGTH;
}

/** How many of `terms` occur in a normalised text, with the same prefix rule as the database. */
export function matchedTermCount(searchText: string, terms: readonly string[]): number {
  const words = searchText.split(' ');
  return terms.filter((term) => words.some((w) => (isPrefixTerm(term) ? w.startsWith(term) : w === term))).length;
}

/** A match worth reporting: more than half of the query's words are in the fact. */
export function isGoodMatch(matched: number, termCount: number): boolean {
  return termCount > 0 && matched >= Math.floor(termCount / 2) + 1;
}

/** Longest prefix the blind search index stores; a longer query term is cut to it (re-ranking on the decrypted text stays exact). */
export const MAX_INDEXED_PREFIX = 20;

/**
 * The terms the encrypted full-text index stores for a fact (schemas/field-crypto.ts turns each into a
 * keyed hash): every prefix of 3 to 20 letters of a word (`p:cas`, `p:casi`, …, `p:casier`), so that
 * a query term matches by prefix exactly as the plaintext index did, and shorter words whole (`w:3`).
 * In word order, repeats kept, so two different facts never get the same index text.
 */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  for (const word of normalizeForSearch(text).split(' ')) {
    if (word === '') continue;
    if (!isPrefixTerm(word)) {
      out.push(`w:${word}`);
      continue;
    }
    for (let n = MIN_PREFIX_LENGTH; n <= Math.min(word.length, MAX_INDEXED_PREFIX); n++) out.push(`p:${word.slice(0, n)}`);
  }
  return out;
}

/** The index term a query term (from `searchTerms`) looks up: a prefix, or a short word whole. */
export function queryIndexTerm(term: string): string {
  return isPrefixTerm(term) ? `p:${term.slice(0, MAX_INDEXED_PREFIX)}` : `w:${term}`;
}
