import { defineSignal } from '@temporalio/workflow';

/**
 * Signals between the two long-lived workflows, in their own file so each side imports the
 * definition without importing the other's code.
 */
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
