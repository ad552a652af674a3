import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createConversationActivities } from '../activities/conversation';
import type { createSmsActivities } from '../activities/sms';

/** An SMS the person sent, as the webhook hands it over. */
export interface InboundSms {
  messageSid: string;
  body: string;
  /** ISO instant Twilio delivered it to us. */
  receivedAt: string;
  /** Set by the router for carrier keywords it already acted on. */
  command?: 'help' | 'start' | 'stop';
}

export interface ConversationInput {
  userId: string;
  /** Messages received but not yet answered when the previous run continued as new. */
  pending?: InboundSms[];
  /** Recently seen MessageSids, so a redelivered webhook is answered once. */
  recentSids?: string[];
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
}

export const inboundSmsSignal = defineSignal<[InboundSms]>('inboundSms');
export const stateQuery = defineQuery<ConversationState>('state');

/** Bounded history per run: continue-as-new well before the event history gets heavy. */
export const MAX_TURNS_PER_RUN = 100;
const RECENT_SIDS_KEPT = 200;

const { recordInbound, composeReply } = proxyActivities<ReturnType<typeof createConversationActivities>>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds' },
});

// A reply is user-facing: the send is idempotent (keyed by the inbound sid) so retries are
// safe, but attempts are capped so a broken provider doesn't keep a turn open for ever.
const { sendSms } = proxyActivities<ReturnType<typeof createSmsActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 },
});

/**
 * One long-lived workflow per person (`conversation-<userId>`): receives their SMS by signal,
 * answers them one at a time in arrival order, and continues as new when its history grows.
 */
export async function conversationWorkflow(input: ConversationInput): Promise<void> {
  const { userId } = input;
  const queue: InboundSms[] = [...(input.pending ?? [])];
  const recent: string[] = [...(input.recentSids ?? [])];
  let turns = input.turns ?? 0;
  let turnsThisRun = 0;
  let lastMessageAt: string | null = null;

  setHandler(inboundSmsSignal, (sms) => {
    // Twilio retries webhooks; the router drops most duplicates, this catches the rest.
    if (recent.includes(sms.messageSid) || queue.some((q) => q.messageSid === sms.messageSid)) return;
    queue.push(sms);
  });
  setHandler(stateQuery, () => ({ userId, pending: queue.length, turns, turnsThisRun, lastMessageAt }));

  for (;;) {
    await condition(() => queue.length > 0 || workflowInfo().continueAsNewSuggested);
    const sms = queue.shift();
    if (sms) {
      await answer(userId, sms);
      remember(recent, sms.messageSid);
      turns += 1;
      turnsThisRun += 1;
      lastMessageAt = sms.receivedAt;
    }
    if (turnsThisRun >= (input.maxTurnsPerRun ?? MAX_TURNS_PER_RUN) || workflowInfo().continueAsNewSuggested) {
      // Let any signal handler that is mid-flight finish, then carry the unanswered queue over.
      await condition(allHandlersFinished);
      await continueAsNew<typeof conversationWorkflow>({ ...input, pending: queue, recentSids: recent, turns });
    }
  }
}

async function answer(userId: string, sms: InboundSms): Promise<void> {
  const user = await recordInbound({ userId, messageSid: sms.messageSid, body: sms.body, receivedAt: sms.receivedAt });
  if (user.status === 'opted_out' || sms.command === 'stop') return; // never text an opted-out person
  const reply = await composeReply({ userId, body: sms.body, command: sms.command ?? null, language: user.language });
  if (!reply) return;
  const sent = await sendSms({ userId, body: reply.text, idempotencyKey: `reply:${sms.messageSid}` });
  if (sent.status === 'skipped') log.info('reply not sent', { reason: sent.reason });
}

function remember(recent: string[], sid: string): void {
  recent.push(sid);
  if (recent.length > RECENT_SIDS_KEPT) recent.splice(0, recent.length - RECENT_SIDS_KEPT);
}
