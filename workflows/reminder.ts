import {
  ActivityFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { createReminderActivities } from '../activities/reminders';
import type { createSmsActivities } from '../activities/sms';
import { quietHoursEnd } from './lib/quiet-hours';
import { nextOccurrence } from '../language/recurrence';
import { fireText, nagText } from '../language/texts/reminders';
import { REMINDER_STATUS } from './contracts/search-attributes';
import { conversationWorkflowId, reminderClosedSignal } from './contracts/conversation';
import { type ReminderStatus, type ReminderInput, type ReminderState, acknowledgeSignal, snoozeSignal, cancelSignal, rescheduleSignal, reminderStateQuery } from './contracts/reminder';





type Event = { kind: 'ack' } | { kind: 'cancel' } | { kind: 'move'; at: Date };

/** Reports later than this say so in the SMS ("en retard de 25 min"). */
const LATE_AFTER_MS = 2 * 60_000;

const { recordReminderState, announceReminder } = proxyActivities<ReturnType<typeof createReminderActivities>>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
// Capped like every user-facing send; the idempotency key makes each attempt safe.
const { sendSms } = proxyActivities<ReturnType<typeof createSmsActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 },
});

/**
 * One reminder (`reminder-<id>`): sleeps until it is due, texts the person, then nags at
 * growing intervals until they answer (OK / snooze / cancel, routed here by their conversation)
 * or the nags run out. A recurring reminder continues as new for each occurrence.
 */
export async function reminderWorkflow(input: ReminderInput): Promise<ReminderStatus> {
  const occurrence = input.occurrence ?? 1;
  const state: ReminderState = { status: 'scheduled', dueAt: input.dueAt, occurrence, nagCount: 0 };
  let event: Event | null = null;
  let round = 0; // bumps on every snooze/reschedule: each round's SMS get their own idempotency keys

  setHandler(acknowledgeSignal, () => void (event = { kind: 'ack' }));
  setHandler(cancelSignal, () => void (event = { kind: 'cancel' }));
  setHandler(snoozeSignal, ({ until }) => void (event = { kind: 'move', at: new Date(until) }));
  setHandler(rescheduleSignal, ({ dueAt }) => void (event = { kind: 'move', at: new Date(dueAt) }));
  setHandler(reminderStateQuery, () => state);

  /** Waits until `at` or the next signal; returns the signal, or null when the time came. */
  async function waitUntil(at: Date): Promise<Event | null> {
    const ms = at.getTime() - Date.now();
    if (ms > 0) await condition(() => event !== null, ms);
    const e: Event | null = event;
    event = null;
    return e;
  }

  async function setStatus(status: ReminderStatus): Promise<void> {
    state.status = status;
    upsertSearchAttributes([{ key: REMINDER_STATUS, value: status }]);
    await recordReminderState({ reminderId: input.reminderId, status, dueAt: state.dueAt, nagCount: state.nagCount, occurrence });
  }

  async function text(body: string, nag: number): Promise<void> {
    try {
      await sendSms({ userId: input.userId, body, idempotencyKey: `reminder:${input.reminderId}:${occurrence}:${round}:${nag}` });
    } catch (err) {
      // A send that failed for good (opted out at the carrier, invalid number, retries exhausted)
      // costs this one SMS, never the reminder or its series.
      if (!(err instanceof ActivityFailure)) throw err;
    }
  }

  let due = new Date(input.dueAt);
  let explicit = input.explicitTime;
  let outcome: ReminderStatus | null = null;
  let firedAt = 0; // when this round's first SMS went out: the nags say how long ago
  await setStatus('scheduled');

  while (outcome === null) {
    // 1. Sleep until due (a default time, e.g. "demain matin", waits out quiet hours).
    const quietEnd = explicit ? null : quietHoursEnd(due, input.timezone, input.quietHours);
    const e = await waitUntil(quietEnd ?? due);
    if (e?.kind === 'cancel') outcome = 'cancelled';
    else if (e?.kind === 'ack') outcome = 'acknowledged'; // done ahead of time
    else if (e?.kind === 'move') {
      ({ due, explicit } = moveTo(e.at));
      await setStatus('scheduled'); // the read model shows the new time at once
      continue;
    }
    if (outcome) break;

    // 2. Fire, and tell the conversation so "OK" / "10 min" / "annule" find this reminder.
    await setStatus('firing');
    // Late means later than planned (after downtime), not "held by quiet hours".
    const lateMs = Date.now() - (quietEnd ?? due).getTime();
    const fired = fireText(input.text, input.language, lateMs > LATE_AFTER_MS ? Math.round(lateMs / 60_000) : 0);
    const announce = () =>
      announceReminder({ userId: input.userId, reminderId: input.reminderId, text: input.text, occurrence, dueAt: due.toISOString(), lateMs });
    if (patched('announce-before-fire-sms')) {
      // The conversation learns of the reminder before the person can answer its SMS: a quick
      // "c'est fait" (or an SMS paced behind others) always finds it.
      await announce();
      await text(fired, 0);
    } else {
      await text(fired, 0);
      await announce();
    }
    firedAt = Date.now();

    // 3. Nag at growing intervals until an answer; quiet hours push a nag to their end.
    outcome = await nagLoop();
  }

  async function nagLoop(): Promise<ReminderStatus | null> {
    for (let nag = 1; ; nag++) {
      const interval = input.nagMinutes[nag - 1] ?? input.nagMinutes[input.nagMinutes.length - 1] ?? 30;
      let at = new Date(Date.now() + interval * 60_000);
      at = quietHoursEnd(at, input.timezone, input.quietHours) ?? at;
      const e = await waitUntil(at);
      if (e?.kind === 'ack') return 'acknowledged';
      if (e?.kind === 'cancel') return 'cancelled';
      if (e?.kind === 'move') {
        ({ due, explicit } = moveTo(e.at));
        await setStatus('scheduled');
        return null; // back to sleeping until the new time
      }
      if (nag > input.nagMinutes.length) return 'missed'; // the last nag went unanswered too
      state.nagCount = nag;
      await text(nagText(input.text, input.language, nag, input.nagMinutes.length, (Date.now() - firedAt) / 60_000), nag);
      await recordReminderState({ reminderId: input.reminderId, status: 'firing', dueAt: state.dueAt, nagCount: nag, occurrence });
    }
  }

  function moveTo(at: Date): { due: Date; explicit: boolean } {
    round += 1;
    state.nagCount = 0;
    state.dueAt = at.toISOString();
    return { due: at, explicit: true }; // a time the person chose fires even in quiet hours
  }

  await setStatus(outcome);
  await closeInConversation();

  // 4. Recurring and not cancelled: the next occurrence is a fresh run with a small history.
  if (input.rrule && outcome !== 'cancelled') {
    const anchor = new Date(input.anchor ?? input.dueAt);
    const after = new Date(Math.max(Date.now(), new Date(input.dueAt).getTime()));
    const next = nextOccurrence(input.rrule, anchor, input.timezone, after);
    if (next) {
      await continueAsNew<typeof reminderWorkflow>({
        ...input,
        anchor: anchor.toISOString(),
        dueAt: next.toISOString(),
        occurrence: occurrence + 1,
        explicitTime: input.explicitTime,
      });
    }
    await setStatus('done');
    return 'done';
  }
  return outcome;

  async function closeInConversation(): Promise<void> {
    try {
      await getExternalWorkflowHandle(conversationWorkflowId(input.userId)).signal(reminderClosedSignal, { reminderId: input.reminderId });
    } catch {
      // No running conversation: nothing to tidy up.
    }
  }
}

