/** Phrase table: "quelle heure est-il?", "on est quel jour?", "what time is it?" → the currentTime tool. */
import type { ToolCall } from '../../workflows/lib/turn-plan';
import { CEST, type Rule, rule } from './phrases';

/** A tool the registry and this table know, run by activity name (no ToolCall shape of its own). */
export const currentTime = (): ToolCall => ({ tool: 'external', activity: 'currentTime', input: {}, once: false });

const END = '(?: (?:la|la la|now|right now|maintenant|svp|stp|please))?[ ?!.]*';

export const CLOCK_QUESTION_RULES: Rule[] = [
  rule('fr', `(?:il est |${CEST} |ca fait )?quelle heure(?: (?:est[- ]il|il est|qu'il est|${CEST}|ca fait))?${END}`, currentTime),
  rule('fr', `(?:t'as|tu as|as[- ]tu|avez[- ]vous) l'heure${END}`, currentTime),
  rule('fr', `(?:on est|nous sommes|${CEST}) (?:quel jour|le combien|quelle date)(?: aujourd'hui)?${END}`, currentTime),
  rule('fr', `(?:quel jour|quelle date) (?:on est|sommes[- ]nous|${CEST})(?: aujourd'hui)?${END}`, currentTime),
  rule('en', `what(?:'s| is|s)? (?:the )?time(?: is it)?${END}`, currentTime),
  rule('en', `(?:do you have|have you got|got) the time${END}`, currentTime),
  rule('en', `what(?:'s| is|s)? (?:the date|today's date|todays date|the day)(?: today)?${END}`, currentTime),
  rule('en', `what day is (?:it|today)${END}`, currentTime),
];
