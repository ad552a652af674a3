/** Phrase tables: remember a fact ("souviens-toi que…", "remember that…") and forget one ("oublie…", "forget…"). */
import type { ToolCall } from '../../workflows/lib/turn-plan';
import { COLON, PLEASE, type Piece, type Rule, SEP, argument, rule } from './phrases';

// ---- remember -----------------------------------------------------------------------------

export function fact(piece: Piece): ToolCall | null {
  const text = argument(piece);
  return text ? { tool: 'remember', fact: text } : null;
}

export const REMEMBER_FR =
  '(?:(?:souviens|souvient|rappelle|rapelle|rappelles|rapelles)[- ]?(?:toi|toe)|(?:te )?souvenir|(?:te )?rappeler|retiens|retenir|retien|' +
  'note|noter|notes|prends note|prend note|prendre note|memorise|memoriser|garde (?:en tete|en memoire|ca en tete|ca en memoire)|' +
  "n'oublie pas|noublie pas|oublie pas|n'oublies pas|oublies pas|" +
  "(?:je veux|j'aimerais|j'voudrais|je voudrais|il faut) que tu (?:retiennes|te souviennes|te rappelles|notes|saches))";
export const REMEMBER_EN =
  "(?:remember|note|make a note|take note|take a note|don't forget|dont forget|do not forget|never forget|memorize|memorise|save|store|write down|jot down)";

export const REMEMBER_RULES: Rule[] = [
  rule('fr', `${PLEASE}${REMEMBER_FR}(?: (?:bien|ca|ceci|cela|juste|aussi))*(?: que | qu')(.+)`, fact),
  // "retiens ça: …", "note: …": the words after the colon tell the language.
  rule(null, `${PLEASE}${REMEMBER_FR}(?: (?:bien|ca|ceci|cela|juste|aussi))*${COLON}(.+)`, fact),
  rule('fr', `(?:a retenir|a noter|pour info|note a moi-meme)${COLON}(.+)`, fact),
  rule(null, `(?:memo|info)${COLON}(.+)`, fact),
  rule('en', `(?:fyi|for your information|for the record)${SEP}(.+)`, fact),
  rule('en', `${PLEASE}${REMEMBER_EN}(?: (?:this|that|it))?(?: that |${COLON})(.+)`, fact),
  rule('en', `${PLEASE}(?:keep|bear) in mind(?: that |${COLON}| )(.+)`, fact),
];

/** "remember my bike lock combo is 7309": a statement only (a question is recall). */
export const REMEMBER_BARE = rule('en', `${PLEASE}remember (?!to |me |when |what |where |who |how |if |why |about )(.+)`, fact);

// ---- forget -------------------------------------------------------------------------------

/** Things that are not memories: "efface mes rappels" or "forget my list" are not for this tool. */
const NOT_A_MEMORY = /(?:^|[^\p{L}])(?:rappels?|reminders?|listes?|lists?|taches?|tasks?|to-?dos?|\d+)(?:$|[^\p{L}])/u;

function forgetting(piece: Piece): ToolCall | null {
  if (NOT_A_MEMORY.test(piece.folded)) return null;
  const query = argument(piece);
  return query ? { tool: 'forget', query } : null;
}

export const FORGET_RULES: Rule[] = [
  rule(
    'fr',
    `${PLEASE}(?:oublie|oublies|oublier|efface|effacer|supprime|supprimer)(?! pas(?: |$))(?: de ta memoire)?` +
      "(?: (?:ce que je t'ai dit|ce que je t'avais dit|ce que tu sais|l'info|l'information|la note|tout ce que tu sais) (?:sur|a propos (?:de|du|des)|au sujet (?:de|du|des)|concernant|pour|de))?" +
      ' (.+?)(?: de ta memoire)?',
    forgetting,
  ),
  rule(
    'en',
    `${PLEASE}(?:forget|erase|delete|wipe)(?: (?:about|what i told you about|what i said about|everything about|the note about|my note about|the info about))? (.+?)(?: from (?:your )?memory)?`,
    forgetting,
  ),
];
