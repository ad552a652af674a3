import { randomUUID } from 'node:crypto';
import { EntitySchema, type Ref } from '@mikro-orm/core';
import { EncryptedText } from '../field-crypto';
import type { User } from './user';
import { reminderWorkflowId } from '../../workflows/contracts/reminder';

export type ReminderStatus = 'scheduled' | 'firing' | 'acknowledged' | 'missed' | 'cancelled' | 'done';

/**
 * Read model of a reminder. The `reminder-<id>` workflow is the source of truth for timing; it
 * writes its transitions here (activity recordReminderState) so lists and the API read fast.
 */
export class Reminder {
  id: string = randomUUID();
  user!: Ref<User>;
  /** What to do, in the person's words minus the trigger ("prendre mes médicaments"); encrypted at rest. */
  text!: string;
  /** Next (or current) due instant, UTC. */
  dueAt!: Date;
  /** IANA zone the wall time was given in; recurrences keep their local time in it. */
  timezone!: string;
  /** RFC 5545 RRULE without DTSTART (the first dueAt anchors it), or null for a one-off. */
  rrule: string | null = null;
  status: ReminderStatus = 'scheduled';
  nagCount = 0;
  occurrence = 1;
  workflowId!: string;
  /** Made for a calendar event: `<provider>:<sha256 of the event id>` (never the raw id), else null. */
  eventKey: string | null = null;
  /** That event's start when the reminder was made: a later scan compares it to spot a moved event. */
  eventStart: Date | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();

  constructor(init: Pick<Reminder, 'user' | 'text' | 'dueAt' | 'timezone'> & Partial<Reminder>) {
    Object.assign(this, init);
    this.workflowId ??= reminderWorkflowId(this.id);
  }
}

export const ReminderSchema = new EntitySchema<Reminder>({
  class: Reminder,
  tableName: 'reminders',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    text: { type: new EncryptedText('reminders.text') },
    dueAt: { type: 'Date' },
    timezone: { type: 'string', length: 64 },
    rrule: { type: 'string', length: 500, nullable: true },
    status: { type: 'string', length: 16 },
    nagCount: { type: 'integer' },
    occurrence: { type: 'integer' },
    workflowId: { type: 'string', length: 80, unique: true },
    eventKey: { type: 'string', length: 80, nullable: true },
    eventStart: { type: 'Date', nullable: true },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date', onUpdate: () => new Date() },
  },
});
