/**
 * What every phrase table of the offline brain shares: whole-message patterns on the folded
 * message, cutting the argument from the message as written, and the common pieces (polite
 * openers, list names, done words, task numbers). Pure.
 */
import { type Prepared } from '../prepare';
import { type Lang } from '../time';
import type { ToolCall } from '../../workflows/lib/turn-plan';

// ---------------------------------------------------------------------------------------
// Matching helpers
// ---------------------------------------------------------------------------------------

/** A whole-message pattern; `d` gives the indices used to cut the argument from the original. */
export function whole(source: string): RegExp {
  return new RegExp(`^(?:${source})$`, 'du');
}

export interface Piece {
  text: string;
  folded: string;
}

/** The first capture group, as written in the message; '' for a pattern without one; null if no match. */
/** A prepared message (language/prepare.ts): `text` as written, `folded` for matching. */
export type Utterance = Prepared;

export function capture(u: Utterance, pattern: RegExp): Piece | null {
  const match = pattern.exec(u.folded);
  if (!match) return null;
  const span = match.indices?.[1];
  if (!span) return { text: '', folded: '' };
  return { text: u.text.slice(span[0], span[1]), folded: u.folded.slice(span[0], span[1]) };
}

/** Drops what `tail` (anchored at the end) matches from both copies. */
export function dropTail(piece: Piece, tail: RegExp): Piece {
  const match = tail.exec(piece.folded);
  if (!match) return piece;
  return { text: piece.text.slice(0, match.index), folded: piece.folded.slice(0, match.index) };
}

const EDGE_PUNCTUATION = /^[\s:;,.!?\-–—"«»]+|[\s:;,.!?\-–—"«»]+$/gu;

/** "« acheter du lait »." → "acheter du lait"; "'appeler maman'" → "appeler maman". */
export function tidyArgument(text: string): string {
  return text
    .replace(EDGE_PUNCTUATION, '')
    .replace(/^'(.+)'$/u, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------
// Phrase tables
// ---------------------------------------------------------------------------------------

/** Polite openers: "peux-tu", "can you", "please"... */
export const PLEASE =
  "(?:(?:est-ce que |est ce que )?(?:tu peux|tu pourrais|peux[- ]tu|pourrais[- ]tu|pouvez[- ]vous|can you|could you|would you|will you|please|svp|stp|s'il te plait)[ ,]+)?";
export const CEST = "(?:c'est|cest|c'e|c)";
export const DEJA = '(?: deja| again| already| encore)?';
export const TODAY_FR = "(?:aujourd'hui|aujourdhui|auj|ajd|today)";
export const TODAY_EN = "(?:today|for today|today's|todays)";
export const SEP = '(?: ?[:,-] ?| )';
export const COLON = '(?: ?: ?)';

export const LIST_FR =
  "(?:ma|la|mon|ta) (?:liste|to-?do|todo)(?: (?:de taches|des taches|de choses a faire|de trucs a faire|a faire|d'epicerie|de courses|d'achats|de choses|to-?do))?";
export const LIST_EN = '(?:my|the|your) (?:to-?do list|todo list|to do list|to-?dos?|to do|task list|tasks|list|shopping list|grocery list)';

export const ADD_FR = '(?:ajoute|ajouter|ajoutes|rajoute|rajouter|mets|met|mettre|inscris|inscrire|ecris|ecrire|note|noter|place|pitche)(?:[- ]moi)?';
export const ADD_EN = '(?:add|put|write|stick|throw|pop)';

export const NUMBER = '(?:(?:le|la|no\\.?|n°|numero|number|num|tache|task|item|#) ?)*(\\d{1,3})';
export const DONE_FR = '(?:fait|faite|fini|finie|termine|terminee|complete|completee|coche|cocher|coches|check|checke|raye|rayer|barre|barrer)';
export const DONE_EN = '(?:done|did|finished|completed|complete|check|checked|check off|checked off|cross off|crossed off|mark|marked|tick|ticked|tick off)';

export type Rule = { lang: Lang | null; pattern: RegExp; build: (arg: Piece) => ToolCall | null };

export function rule(lang: Lang | null, source: string, build: (arg: Piece) => ToolCall | null): Rule {
  return { lang, pattern: whole(source), build };
}

/** Arguments that point at nothing ("ajoute ça à ma liste"). */
const EMPTY_ARGUMENT = /^(?:ca|ceci|cela|ca aussi|le|la|les|this|that|it|them|quelque chose|something|tout|tout ca|everything|all|about)$/u;

export function argument(piece: Piece): string | null {
  const text = tidyArgument(piece.text);
  const folded = tidyArgument(piece.folded);
  return text === '' || EMPTY_ARGUMENT.test(folded) ? null : text;
}

