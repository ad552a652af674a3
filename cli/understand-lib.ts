/**
 * How the product reads one message, offline: the function behind `npm run -s understand`
 * and bench:understanding. Pure: no network, no database, no Temporal, no logger.
 *
 * Output kinds (stable names):
 * - `reminder`: the offline brain would create a reminder (`dueAt`, `text`, `rrule`);
 * - `clarify`: it asks a question first (`question`; `text` is the task it keeps for the answer);
 * - `reply`: a plain answer (help, small talk, "didn't understand");
 * - `silent`: no answer at all (STOP);
 * - `tool:<name>`: another tool, e.g. `tool:addTask`, `tool:listReminders`, `tool:remember`,
 *   `tool:moveReminderAt` (with its `dueAt`);
 * - `reminder-answer`: an answer to a reminder that just fired (never here: no reminder is open);
 * - `agent`: the AI model's plan (never here: offline only);
 * - `error`: the input line was not usable (`error` says why); every other field is absent.
 */
import { interpretOffline } from '../language/brain/offline';
import { guessLanguage } from '../language/prepare';
import { classifyKeyword } from '../language/sms/keywords';
import { isValidTimeZone, timezoneOffsetMinutes, zonedParts } from '../language/time';
import type { TurnPlan } from '../workflows/lib/turn-plan';

export interface UnderstandInput {
  text: string;
  /** ISO 8601 with an offset (or Z). */
  now: string;
  /** IANA zone of the person. */
  timezone: string;
  /** The person's language setting. */
  language: 'fr' | 'en';
}

export interface UnderstandOutput {
  kind: string;
  dueAt: string | null;
  text: string | null;
  rrule: string | null;
  question: string | null;
}

export type UnderstandResult = UnderstandOutput | { kind: 'error'; error: string };

/** Longer than any SMS thread a person sends at once; keeps a stray file from stalling the parser. */
const MAX_TEXT_LENGTH = 5000;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

const pad = (n: number): string => String(Math.abs(n)).padStart(2, '0');

/** ISO 8601 with the offset `tz` has at that instant: 2026-12-04T08:00:00-05:00 (milliseconds only when set). */
export function isoInZone(instant: Date, tz: string): string {
  const p = zonedParts(instant, tz);
  const offset = timezoneOffsetMinutes(instant, tz);
  const ms = instant.getUTCMilliseconds();
  const fraction = ms ? `.${String(ms).padStart(3, '0')}` : '';
  const sign = offset < 0 ? '-' : '+';
  return (
    `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${fraction}` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}

/** The input, or why it is not usable. */
export function validateInput(value: unknown): UnderstandInput | { error: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'expected a JSON object {text, now, timezone, language}' };
  const { text, now, timezone, language } = value as Record<string, unknown>;
  if (typeof text !== 'string' || text.trim() === '') return { error: 'text: expected a non-empty string' };
  if (text.length > MAX_TEXT_LENGTH) return { error: `text: longer than ${MAX_TEXT_LENGTH} characters` };
  if (typeof now !== 'string' || !ISO_WITH_OFFSET.test(now) || !Number.isFinite(Date.parse(now))) {
    return { error: 'now: expected an ISO 8601 instant with an offset, e.g. 2026-12-03T14:00:00-05:00' };
  }
  if (typeof timezone !== 'string' || !isValidTimeZone(timezone)) return { error: 'timezone: expected an IANA zone, e.g. America/Toronto' };
  if (language !== 'fr' && language !== 'en') return { error: 'language: expected "fr" or "en"' };
  return { text, now, timezone, language };
}

function output(kind: string, fields: Partial<Omit<UnderstandOutput, 'kind'>> = {}): UnderstandOutput {
  return { kind, dueAt: fields.dueAt ?? null, text: fields.text ?? null, rrule: fields.rrule ?? null, question: fields.question ?? null };
}

function fromPlan(plan: TurnPlan, timezone: string): UnderstandOutput {
  const at = (iso: string): string => isoInZone(new Date(iso), timezone);
  switch (plan.kind) {
    case 'tool': {
      const call = plan.call;
      if (call.tool === 'createReminder') return output('reminder', { dueAt: at(call.dueAt), text: call.text, rrule: call.rrule });
      if (call.tool === 'moveReminderAt') return output('tool:moveReminderAt', { dueAt: at(call.dueAt) });
      return output(`tool:${call.tool}`);
    }
    case 'clarify':
      return output('clarify', { question: plan.question, text: plan.pendingText });
    case 'reminder':
      return output('reminder-answer', plan.until ? { dueAt: at(plan.until) } : {});
    case 'reply':
      return output('reply');
    case 'silent':
      return output('silent');
    case 'agent':
      return output('agent');
  }
}

/**
 * The offline brain's reading of one message for a person in `timezone` at `now`, as the
 * conversation would get it for an active person with no reminder open: carrier keywords
 * (STOP, HELP) are classified like the SMS router does.
 */
export function understand(input: UnderstandInput): UnderstandOutput {
  const keyword = classifyKeyword(input.text);
  const command = keyword === 'stop' || keyword === 'help' ? keyword : null;
  const plan = interpretOffline(
    { body: input.text, command, language: input.language, timezone: input.timezone, openReminder: null, pendingReminderText: null },
    new Date(input.now),
  );
  return fromPlan(plan, input.timezone);
}

/** One JSON line in, one result out; never throws. */
export function understandLine(line: string): UnderstandResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'error', error: 'not a JSON line' };
  }
  const input = validateInput(value);
  if ('error' in input) return { kind: 'error', error: input.error };
  try {
    return understand(input);
  } catch (error) {
    return { kind: 'error', error: `the offline brain failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The language a message is written in, for the one-message mode's default. */
export function detectMessageLanguage(text: string): 'fr' | 'en' {
  return guessLanguage(text, 'fr');
}
