import type { PrivacyAction } from '../../language/privacy';
import type { IntegrationToolCall } from './integration-calls';
import type { Lang } from '../../language/time';

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
  /** `steps` come from the AI model (3 to 7, each at most 15 min); offline there are none. */
  | { tool: 'breakdownTask'; task: string; steps?: BreakdownStep[] }
  /** The day plan; `day: 'tomorrow'` for "qu'est-ce que j'ai demain?" (absent: today). */
  | { tool: 'planDay'; day?: 'tomorrow' }
  /** Pushes a reminder back: the Nth of the list, or the one that just fired (id from the workflow, never the model). */
  | { tool: 'snoozeReminder'; index: number | null; reminderId: string | null; minutes: number }
  /**
   * A tool that only the tool registry knows (activities/brain/tool-registry.ts): the workflow runs
   * `activity` with `input` plus the userId and language it owns. `once`: never retried (not idempotent).
   */
  | { tool: 'external'; activity: string; input: Record<string, unknown>; once: boolean }
  /** Consent answers, consent withdrawal, data export, account deletion (activities/privacy). */
  | { tool: 'privacy'; action: PrivacyAction; code?: string }
  | IntegrationToolCall;

export interface BreakdownStep {
  action: string;
  minutes: number;
}

export type ToolName = ToolCall['tool'];

export type TurnPlan = { language: Lang } & (
  | { kind: 'reply'; text: string }
  | { kind: 'tool'; call: ToolCall }
  | { kind: 'reminder'; reminderId: string; action: 'ack' | 'cancel' | 'snooze'; until?: string; reply: string }
  | { kind: 'clarify'; question: string; pendingText: string | null }
  | { kind: 'silent' }
  /** The AI model asked for tools: the workflow runs each one as an activity and hands the results back. */
  | { kind: 'agent'; calls: PlannedCall[]; transcript: TranscriptEntry[] }
);

/** A function call of the AI model, kept model-agnostic between steps of one turn. */
export interface ModelCall {
  id: string | null;
  name: string;
  args: Record<string, unknown>;
  /** Opaque token some models need back with the call (Gemini's thought signature). */
  signature: string | null;
}

export interface ToolResult {
  id: string | null;
  name: string;
  /** `{ output }` on success, `{ error }` for invalid arguments or a failed tool. */
  response: { output?: unknown; error?: string };
}

/** The model's side of the current turn so far: its calls and the tools' results, in order. */
export type TranscriptEntry = { role: 'model'; text: string | null; calls: ModelCall[] } | { role: 'tool'; results: ToolResult[] };

/** A call the brain validated: the ToolCall to run, or why it cannot run (sent back to the model). */
export type PlannedCall = { id: string | null; name: string } & ({ call: ToolCall } | { error: string });

/** What the model says after seeing tool results: an answer, more calls, or "unavailable" (breaker, error). */
export type AgentStep =
  | { kind: 'reply'; text: string }
  | { kind: 'agent'; calls: PlannedCall[]; transcript: TranscriptEntry[] }
  | { kind: 'fallback'; reason: string };

/** One exchange kept in the conversation's state for the model's context. */
export interface ConversationTurn {
  user: string;
  assistant: string;
}

/** A reminder the person may be answering: the last one that fired. */
export interface OpenReminder {
  reminderId: string;
  text: string;
  dueAt: string;
}
