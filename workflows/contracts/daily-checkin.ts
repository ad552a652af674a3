/** The contract of `dailyCheckinWorkflow`, started by each person's check-in Schedules. */
export const DAILY_CHECKIN_WORKFLOW = 'dailyCheckinWorkflow';

/** Which check-in of the day. */
export type CheckinSlot = 'morning' | 'evening';

export interface DailyCheckinInput {
  userId: string;
  slot: CheckinSlot;
}

export type DailyCheckinResult = { sent: true } | { sent: false; reason: 'no_user' | 'opted_out' | 'disabled' | 'quiet_hours' };
