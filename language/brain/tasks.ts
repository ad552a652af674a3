/** Phrase tables: check a task off ("fait 2", "done 2") and add one to the to-do list ("ajoute à ma liste: …", "add … to my list"). */
import type { ToolCall } from '../../workflows/lib/turn-plan';
import { ADD_EN, ADD_FR, COLON, DONE_EN, DONE_FR, NUMBER, LIST_EN, LIST_FR, PLEASE, type Piece, type Rule, SEP, TODAY_FR, argument, rule, tidyArgument } from './phrases';

// ---- completeTask -------------------------------------------------------------------------

function completion(piece: Piece): ToolCall | null {
  const index = Number(piece.text);
  return Number.isInteger(index) && index >= 1 ? { tool: 'completeTask', index } : null;
}

export const COMPLETE_RULES: Rule[] = [
  rule('fr', `(?:ok,? )?(?:(?:c'est|cest|c|j'ai|jai|g|j'ai bien) )?${DONE_FR}(?: la tache)? ${NUMBER}`, completion),
  rule('fr', `${NUMBER},? (?:(?:est|c'est|cest|c) )?(?:fait|faite|fini|finie|termine|terminee|coche)`, completion),
  rule('en', `(?:ok,? )?(?:i(?:'ve| have| am|'m)? )?${DONE_EN}(?: with)?(?: task| item)? ${NUMBER}(?: (?:as )?(?:done|complete|completed|finished|off))?`, completion),
  rule('en', `${NUMBER},? (?:is )?(?:done|finished|completed|complete)`, completion),
];

// ---- addTask ------------------------------------------------------------------------------

/** Titles that are really something else: a reminder, a bare delay, the list itself ("ajoute à ma liste"). */
const NOT_A_TITLE =
  /(?:^|[ -])(?:un rappel|une alarme|rappel|a reminder|reminder)(?: |$)|^\d+ ?(?:min|mins|minutes?|h|heures?|hours?)$|^(?:a|dans|sur|au|to|on|in|onto|into) (?:ma|la|mon|ta|my|the|your) |^(?:list|liste|de taches|des taches|a faire|de choses a faire|to-?do list|todo list)$/u;

export function task(piece: Piece): ToolCall | null {
  if (NOT_A_TITLE.test(tidyArgument(piece.folded))) return null;
  const title = argument(piece);
  return title ? { tool: 'addTask', title } : null;
}

export const ADD_RULES: Rule[] = [
  rule('fr', `${PLEASE}${ADD_FR}(?: (?:ca|ceci|cela|ca aussi))? (?:a|dans|sur|au) ${LIST_FR}${SEP}(.+)`, task),
  rule('fr', `${PLEASE}${ADD_FR} (.+?),? (?:a|dans|sur|au) ${LIST_FR}`, task),
  rule('fr', `(.+?),? (?:ajoute|mets|rajoute)[- ](?:le|la|les|ca) (?:a|dans|sur) ${LIST_FR}`, task),
  rule('fr', `${PLEASE}(?:ajoute|ajouter|rajoute|cree|creer|mets|nouvelle)(?: une| la| cette)? tache${SEP}(.+)`, task),
  rule('fr', `(?:a faire|tache|nouvelle tache)(?: (?:${TODAY_FR}|demain|cette semaine|ce soir))?${COLON}(.+)`, task),
  rule('en', `${PLEASE}${ADD_EN}(?: (?:this|that|it))? (?:to|on|in|onto|into) ${LIST_EN}${SEP}(.+)`, task),
  rule('en', `${PLEASE}${ADD_EN} (.+?),? (?:to|on|in|onto|into) ${LIST_EN}`, task),
  rule('en', `${PLEASE}(?:add|new|create)(?: a| the)? (?:task|to-?do|to do|todo item|item)${SEP}(.+)`, task),
  rule('en', `(?:task|new task)${COLON}(.+)`, task),
  rule(null, `(?:todo|to-?do|to do)${COLON}(.+)`, task),
  rule('fr', `(?:ma )?liste${COLON}(.+)`, task),
  rule('en', `(?:my )?list${COLON}(.+)`, task),
  // "ajoute acheter du lait" (what the day plan suggests), "add renew passport".
  rule('fr', `${PLEASE}(?:ajoute|rajoute)${SEP}(.+)`, task),
  rule('en', `${PLEASE}add${SEP}(.+)`, task),
];
