/**
 * One message, prepared once per turn: every detector of language/ (carrier keywords, privacy
 * phrases, answers to a reminder, the reminder parser, the tool phrase tables, small talk) reads
 * the same {@link Prepared} instead of normalising the body again, and the language is guessed
 * once, here. Pure: no I/O, no clock.
 *
 * Two copies of the text exist because arguments are cut from the message as written ("retiens
 * que le code de mon CASIER est 4821" keeps its casing) while patterns are written lower-case
 * and without accents: `folded` has the same length as `text`, code unit for code unit, so an
 * index found in one is valid in the other.
 */
import type { Lang } from './time';

export interface Prepared {
  /** The body as received. */
  raw: string;
  /** NFC, straight apostrophes, single spaces, trimmed: the message as written, tidied. */
  clean: string;
  /** {@link fold} of `clean` without punctuation at either end: whole-message words (keywords, small talk, consent). */
  whole: string;
  /** `clean` without filler words at either end ("ok", "svp", "merci"…) and final punctuation. */
  text: string;
  /** {@link fold} of `text` (same indices). */
  folded: string;
  /** The message asked something ("?" anywhere). */
  question: boolean;
  /** Guessed once from the words ({@link guessLanguage}); the person's language when they don't say. */
  language: Lang;
}

/** NFC, straight apostrophes, single spaces, trimmed. */
export function tidy(message: string): string {
  return message
    .normalize('NFC')
    .replace(/[\u2018\u2019\u02BC\u00B4`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** "É" → "e", "ç" → "c", "œ" stays: lower case without accents, one code unit in, one out. */
export function fold(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const lower = text.charAt(i).toLowerCase();
    out += lower.length === 1 ? lower.normalize('NFD').charAt(0) : text.charAt(i);
  }
  return out;
}

/** Words that carry no meaning of their own at the start of a message ("ok annule", "salut, ma liste"). */
const LEADING_FILLER =
  /^(?:(?:ok|okay|oki|d'accord|hey|yo|salut|allo|bonjour|bonsoir|coucou|hi|hello|euh|hmm|alors|so|svp|stp|please)(?:[ ,!.:;-]+)|(?:non|no|nope) ?[,!.:;-]+ ?)+/u;
// "non" / "no" only with punctuation after it: "non, annule" drops it, "no more reminders" keeps it.
/** …and at its end ("10 min svp", "ma liste merci"). */
const TRAILING_FILLER =
  /(?:[ ,]+(?:svp|stp|s'il te plait|s'il vous plait|please|pls|plz|merci|merci beaucoup|thanks|thx|thank you))+$/u;
const END_PUNCTUATION = /[\s.!?,;:…]+$/u;
const EDGE_PUNCTUATION = /^[\s.!?,;:…]+|[\s.!?,;:…)(]+$/gu;

/** `text` and `folded` without filler at either end; the two copies stay aligned. */
function withoutFiller(text: string, folded: string): { text: string; folded: string } {
  const lead = LEADING_FILLER.exec(folded);
  if (lead && lead[0].length < folded.length) {
    text = text.slice(lead[0].length);
    folded = folded.slice(lead[0].length);
  }
  const trail = TRAILING_FILLER.exec(folded);
  if (trail && trail.index > 0) {
    text = text.slice(0, trail.index).replace(END_PUNCTUATION, '');
    folded = fold(text);
  }
  return { text, folded };
}

/** Prepares a message; `fallback` is the person's language, kept when the words don't say. */
export function prepare(message: string, fallback: Lang = 'fr'): Prepared {
  const clean = tidy(message);
  const stripped = clean.replace(END_PUNCTUATION, '');
  const { text, folded } = withoutFiller(stripped, fold(stripped));
  const whole = fold(clean).replace(EDGE_PUNCTUATION, '');
  return { raw: message, clean, whole, text, folded, question: clean.includes('?'), language: guessLanguage(clean, fallback) };
}

/** Detectors accept a prepared message or, for callers outside a turn (and tests), a plain string. */
export function prepared(message: string | Prepared, fallback: Lang = 'fr'): Prepared {
  return typeof message === 'string' ? prepare(message, fallback) : message;
}

// ---------------------------------------------------------------------------------------
// Language
// ---------------------------------------------------------------------------------------

const FRENCH_WORDS = new Set(
  (
    "je j tu il elle nous vous ils elles moi toi le la les un une des du de et ou à au aux pour avec dans " +
    "sur ce cet cette ces mon ma mes ton ta tes son sa ses que qui quoi est pas ne oui non merci bonjour " +
    "salut allo bonsoir demain aujourd hui hier soir matin midi minuit heure heures semaine jour jours " +
    "chaque tous toutes lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril " +
    "mai juin juillet août septembre octobre novembre décembre rappelle rappeler rappel rappels penser pense " +
    "faut oublie annule annuler déplace reporte fait faite fini plus tard tantôt prendre appeler acheter " +
    "faire aller mais très bien ça c svp stp après quand quel quelle mes prochain prochaine fin c'est aujourd'hui"
  ).split(' '),
);
const ENGLISH_WORDS = new Set(
  (
    "i i'm you he she it we they my your the to at in of for with and or is are am be this that what when " +
    "where how please thanks thank yes hi hello hey tomorrow today tonight morning evening afternoon night " +
    "noon midnight hour hours week day days every each remind reminder reminders later done cancel move " +
    "call take buy pick up monday tuesday wednesday thursday friday saturday sunday january february march " +
    "april june july august september october november december don't forget set next about from weekday " +
    "weekdays did got it's"
  ).split(' '),
);

/**
 * The language of a text from its words: accents and French elisions (d', l', j'...) and common
 * French or English function words each count for their language; when neither wins (e.g. "OK",
 * "STOP", "👍") the `fallback` is returned.
 */
export function detectLanguage(message: string, fallback: Lang): Lang {
  const text = tidy(message).toLowerCase();
  let french = 0;
  let english = 0;
  for (const token of text.split(/[^\p{L}']+/u).filter(Boolean)) {
    if (/[àâçéèêëîïôûùüÿœæ]/.test(token)) french += 1;
    if (/^(?:[cdjlmnst]|qu)'\p{L}/u.test(token)) french += 1;
    if (/\p{L}'(?:s|t|re|ll|ve|d|m)$/u.test(token)) english += 1;
    const bare = token.replace(/^(?:[cdjlmnst]|qu)'/, '');
    if (FRENCH_WORDS.has(token) || FRENCH_WORDS.has(bare)) french += 1;
    if (ENGLISH_WORDS.has(token)) english += 1;
  }
  if (french > english) return 'fr';
  if (english > french) return 'en';
  return fallback;
}

const ENGLISH_HINT = /\b(the|and|what|how|can|you|please|my|is|are|remind|hello|hi|hey|thanks?)\b/i;
const FRENCH_HINT = /\b(le|la|les|et|est|je|tu|mon|ma|mes|peux|quoi|comment|merci|bonjour|salut|rappelle|ça)\b|[éèêàçù]/i;

/**
 * The message's language when it says so clearly, else the person's default: the word count
 * first ({@link detectLanguage}), then a few tell-tale words when that is a tie.
 */
export function guessLanguage(body: string, fallback: Lang): Lang {
  const asFr = detectLanguage(body, 'fr');
  if (asFr === detectLanguage(body, 'en')) return asFr;
  const en = ENGLISH_HINT.test(body);
  const fr = FRENCH_HINT.test(body);
  if (en && !fr) return 'en';
  if (fr && !en) return 'fr';
  return fallback;
}
