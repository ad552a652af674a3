import { clip } from '../../language/sms/shape';
import type { ConversationTurn } from './turn-plan';

/**
 * What the conversation remembers of itself for the AI model: the last few exchanges word for
 * word, and a short rolling digest of older ones (one line each, oldest dropped first), carried
 * across continue-as-new. Pure and bounded, so the workflow state never grows with the years.
 */
export const RECENT_TURNS_KEPT = 6;
export const TURN_TEXT_MAX = 300;
export const SUMMARY_MAX = 600;

export interface ConversationMemory {
  turns: ConversationTurn[];
  summary: string | null;
}

export function rememberTurn(memory: ConversationMemory, turn: ConversationTurn): ConversationMemory {
  const turns = [...memory.turns, { user: clip(turn.user, TURN_TEXT_MAX), assistant: clip(turn.assistant, TURN_TEXT_MAX) }];
  let summary = memory.summary;
  while (turns.length > RECENT_TURNS_KEPT) summary = digest(summary, turns.shift()!);
  return { turns, summary };
}

function digest(summary: string | null, turn: ConversationTurn): string {
  const lines = [...(summary ? summary.split('\n') : []), `- person: ${clip(turn.user, 90)} / assistant: ${clip(turn.assistant, 90)}`];
  while (lines.length > 1 && lines.join('\n').length > SUMMARY_MAX) lines.shift();
  return lines.join('\n').slice(-SUMMARY_MAX);
}
