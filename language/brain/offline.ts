import type { Lang } from '../time';
import { parseReminder, parseWhen } from '../reminders/parser';
import { type ReminderReply, classifyReminderReply } from '../reminders/replies';
import { ackText, cancelledText, snoozedText } from '../texts/reminders';
import type { OpenReminder, TurnPlan } from '../../workflows/lib/turn-plan';
import { detectIntegrationIntent } from './integrations';
import { type DetectedIntent, detectCompletion, detectHint, detectIntent, detectShortQuestion, detectSmallTalk } from './intents';
import { type Prepared, prepare } from '../prepare';
import { type Command, offlineAnswer, offlineText } from './responder';
import { detectStruggle } from './overwhelm';
import { supportText } from '../texts/support';

export interface InterpretInput {
  body: string;
  command: Command;
  language: Lang;
  timezone: string;
  openReminder: OpenReminder | null;
  /** Text of a reminder whose time we asked for on the previous turn. */
  pendingReminderText: string | null;
  /** The body already prepared by the caller (the brain activity prepares it once per turn). */
  message?: Prepared;
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
 * 7. a struggle ("je suis débordé", "I can't get started": a kind line and one tiny step), small
 *    talk, a short question searched in the memory, and "didn't understand".
 */
export function interpretOffline(input: InterpretInput, now: Date): TurnPlan {
  const ctx = { now, timezone: input.timezone, language: input.language };
  // Normalised once, language guessed once: every detector below reads this.
  const message = input.message ?? prepare(input.body, input.language);
  const language = message.language;
  if (input.command === 'stop') return { language, kind: 'silent' };
  if (input.command) return replyPlan(message, input.command, input.language);

  const done = detectCompletion(message);
  if (done) return toolPlan(done);

  const open = input.openReminder;
  const reply = classifyReminderReply(message, { ...ctx, ...(open ? { dueAt: new Date(open.dueAt) } : {}) });
  const answer = open && reply ? reminderAnswer(reply, open, input, now, language) : null;
  if (answer) return answer;
  if (reply?.kind === 'list') return { language, kind: 'tool', call: { tool: 'listReminders' } };
  if (reply?.kind === 'cancelIndex') return { language, kind: 'tool', call: { tool: 'cancelReminderAt', index: reply.index } };
  if (reply?.kind === 'moveIndex') {
    return { language, kind: 'tool', call: { tool: 'moveReminderAt', index: reply.index, dueAt: reply.dueAt.toISOString() } };
  }

  // The answer to "what time?": a bare time completes the reminder we asked about.
  if (input.pendingReminderText) {
    const when = parseWhen(message.clean, ctx);
    if (when && when.remainder.trim().length < 3) {
      const call = { tool: 'createReminder' as const, text: input.pendingReminderText, dueAt: when.dueAt.toISOString(), rrule: null, explicitTime: when.explicitTime };
      return { language, kind: 'tool', call };
    }
  }

  const integration = detectIntegrationIntent(message, ctx);
  if (integration) return { language: integration.language, kind: 'tool', call: integration.call };

  const intent = detectIntent(message);
  if (intent) return toolPlan(intent);

  const reminder = parseReminder(message, ctx);
  if (reminder.kind === 'reminder') {
    const call = { tool: 'createReminder' as const, text: reminder.text, dueAt: reminder.dueAt.toISOString(), rrule: reminder.rrule, explicitTime: reminder.explicitTime };
    return { language: reminder.language, kind: 'tool', call };
  }
  if (reminder.kind === 'clarify') return { language: reminder.language, kind: 'clarify', question: reminder.question, pendingText: reminder.text };

  return conversation(message, reply, language);
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
 * No tool so far: a struggle named ("chu débordé"), an "ok" or "annule" with nothing open, small talk, a hint, a short question
 * searched in the memory ("Bike lock?"), or "didn't understand".
 */
function conversation(message: Prepared, reply: ReminderReply, language: Lang): TurnPlan {
  const struggle = detectStruggle(message);
  if (struggle) return { language: struggle.language, kind: 'reply', text: supportText(struggle.kind, struggle.language) };
  const talk = detectSmallTalk(message);
  if (reply?.kind === 'ack' && talk?.kind !== 'thanks') return { language, kind: 'reply', text: offlineText('ok', language) };
  if (reply?.kind === 'cancel') return { language, kind: 'reply', text: offlineText('cancelNothing', language) };
  const question = talk || detectHint(message) ? null : detectShortQuestion(message);
  return question ? toolPlan(question) : replyPlan(message, null, language);
}

function replyPlan(message: Prepared, command: Command, language: Lang): TurnPlan {
  const answer = offlineAnswer(message, command, language);
  return { language: answer?.language ?? language, kind: 'reply', text: answer?.text ?? '' };
}
