/**
 * Intent detection of the offline brain for the memory, to-do list and day plan tools, in
 * French, Québec French and English: one phrase table per tool (tasks, task-list, memory,
 * recall, plan, beside this file), tried in an order that keeps similar phrasings apart. Pure
 * and deterministic: no I/O, no clock.
 *
 * Every pattern is written lower-case and without accents, and matched on the folded copy of
 * the prepared message (language/prepare.ts); the arguments (fact, query, title, task) are cut
 * from the message as written, so "Souviens-toi que le code de mon CASIER est 4821" keeps its
 * casing. Patterns are anchored on the whole message: a phrase in the middle of a sentence is
 * not a command.
 */
import { type Prepared, prepared } from '../prepare';
import { type Lang } from '../time';
import type { ToolCall } from '../../workflows/lib/turn-plan';
import { type Rule, type Utterance, capture } from './phrases';
import { ADD_RULES, COMPLETE_RULES } from './tasks';
import { FORGET_RULES, REMEMBER_BARE, REMEMBER_RULES } from './memory';
import { BREAKDOWN_RULES, PLAN_RULES } from './plan';
import { LIST_RULES } from './task-list';
import { RECALL_QUESTION, RECALL_RULES, TIME_WORDS, recalling } from './recall';
import { CLOCK_QUESTION_RULES } from './clock-question';

export { detectHint, detectSmallTalk, type HintTool, isEmojiOnly, type SmallTalk } from './small-talk';
export { tidyArgument, type Utterance } from './phrases';

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

/** A tool call read from a message, and the language it was said in. */
export interface DetectedIntent {
  call: ToolCall;
  language: Lang;
}

function firstMatch(u: Utterance, rules: readonly Rule[]): DetectedIntent | null {
  for (const { lang, pattern, build } of rules) {
    const piece = capture(u, pattern);
    const call = piece && build(piece);
    if (call) return { call, language: lang ?? u.language };
  }
  return null;
}

/** "fait 2", "c'est fait 2", "j'ai fini 3", "coche 2", "done 2", "finished 1", "#2 done". */
export function detectCompletion(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  return firstMatch(prepared(message, fallback), COMPLETE_RULES);
}

/** "souviens-toi que…", "rappelle-toi que…", "retiens que…", "remember that…", "keep in mind…". */
export function detectRemember(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  const u = prepared(message, fallback);
  return firstMatch(u, u.question ? REMEMBER_RULES : [...REMEMBER_RULES, REMEMBER_BARE]);
}

/** "c'est quoi le code de mon casier?", "what's my bike lock combo?", "do you remember my…". */
export function detectRecall(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  const u = prepared(message, fallback);
  return firstMatch(u, u.question ? [...RECALL_RULES, RECALL_QUESTION] : RECALL_RULES);
}

/** Words that make a question too vague to search ("pourquoi?", "really?"). */
const VAGUE_QUESTION =
  /^(?:pourquoi|quoi|comment|hein|quand|ou|qui|oui|non|ok|vraiment|serieux|c'est tout|et|et alors|et puis|(?:c'est|c) (?:quoi|qui|ca)|quoi donc|lol|mdr|haha+|ah|oh|hmm+|euh|bon|ben|why|what|how|huh|when|where|who|yes|no|really|sure|and|so|what's that|what is it|what's this|and then)$/u;
const MAX_SHORT_QUESTION_WORDS = 6;

/**
 * A short question that nothing else understood ("Bike lock?", "code du wifi?"): a search in the
 * person's memory is the most useful answer. Time words are left out ("demain?").
 */
export function detectShortQuestion(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  const u = prepared(message, fallback);
  const words = u.folded.split(' ').filter((w) => /\p{L}/u.test(w));
  if (!u.question || words.length === 0 || words.length > MAX_SHORT_QUESTION_WORDS) return null;
  if (VAGUE_QUESTION.test(u.folded) || TIME_WORDS.test(u.folded)) return null;
  const call = recalling({ text: u.text, folded: u.folded });
  return call ? { call, language: u.language } : null;
}

/** "quelle heure est-il?", "t'as l'heure?", "on est quel jour?", "what time is it?". */
export function detectClockQuestion(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  return firstMatch(prepared(message, fallback), CLOCK_QUESTION_RULES);
}

/** "oublie le code de mon casier", "efface…", "forget my bike lock combo". */
export function detectForget(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  return firstMatch(prepared(message, fallback), FORGET_RULES);
}

/** "ajoute à ma liste: acheter du lait", "mets X sur ma liste", "à faire: X", "add X to my list", "todo: X". */
export function detectAddTask(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  return firstMatch(prepared(message, fallback), ADD_RULES);
}

/** "ma liste", "mes tâches", "qu'est-ce que j'ai à faire", "my list", "todo list". */
export function detectListTasks(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  return firstMatch(prepared(message, fallback), LIST_RULES);
}

/** "décompose: faire mes impôts", "aide-moi à découper…", "break down: do my taxes", "help me break down…". */
export function detectBreakdown(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  return firstMatch(prepared(message, fallback), BREAKDOWN_RULES);
}

/** "planifie ma journée", "mon plan pour aujourd'hui", "qu'est-ce que j'ai aujourd'hui", "plan my day". */
export function detectPlanDay(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  return firstMatch(prepared(message, fallback), PLAN_RULES);
}

/**
 * The memory, list and plan tools, in the order that keeps similar phrasings apart: a list
 * named explicitly wins ("note X sur ma liste" adds a task), the day plan before the list
 * ("qu'est-ce que j'ai à faire aujourd'hui"), and both before a memory question ("c'est quoi
 * ma liste"). Completion ("fait 2") is separate: it must run before the answers to a reminder.
 */
export function detectIntent(message: string | Prepared, fallback: Lang = 'fr'): DetectedIntent | null {
  const u = prepared(message, fallback);
  const detectors = [detectAddTask, detectRemember, detectForget, detectPlanDay, detectBreakdown, detectListTasks, detectClockQuestion, detectRecall];
  for (const detect of detectors) {
    const found = detect(u);
    if (found) return found;
  }
  return null;
}
