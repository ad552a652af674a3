import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * Custom search attributes, so an operator finds every workflow of a user with one query in the
 * UI (`UserId = "…"`) and reminders by state (`ReminderStatus = "firing"`). Pure definitions:
 * workflows upsert them; temporal/search-attributes.ts registers them on the server.
 */
export const USER_ID = defineSearchAttributeKey('UserId', 'KEYWORD');
export const REMINDER_STATUS = defineSearchAttributeKey('ReminderStatus', 'KEYWORD');
