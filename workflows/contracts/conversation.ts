import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { OpenReminder, ConversationTurn } from '../lib/turn-plan';

/**
 * The contract of `conversationWorkflow`, one per person: its id, input, state, and the signals,
 * update and query others use to talk to it. Activities, the api and temporal/ import this file,
 * never the implementation (workflows/conversation.ts).
 */
export const CONVERSATION_WORKFLOW = 'conversationWorkflow';
/** The workflow's signature: clients start it by type name with this, never by importing the implementation. */
export type ConversationWorkflow = (input: ConversationInput) => Promise<void>;
export const conversationWorkflowId = (userId: string): string => `conversation-${userId}`;

/** An SMS the person sent, as the webhook hands it over. */
export interface InboundSms {
  messageSid: string;
  body: string;
  /** ISO instant Twilio delivered it to us. */
  receivedAt: string;
  /** Set by the router for carrier keywords it already acted on. */
  command?: 'help' | 'start' | 'stop';
  /** 'api': sent through the sendMessage update (REST API, web): the reply is returned, not texted. */
  channel?: 'sms' | 'api';
}

export interface ConversationInput {
  userId: string;
  /** Carried across continue-as-new: unanswered messages, seen sids, open reminders, a pending question. */
  pending?: InboundSms[];
  recentSids?: string[];
  openReminders?: OpenReminder[];
  pendingReminderText?: string | null;
  /** The last exchanges and a short digest of older ones, for the AI model's context. */
  recentTurns?: ConversationTurn[];
  summary?: string | null;
  /** Turns answered over the conversation's whole life (all runs). */
  turns?: number;
  /** Override of MAX_TURNS_PER_RUN (tests use a small one). */
  maxTurnsPerRun?: number;
}

export interface ConversationState {
  userId: string;
  pending: number;
  turns: number;
  turnsThisRun: number;
  lastMessageAt: string | null;
  openReminders: OpenReminder[];
}

export const inboundSmsSignal = defineSignal<[InboundSms]>('inboundSms');

/** A message from the REST API or a web app; resolves with the assistant's reply once its turn is done. */
export const sendMessageUpdate = defineUpdate<{ reply: string | null }, [{ messageId: string; text: string }]>('sendMessage');

export const stateQuery = defineQuery<ConversationState>('state');

export interface FiredReminder {
  reminderId: string;
  text: string;
  occurrence: number;
  dueAt: string;
}

/** reminder → conversation: "I just texted this reminder; route the answer to me". */
export const reminderFiredSignal = defineSignal<[FiredReminder]>('reminderFired');
/** reminder → conversation: "I'm done (acknowledged, missed or cancelled)". */
export const reminderClosedSignal = defineSignal<[{ reminderId: string }]>('reminderClosed');
