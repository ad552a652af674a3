import type { Language } from '../../schemas/entities';
import { parseReminder, parseWhen } from '../../workflows/lib/reminder-parser';
import { classifyReminderReply } from '../../workflows/lib/reminder-replies';
import { ackText, cancelledText, snoozedText } from '../../workflows/lib/reminder-texts';
import type { OpenReminder, TurnPlan } from '../../workflows/lib/turn-plan';
import { type Command, guessLanguage, offlineReply } from './offline-responder';

export interface InterpretInput {
  body: string;
  command: Command;
  language: Language;
  timezone: string;
  openReminder: OpenReminder | null;
  /** Text of a reminder whose time we asked for on the previous turn. */
  pendingReminderText: string | null;
}

/**
 * The offline brain: deterministic French / Québec French / English understanding, no network.
 * Order matters: carrier commands, then answers to the reminder that just fired, then reminder
 * commands, then new reminders, then small talk.
 */
export function interpretOffline(input: InterpretInput, now: Date): TurnPlan {
  const ctx = { now, timezone: input.timezone, language: input.language };
  const language = guessLanguage(input.body, input.language);
  if (input.command === 'stop') return { language, kind: 'silent' };
  if (input.command) return { language, kind: 'reply', text: offlineReply(input.body, input.command, input.language) ?? '' };

  const open = input.openReminder;
  const reply = classifyReminderReply(input.body, { ...ctx, ...(open ? { dueAt: new Date(open.dueAt) } : {}) });
  if (reply && open) {
    if (reply.kind === 'ack') return { language, kind: 'reminder', reminderId: open.reminderId, action: 'ack', reply: ackText(language) };
    if (reply.kind === 'cancel') return { language, kind: 'reminder', reminderId: open.reminderId, action: 'cancel', reply: cancelledText(language) };
    if (reply.kind === 'snooze') {
      return {
        language,
        kind: 'reminder',
        reminderId: open.reminderId,
        action: 'snooze',
        until: reply.until.toISOString(),
        reply: snoozedText(reply.until, input.timezone, language, now),
      };
    }
  }
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

  const intent = parseReminder(input.body, ctx);
  if (intent.kind === 'reminder') {
    const call = { tool: 'createReminder' as const, text: intent.text, dueAt: intent.dueAt.toISOString(), rrule: intent.rrule, explicitTime: intent.explicitTime };
    return { language: intent.language, kind: 'tool', call };
  }
  if (intent.kind === 'clarify') return { language: intent.language, kind: 'clarify', question: intent.question, pendingText: intent.text };
  if (reply?.kind === 'ack') return { language, kind: 'reply', text: language === 'fr' ? "D'accord!" : 'Okay!' };

  return { language, kind: 'reply', text: offlineReply(input.body, null, language) ?? '' };
}
