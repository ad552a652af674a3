import type { Lang } from '../time';
import { parseReminder, parseWhen } from '../reminders/parser';
import { type ReminderReply, classifyReminderReply } from '../reminders/replies';
import { ackText, cancelledText, snoozedText } from '../texts/reminders';
import type { OpenReminder, TurnPlan } from '../../workflows/lib/turn-plan';
import { detectIntegrationIntent } from './integrations';
import { type DetectedIntent, detectCompletion, detectHint, detectIntent, detectShortQuestion, detectSmallTalk } from './intents';
import { type Command, guessLanguage, offlineAnswer, offlineText } from './responder';

export interface InterpretInput {
  body: string;
  command: Command;
  language: Lang;
  timezone: string;
  openReminder: OpenReminder | null;
  /** Text of a reminder whose time we asked for on the previous turn. */
  pendingReminderText: string | null;
}

/**
 * The offline brain: deterministic French / Québec French / English understanding, no network.
 * Order matters:
 * 1. carrier commands (STOP, HELP, START);
 * 2. a numbered completion ("fait 2", "done 2"): never an answer to a reminder;
 * 3. answers to the reminder that just fired ("fait", "10 min", "annule"), reminder commands
 *    ("mes rappels", "annule 2", "déplace 2 à 18h");
 * 4. a bare time answering "what time?";
 * 5. the memory, list and plan tools ("retiens que…", "c'est quoi…", "ajoute à ma liste…");
 * 6. new reminders, or the question they need;
 * 7. small talk, a short question searched in the memory, and "didn't understand".
 */
export function interpretOffline(input: InterpretInput, now: Date): TurnPlan {
  const ctx = { now, timezone: input.timezone, language: input.language };
  const language = guessLanguage(input.body, input.language);
  if (input.command === 'stop') return { language, kind: 'silent' };
  if (input.command) return replyPlan(input.body, input.command, input.language);

  const done = detectCompletion(input.body, language);
  if (done) return toolPlan(done);

  const open = input.openReminder;
  const reply = classifyReminderReply(input.body, { ...ctx, ...(open ? { dueAt: new Date(open.dueAt) } : {}) });
  const answer = open && reply ? reminderAnswer(reply, open, input, now, language) : null;
  if (answer) return answer;
  if (reply?.kind === 'list') return { language, kind: 'tool', call: { tool: 'listReminders' } };
  if (reply?.kind === 'cancelIndex') return { language, kind: 'tool', call: { tool: 'cancelReminderAt', index: reply.index } };
  if (reply?.kind === 'moveIndex') {
    return { language, kind: 'tool', call: { tool: 'moveReminderAt', index: reply.index, dueAt: reply.dueAt.toISOString() } };
  }

  // The answer to "what time?": a bare time completes the reminder we asked about.
  if (input.pendingReminderText) {
    const when = parseWhen(input.body, ctx);
    if (when && when.remainder.trim().length < 3) {
      const call = { tool: 'createReminder' as const, text: input.pendingReminderText, dueAt: when.dueAt.toISOString(), rrule: null, explicitTime: when.explicitTime };
      return { language, kind: 'tool', call };
    }
  }

  const integration = detectIntegrationIntent(input.body, ctx);
  if (integration) return { language: integration.language, kind: 'tool', call: integration.call };

  const intent = detectIntent(input.body, language);
  if (intent) return toolPlan(intent);

  const reminder = parseReminder(input.body, ctx);
  if (reminder.kind === 'reminder') {
    const call = { tool: 'createReminder' as const, text: reminder.text, dueAt: reminder.dueAt.toISOString(), rrule: reminder.rrule, explicitTime: reminder.explicitTime };
    return { language: reminder.language, kind: 'tool', call };
  }
  if (reminder.kind === 'clarify') return { language: reminder.language, kind: 'clarify', question: reminder.question, pendingText: reminder.text };

  return conversation(input.body, reply, language);
}

function toolPlan(intent: DetectedIntent): TurnPlan {
  return { language: intent.language, kind: 'tool', call: intent.call };
}

/** "fait", "annule", "10 min" while a reminder is open: a signal to that reminder. */
function reminderAnswer(reply: NonNullable<ReminderReply>, open: OpenReminder, input: InterpretInput, now: Date, language: Lang): TurnPlan | null {
  const base = { language, kind: 'reminder' as const, reminderId: open.reminderId };
  if (reply.kind === 'ack') return { ...base, action: 'ack', reply: ackText(language) };
  if (reply.kind === 'cancel') return { ...base, action: 'cancel', reply: cancelledText(language) };
  if (reply.kind === 'snooze') {
    return { ...base, action: 'snooze', until: reply.until.toISOString(), reply: snoozedText(reply.until, input.timezone, language, now) };
  }
  return null;
}

/**
 * No tool so far: an "ok" or "annule" with nothing open, small talk, a hint, a short question
 * searched in the memory ("Bike lock?"), or "didn't understand".
 */
function conversation(body: string, reply: ReminderReply, language: Lang): TurnPlan {
  const talk = detectSmallTalk(body);
  if (reply?.kind === 'ack' && talk?.kind !== 'thanks') return { language, kind: 'reply', text: offlineText('ok', language) };
  if (reply?.kind === 'cancel') return { language, kind: 'reply', text: offlineText('cancelNothing', language) };
  const question = talk || detectHint(body) ? null : detectShortQuestion(body, language);
  return question ? toolPlan(question) : replyPlan(body, null, language);
}

function replyPlan(body: string, command: Command, language: Lang): TurnPlan {
  const answer = offlineAnswer(body, command, language);
  return { language: answer?.language ?? language, kind: 'reply', text: answer?.text ?? '' };
}
