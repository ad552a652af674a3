import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createConversationActivities } from '../activities/conversation';
import type { createSmsActivities } from '../activities/sms';
import { brain, runAgent } from './agent';
import { type ConversationMemory, rememberTurn } from './lib/conversation-memory';
import { alreadyClosedText } from '../language/texts/reminders';
import type { OpenReminder, TurnPlan } from './lib/turn-plan';
import { acknowledgeSignal, cancelSignal, reminderWorkflowId, snoozeSignal } from './contracts/reminder';
import { runTool } from './tools';
import { type InboundSms, type ConversationInput, inboundSmsSignal, sendMessageUpdate, stateQuery, reminderFiredSignal, reminderClosedSignal } from './contracts/conversation';





/** Bounded history per run: continue-as-new well before the event history gets heavy. */
export const MAX_TURNS_PER_RUN = 100;
const RECENT_SIDS_KEPT = 200;
const OPEN_REMINDERS_KEPT = 10;

const acts = proxyActivities<ReturnType<typeof createConversationActivities>>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds', maximumAttempts: 10 },
});
// A reply is user-facing: the send is idempotent (keyed by the inbound sid) so retries are
// safe, but attempts are capped so a broken provider doesn't keep a turn open for ever.
const { sendSms } = proxyActivities<ReturnType<typeof createSmsActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 },
});

/**
 * One long-lived workflow per person (`conversation-<userId>`): receives their SMS by signal,
 * answers them one at a time in arrival order, routes answers to the reminder that last fired,
 * and continues as new when its history grows.
 */
export async function conversationWorkflow(input: ConversationInput): Promise<void> {
  const { userId } = input;
  const queue: InboundSms[] = [...(input.pending ?? [])];
  const recent: string[] = [...(input.recentSids ?? [])];
  let open: OpenReminder[] = [...(input.openReminders ?? [])];
  let pendingReminderText = input.pendingReminderText ?? null;
  let memory: ConversationMemory = { turns: [...(input.recentTurns ?? [])], summary: input.summary ?? null };
  let turns = input.turns ?? 0;
  let turnsThisRun = 0;
  let lastMessageAt: string | null = null;

  setHandler(inboundSmsSignal, (sms) => {
    // Twilio retries webhooks; the router drops most duplicates, this catches the rest.
    if (recent.includes(sms.messageSid) || queue.some((q) => q.messageSid === sms.messageSid)) return;
    queue.push(sms);
  });
  setHandler(reminderFiredSignal, (r) => {
    open = [...open.filter((o) => o.reminderId !== r.reminderId), r].slice(-OPEN_REMINDERS_KEPT);
  });
  setHandler(reminderClosedSignal, ({ reminderId }) => {
    open = open.filter((o) => o.reminderId !== reminderId);
  });
  const apiReplies = new Map<string, string | null>();
  setHandler(
    sendMessageUpdate,
    async ({ messageId, text }) => {
      queue.push({ messageSid: messageId, body: text, receivedAt: new Date().toISOString(), channel: 'api' });
      await condition(() => apiReplies.has(messageId));
      const reply = apiReplies.get(messageId) ?? null;
      apiReplies.delete(messageId);
      return { reply };
    },
    {
      validator: ({ messageId, text }) => {
        if (!messageId || recent.includes(messageId)) throw new Error('messageId must be new');
        if (!text.trim() || text.length > 1600) throw new Error('text must be 1 to 1600 characters');
      },
    },
  );
  setHandler(stateQuery, () => ({ userId, pending: queue.length, turns, turnsThisRun, lastMessageAt, openReminders: open }));

  for (;;) {
    await condition(() => queue.length > 0 || workflowInfo().continueAsNewSuggested);
    const sms = queue.shift();
    if (sms) {
      try {
        await answer(sms);
      } catch (err) {
        // An activity that failed for good (retries exhausted, user deleted…) costs this one
        // reply, never the conversation: the person's next message must still be answered.
        if (!(err instanceof ActivityFailure)) throw err;
        log.warn('turn abandoned after an activity failed', { messageSid: sms.messageSid, error: err.message });
      }
      if (sms.channel === 'api' && !apiReplies.has(sms.messageSid)) apiReplies.set(sms.messageSid, null);
      recent.push(sms.messageSid);
      recent.splice(0, Math.max(0, recent.length - RECENT_SIDS_KEPT));
      turns += 1;
      turnsThisRun += 1;
      lastMessageAt = sms.receivedAt;
    }
    // An update waits for its own turn, so its message must be answered in this run, before continuing.
    const apiPending = queue.some((q) => q.channel === 'api');
    if (!apiPending && (turnsThisRun >= (input.maxTurnsPerRun ?? MAX_TURNS_PER_RUN) || workflowInfo().continueAsNewSuggested)) {
      // Let any signal handler that is mid-flight finish, then carry what is unfinished over.
      await condition(allHandlersFinished);
      await continueAsNew<typeof conversationWorkflow>({
        ...input, pending: queue, recentSids: recent, openReminders: open, pendingReminderText, turns,
        recentTurns: memory.turns, summary: memory.summary,
      });
    }
  }

  async function answer(sms: InboundSms): Promise<void> {
    const api = sms.channel === 'api';
    const user = await acts.recordInbound({ userId, messageSid: sms.messageSid, body: sms.body, receivedAt: sms.receivedAt });
    if (!api && (user.status === 'opted_out' || sms.command === 'stop')) return; // never text an opted-out person
    const turn = {
      userId, body: sms.body, command: sms.command ?? null, openReminder: open.at(-1) ?? null, pendingReminderText,
      history: memory.turns, summary: memory.summary,
    };
    const plan = await brain.interpretMessage(turn);
    pendingReminderText = null;
    let text = await act(plan);
    if (plan.kind === 'agent') {
      const outcome = await runAgent(turn, plan, plan.language);
      // The model went away mid-turn and no tool answered: this turn is the offline brain's.
      text = outcome.kind === 'reply' ? outcome.text : await act(await brain.interpretMessage({ ...turn, offlineOnly: true }));
    }
    if (text && !sms.command) memory = rememberTurn(memory, { user: sms.body, assistant: text });
    if (api) {
      if (text) await acts.recordReply({ userId, body: text, idempotencyKey: `reply:${sms.messageSid}` });
      apiReplies.set(sms.messageSid, text);
    } else if (text) {
      await sendSms({ userId, body: text, idempotencyKey: `reply:${sms.messageSid}`, kind: sms.command ? 'carrier' : 'reply' });
    }
  }

  async function act(plan: TurnPlan): Promise<string | null> {
    switch (plan.kind) {
      case 'silent':
        return null;
      case 'reply':
        return plan.text;
      case 'clarify':
        pendingReminderText = plan.pendingText;
        return plan.question;
      case 'tool':
        return (await runTool(userId, plan.call, plan.language)).reply;
      case 'agent':
        return null; // the agent loop answers (see answer())
      case 'reminder': {
        const handle = getExternalWorkflowHandle(reminderWorkflowId(plan.reminderId));
        if (plan.action !== 'snooze') open = open.filter((o) => o.reminderId !== plan.reminderId);
        try {
          if (plan.action === 'ack') await handle.signal(acknowledgeSignal);
          else if (plan.action === 'cancel') await handle.signal(cancelSignal);
          else await handle.signal(snoozeSignal, { until: plan.until! });
        } catch {
          open = open.filter((o) => o.reminderId !== plan.reminderId);
          return alreadyClosedText(plan.language);
        }
        return plan.reply;
      }
    }
  }
}
