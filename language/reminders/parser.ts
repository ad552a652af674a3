/**
 * Natural-language reminder requests in French, Québec French and English.
 *
 * chrono-node finds the date and time expressions; we extend its `fr` and `en` parsers with
 * the forms people actually text (Québec "à soir", "tantôt", "8 h 30", "dans 2 h 30"...) and
 * then resolve the result ourselves, in the user's IANA zone, with the rules documented on
 * {@link parseReminder}. The sections live beside this file: common, triggers, recurring,
 * impossible-dates, engine (chrono), when, resolve, task.
 *
 * Pure and deterministic: no Node built-ins, no I/O, never reads the wall clock (always
 * `ctx.now`), no randomness, so Temporal workflow code can import it.
 */
import { type Lang, zonedParts } from '../time';
import { detectLanguage, type Prepared, prepared, tidy } from '../prepare';
import { NONE, type ParseContext, type ReminderIntent, type Span, type WhenParse, blankSpans } from './common';
import { findTrigger } from './triggers';
import { type RecurrencePhrase, findRecurrence } from './recurring';
import { type MonthDay, findImpossibleDate } from './impossible-dates';
import { type WhenSpec, extendOverGlue, extractWhen, hasWhen } from './when';
import { resolveOnce, resolveRecurring } from './resolve';
import { hasUnreadTimeWords } from './leftover';

import { QUESTIONS, clarify, impossibleDateQuestion, looksLikeBareReminder, questionFor, tidyTask } from './task';

export type { Lang } from '../time';
export type { ParseContext, ReminderIntent, WhenParse } from './common';
/** Re-exported for the callers that read a fragment's language (the parser's own tests too). */
export { detectLanguage } from '../prepare';
export { parseDelayMinutes } from '../clock';

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

/** Whole-message carrier and control words: never reminders. */
const CONTROL_WORDS = /^(?:stop|stopall|unsubscribe|start|unstop|help|aide|info|arr[eê]t(?:e|er)?|end|quit)[\s.!]*$/i;

/**
 * Reads a message as a reminder request.
 *
 * - Requests start with a trigger ("rappelle-moi", "fais-moi penser à", "faut que je pense à",
 *   "n'oublie pas de me rappeler", "remind me", "reminder:"...) or are a bare "<task> <time>"
 *   ("prendre mes médicaments à 20h"). Anything else, questions and STOP included, is `none`.
 * - A trigger without a time asks when; a time without a task asks what; an impossible date,
 *   two different times or days, or a moment already past, ask again.
 * - Defaults (explicitTime false): a day without a time is 09:00; matin 08:00, midi 12:00,
 *   après-midi 14:00, soir/"à soir" 19:00, nuit 21:00; "tantôt"/"plus tard"/"later" is in one hour.
 * - A time without a day that is already past today is tomorrow; a bare weekday is the next
 *   one after today; hours 1–11 without am/pm follow {@link bareHourChoices}.
 * - Recurring requests ("tous les jours à 8h", "every weekday at 8am", "tous les mois le 1er")
 *   get an RRULE without DTSTART and `dueAt` = first occurrence after `now` in local time.
 */
export function parseReminder(message: string | Prepared, ctx: ParseContext): ReminderIntent {
  const u = prepared(message, ctx.language);
  const text = u.clean;
  if (text === '' || CONTROL_WORDS.test(text)) return NONE;
  const language = u.language;
  const { trigger, phrase, impossible, spec, task, unread } = analyse(text, ctx, language);

  const timeMentioned = hasWhen(spec) || Boolean(phrase) || Boolean(impossible);
  if (!trigger && !(timeMentioned && looksLikeBareReminder(text, task))) return NONE;
  if (impossible) return clarify(language, impossibleDateQuestion(impossible, language), task);
  if (!task) return clarify(language, QUESTIONS.what[language], null);
  if (!hasWhen(spec) && !phrase) return clarify(language, QUESTIONS.time[language], task);
  // Part of the moment was not understood: a question, never a guess.
  if (unread) return clarify(language, QUESTIONS.unread[language], task);

  const resolved = phrase ? resolveRecurring(spec, phrase, ctx, language) : { ...resolveOnce(spec, ctx, language), rrule: null };
  if (!resolved.ok) return clarify(language, questionFor(resolved.reason, language), task);
  const { dueAt, explicitTime, rrule } = resolved;
  return { kind: 'reminder', text: task, dueAt, rrule, language, explicitTime };
}

interface Analysis {
  trigger: Span | null;
  phrase: RecurrencePhrase | null;
  impossible: (MonthDay & Span) | null;
  spec: WhenSpec;
  task: string;
  /** Time words left unread beside the expressions or in the task. */
  unread: boolean;
}

/** Takes the message apart: trigger, recurrence phrase, impossible date, time, and the task left. */
function analyse(text: string, ctx: ParseContext, language: Lang): Analysis {
  const trigger = findTrigger(text);
  let rest = trigger ? blankSpans(text, [trigger]) : text;
  const phrase = findRecurrence(rest);
  if (phrase) rest = blankSpans(rest, [phrase]);
  const impossible = findImpossibleDate(rest, zonedParts(ctx.now, ctx.timezone));
  if (impossible) rest = blankSpans(rest, [extendOverGlue(rest, impossible)]);
  const { spec, rest: leftover, spans } = extractWhen(rest, ctx, language);
  const task = tidyTask(leftover);
  const unread = hasUnreadTimeWords(leftover, [...spans, ...(phrase ? [phrase] : [])], task);
  return { trigger, phrase, impossible, spec, task, unread };
}

/**
 * Finds and resolves a one-off time in a short text ("à 18h", "demain 9h", "in 2 hours"),
 * with the same rules as {@link parseReminder}. Null when there is no usable time.
 */
export function parseWhen(text: string, ctx: ParseContext, lang?: Lang): WhenParse | null {
  const normalized = tidy(text);
  const language = lang ?? detectLanguage(normalized, ctx.language);
  // Short texts give little clue about their language: try the other one before giving up.
  for (const attempt of [language, language === 'fr' ? 'en' : 'fr'] as const) {
    const { spec, rest } = extractWhen(normalized, ctx, attempt);
    if (!hasWhen(spec)) continue;
    const once = resolveOnce(spec, ctx, attempt);
    return once.ok ? { dueAt: once.dueAt, explicitTime: once.explicitTime, remainder: tidyTask(rest) } : null;
  }
  return null;
}
