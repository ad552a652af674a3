/** Phrase table: find a remembered fact ("c'est quoi le code de mon casier?", "what's my bike lock combo?"). */
import type { ToolCall } from '../../workflows/lib/turn-plan';
import { CEST, DEJA, type Piece, type Rule, argument, dropTail, rule, tidyArgument } from './phrases';

// ---- recall -------------------------------------------------------------------------------

/** Words that make "rappelle-moi <something>" a reminder rather than a question. */
export const TIME_WORDS =
  /\d|(?:^|[ '])(?:demain|apres-demain|aujourd'hui|ce soir|a soir|ce matin|cet apres-midi|midi|minuit|tantot|plus tard|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|semaine|mois|heures?|minutes?|chaque|tous les)(?:$|[ ,.!?])/u;

/** Questions that are not about a stored fact: "what's up", "c'est quoi ton nom", "quelle heure est-il". */
const NOT_A_QUERY =
  /^(?:(?:ton|ta|tes|toi|tu|t'es|es-tu|votre|vos|vous|your|you|you're|u|are you|r u|la meteo|meteo|the weather|weather)(?: |$)|(?:up|new|going on|happening|ca|cela|ceci|it|that|this|today|le temps|l'heure|la date|the time|the date|est-il|is it|sup)$)/u;
const REMINDER_WORDS = /(?:^|[^\p{L}])(?:rappels?|reminders?)(?:$|[^\p{L}])/u;
const LIST_WORDS = /(?:^|[^\p{L}])(?:liste|list|taches|tasks|to-?do)(?:$|[^\p{L}])/u;
const QUERY_TAIL = / (?:deja|again|already|encore|stp|svp|please|is|was|are|were|est|etait|sont|etaient)$/u;

export function recalling(piece: Piece): ToolCall | null {
  let trimmed = piece;
  for (let before = ''; before !== trimmed.folded; ) {
    before = trimmed.folded;
    trimmed = dropTail({ text: trimmed.text.replace(/[\s,]+$/u, ''), folded: trimmed.folded.replace(/[\s,]+$/u, '') }, QUERY_TAIL);
  }
  const folded = tidyArgument(trimmed.folded);
  if (NOT_A_QUERY.test(folded)) return null;
  if (REMINDER_WORDS.test(folded)) return { tool: 'listReminders' };
  if (LIST_WORDS.test(folded)) return { tool: 'listTasks' };
  const query = argument(trimmed);
  return query ? { tool: 'recall', query } : null;
}

export const RECALL_RULES: Rule[] = [
  rule('fr', `(?:${CEST} (?:quoi|koi)|c'etait quoi|cetait quoi|c'etais quoi)${DEJA},? (.+)`, recalling),
  rule('fr', `(?:quel|quelle|quels|quelles) (?:est|etait|sont|etaient|c'est|c'etait)${DEJA} (.+)`, recalling),
  rule('fr', `qu'?est[- ]ce que (?:c'est|c'etait|cest|c'e)${DEJA} (.+)`, recalling),
  rule('fr', `(?:est-ce que |est ce que )?(?:tu te|te) (?:souviens|souvient|rappelles|rappelle)(?:[- ]tu)?(?: de | d'| du | des | )(.+)`, recalling),
  rule('fr', `(?:rappelle|redis|dis|redonne|donne)[- ]moi (?:${CEST} quoi|quel(?:le)? (?:est|etait)|ce qu'est|c'etait quoi)${DEJA} (.+)`, recalling),
  rule('fr', "(?:redis|dis|redonne|donne)[- ]moi ((?:le|la|les|l'|mon|ma|mes) .+)", recalling),
  // "rappelle-moi le numéro de passeport": a fact, unless a time makes it a reminder.
  rule('fr', "(?:rappelle|rapelle)[- ]moi ((?:le|la|les|l'|mon|ma|mes) .+)", (piece) => (TIME_WORDS.test(piece.folded) ? null : recalling(piece))),
  rule('fr', "comment (?:s'appelle|s'appelait|s'appellent) (.+)", recalling),
  rule('fr', `(?:ou|ou est-ce que) (?:est|sont|se trouve|se trouvent)${DEJA} (.+)`, recalling),
  // "où j'ai stationné?": the verb is the query ("j'ai stationné au niveau P3").
  rule('fr', "(?:ou|ou est-ce que|ou ce que) ((?:j'ai|jai|j'avais) .+)", recalling),
  rule('fr', `(?:quand|qui) (?:est|etait|c'est|a lieu|tombe)${DEJA} (.+)`, recalling),
  rule('fr', `${CEST} (?:quand|qui|ou) (.+)`, recalling),
  rule('fr', `(?:a quelle heure|quelle heure) (?:est|etait|c'est)${DEJA} (.+)`, recalling),
  rule('fr', "(?:j'avais|je t'avais|je t'ai) (?:dit|note|mis) quoi (?:pour|sur|comme|a propos de) (.+)", recalling),
  rule('fr', `(.+?),? (?:${CEST}|c'etait|cetait) (?:quoi|quand|qui)${DEJA}`, recalling),
  rule('fr', `(.+?),? (?:${CEST} )?ou${DEJA}`, recalling),
  rule('en', `(?:what's|whats|what is|what was|what are|what were|what're)${DEJA} (.+)`, recalling),
  rule('en', '(?:do|did) you (?:remember|know|recall|have)(?: what| anything about| about)? (.+)', recalling),
  rule('en', '(?:(?:can|could) you )?(?:remind me|tell me|give me|show me) (?:what|where|when|who) (.+)', recalling),
  rule('en', '(?:(?:can|could) you )?(?:tell me|give me) ((?:my|the) .+)', recalling),
  rule('en', "(?:when's|whens|when is|when was|when are|where's|wheres|where is|where are|who's|whos|who is|who was|what time is|what time was) (.+)", recalling),
  rule('en', 'where did i ((?:put|park|leave|hide|store).*)', recalling),
  rule('en', 'what did i (?:tell you|say|note|save) about (.+)', recalling),
];

/** "remember my bike lock combo?": a question to the memory. */
export const RECALL_QUESTION = rule('en', '(?:remember|recall)(?: what| about)? (.+)', recalling);
