import type { IntegrationToolCall } from './integration-calls';
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
  | { tool: 'moveReminderAt'; index: number; dueAt: string }
  /** Long-term memory: store a fact in the person's words, find facts, delete matching facts. */
  | { tool: 'remember'; fact: string }
  | { tool: 'recall'; query: string }
  | { tool: 'forget'; query: string }
  /** The short to-do list; indexes are those of the last list shown (1-based). */
  | { tool: 'addTask'; title: string }
  | { tool: 'listTasks' }
  | { tool: 'completeTask'; index: number }
  | { tool: 'breakdownTask'; task: string }
  | { tool: 'planDay' }
  | IntegrationToolCall;

export type ToolName = ToolCall['tool'];

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
