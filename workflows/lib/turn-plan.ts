import type { Lang } from './time';

/**
 * What the brain decided for one message: a plain reply, a tool to run (each tool is its own
 * activity, visible in the Temporal UI), an answer to the reminder that just fired (a signal to
 * its workflow), or a clarifying question. Shared by the brain activity and the conversation.
 */
export type ToolCall =
  | { tool: 'createReminder'; text: string; dueAt: string; rrule: string | null; explicitTime: boolean }
  | { tool: 'listReminders' }
  | { tool: 'cancelReminderAt'; index: number }
  | { tool: 'moveReminderAt'; index: number; dueAt: string };

export type TurnPlan = { language: Lang } & (
  | { kind: 'reply'; text: string }
  | { kind: 'tool'; call: ToolCall }
  | { kind: 'reminder'; reminderId: string; action: 'ack' | 'cancel' | 'snooze'; until?: string; reply: string }
  | { kind: 'clarify'; question: string; pendingText: string | null }
  | { kind: 'silent' }
);

/** A reminder the person may be answering: the last one that fired. */
export interface OpenReminder {
  reminderId: string;
  text: string;
  dueAt: string;
}
