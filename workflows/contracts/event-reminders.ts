/** The contract of `eventRemindersWorkflow`, started every 15 min by a person's Schedule while the setting is on. */
export const EVENT_REMINDERS_WORKFLOW = 'eventRemindersWorkflow';

export interface EventRemindersInput {
  userId: string;
}
