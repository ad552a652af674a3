import { proxyActivities } from '@temporalio/workflow';
import type { createCheckinActivities } from '../activities/checkin';
import type { createSmsActivities } from '../activities/sms';
import { quietHoursEnd } from './lib/quiet-hours';
import { zonedParts } from '../language/time';
import { type DailyCheckinInput, type DailyCheckinResult } from './contracts/daily-checkin';



const acts = proxyActivities<ReturnType<typeof createCheckinActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});
// User-facing: idempotent by key (one check-in per slot and local day), attempts capped.
const { sendSms } = proxyActivities<ReturnType<typeof createSmsActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 },
});

/**
 * One check-in (`checkin-<userId>-<slot>`), started by the person's Temporal Schedule at their
 * local time: skipped when they opted out, turned this slot off, or the time falls in their
 * quiet hours; otherwise one SMS, at most once per slot and local day even if the run retries.
 */
export async function dailyCheckinWorkflow(input: DailyCheckinInput): Promise<DailyCheckinResult> {
  const ctx = await acts.checkinContext(input);
  if (ctx.skip) return { sent: false, reason: ctx.skip };
  const now = new Date();
  if (quietHoursEnd(now, ctx.timezone, ctx.quiet)) return { sent: false, reason: 'quiet_hours' };
  const { text } = await acts.composeCheckin({ ...input, language: ctx.language });
  const day = zonedParts(now, ctx.timezone);
  const date = `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
  await sendSms({ userId: input.userId, body: text, idempotencyKey: `checkin:${input.userId}:${input.slot}:${date}` });
  return { sent: true };
}
