import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { QuietHours } from '../lib/quiet-hours';
import type { Lang } from '../../language/time';

/**
 * The contract of `reminderWorkflow`, one per reminder: its id, input, state, and the signals
 * (acknowledge, snooze, cancel, reschedule) and query its conversation and the api use.
 */
export const REMINDER_WORKFLOW = 'reminderWorkflow';
/** The workflow's signature: clients start it by type name with this, never by importing the implementation. */
export type ReminderWorkflow = (input: ReminderInput) => Promise<ReminderStatus>;
export const reminderWorkflowId = (reminderId: string): string => `reminder-${reminderId}`;

export type ReminderStatus = 'scheduled' | 'firing' | 'acknowledged' | 'missed' | 'cancelled' | 'done';

export interface ReminderInput {
  reminderId: string;
  userId: string;
  text: string;
  language: Lang;
  timezone: string;
  /** This occurrence's due instant (ISO, UTC). */
  dueAt: string;
  /** First due instant of the series: recurrences keep its local wall time. */
  anchor?: string;
  rrule: string | null;
  /** The person gave a clock time: it fires even in quiet hours. */
  explicitTime: boolean;
  occurrence?: number;
  /** Minutes between nags; its length is the number of nags. */
  nagMinutes: number[];
  quietHours: QuietHours;
}

export interface ReminderState {
  status: ReminderStatus;
  dueAt: string;
  occurrence: number;
  nagCount: number;
}

export const acknowledgeSignal = defineSignal('acknowledge');

export const snoozeSignal = defineSignal<[{ until: string }]>('snooze');

export const cancelSignal = defineSignal('cancel');

export const rescheduleSignal = defineSignal<[{ dueAt: string }]>('reschedule');

export const reminderStateQuery = defineQuery<ReminderState>('state');
