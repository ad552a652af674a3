import { z } from 'zod';
import { isValidRRule } from '../../language/recurrence';
import { language, timeZone } from '../common';

/**
 * Request and response schemas of the REST API resources (/api/v1): they validate requests
 * and generate /openapi.json (api/openapi). Responses use ISO 8601 instants in UTC.
 */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time HH:mm');
const instant = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 instant with offset or Z', example: '2026-12-24T18:30:00-05:00' });
const isoOut = z.string().meta({ format: 'date-time', example: '2026-12-24T23:30:00.000Z' });

export const IdParams = z.object({ id: z.string().min(1).max(64).meta({ description: 'Resource id (uuid)' }) });

// ── pagination ────────────────────────────────────────────────────────────────────────────────
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: 'Items per page (1 to 100, default 20)' }),
  cursor: z.string().max(300).optional().meta({ description: 'The `nextCursor` of the previous page' }),
});

export function page<T extends z.ZodType>(name: string, item: T) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
    })
    .meta({ id: name });
}

// ── me ────────────────────────────────────────────────────────────────────────────────────────
export const QuietHours = z.object({ start: hhmm.meta({ example: '22:00' }), end: hhmm.meta({ example: '07:00' }) });

export const Me = z
  .object({
    id: z.string(),
    phone: z.string().meta({ description: 'The person\'s own mobile (E.164)' }),
    assistantNumber: z.string().meta({ description: 'Their dedicated assistant number (E.164)' }),
    timezone: z.string().meta({ example: 'America/Toronto' }),
    language,
    quietHours: QuietHours,
    gsmFriendly: z.boolean().meta({ description: 'Replies avoid characters outside GSM-7 (cheaper SMS)' }),
    status: z.enum(['active', 'opted_out']),
    consentedAt: isoOut.nullable().meta({ description: 'When the person agreed to keep health-related data (Québec Law 25); null: not given' }),
    eventReminderMinutes: z.int().nullable().meta({ description: 'Reminders before calendar events: minutes ahead (1–240); null: off' }),
    createdAt: isoOut,
  })
  .meta({ id: 'Me' });

/** Minutes before each calendar event (Google, Outlook) its reminder SMS goes out. */
export const EventReminderMinutes = z
  .int()
  .min(1)
  .max(240)
  .nullable()
  .meta({
    description:
      'Reminders before calendar events: an SMS this many minutes (1 to 240) before each timed event of the connected calendars, nagging until answered; null turns them off (and cancels those not sent yet)',
    example: 15,
  });

export const MePatch = z
  .strictObject({
    timezone: timeZone
      .optional()
      .meta({
        description: 'IANA time zone; the canonical names are listed, aliases such as UTC are accepted too',
        enum: Intl.supportedValuesOf('timeZone'),
        example: 'America/Toronto',
      }),
    language: language.optional(),
    quietHours: QuietHours.strict().optional(),
    gsmFriendly: z.boolean().optional(),
    consent: z.boolean().optional().meta({
      description: 'Law 25: true records explicit consent to keep health-related data (memories, health reminders); false withdraws it and erases the memories kept under it',
    }),
    eventReminderMinutes: EventReminderMinutes.optional(),
  })
  .meta({ id: 'MePatch', description: 'Fields to change; absent fields are kept.' });

// ── reminders ─────────────────────────────────────────────────────────────────────────────────
const reminderText = z.string().trim().min(1).max(500);
const rrule = z
  .string()
  .max(500)
  .refine(isValidRRule, 'must be an RFC 5545 RRULE without DTSTART, e.g. FREQ=WEEKLY;BYDAY=MO')
  .refine((r) => !/FREQ=(HOURLY|MINUTELY|SECONDLY)/i.test(r), 'must repeat at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)')
  .meta({ example: 'FREQ=WEEKLY;BYDAY=MO,WE' });

export const REMINDER_STATUSES = ['scheduled', 'firing', 'acknowledged', 'missed', 'cancelled', 'done'] as const;

export const Reminder = z
  .object({
    id: z.string(),
    text: z.string(),
    dueAt: isoOut.meta({ description: 'Next (or current) due instant' }),
    timezone: z.string(),
    rrule: z.string().nullable(),
    status: z.enum(REMINDER_STATUSES),
    nagCount: z.int(),
    occurrence: z.int(),
    createdAt: isoOut,
    updatedAt: isoOut,
  })
  .meta({ id: 'Reminder' });

export const ReminderCreate = z
  .strictObject({ text: reminderText, dueAt: instant, rrule: rrule.optional() })
  .meta({ id: 'ReminderCreate', description: 'A reminder: it texts `text` at `dueAt`, then nags until acknowledged.' });

export const ReminderPatch = z
  .strictObject({ dueAt: instant })
  .meta({ id: 'ReminderPatch', description: 'Reschedule: the reminder fires at the new time (nags restart).' });

export const ReminderListQuery = PageQuery.extend({
  status: z.enum(REMINDER_STATUSES).optional().meta({ description: 'Only reminders in this status' }),
});

// ── tasks ─────────────────────────────────────────────────────────────────────────────────────
export const Task = z
  .object({
    id: z.string(),
    title: z.string(),
    done: z.boolean(),
    position: z.int().meta({ description: 'Order of the list (oldest first), as "ma liste" numbers it' }),
    createdAt: isoOut,
    completedAt: isoOut.nullable(),
  })
  .meta({ id: 'Task' });

const taskTitle = z.string().trim().min(1).max(200);
export const TaskCreate = z.strictObject({ title: taskTitle }).meta({ id: 'TaskCreate' });
export const TaskPatch = z
  .strictObject({ title: taskTitle.optional(), done: z.boolean().optional().meta({ description: 'true completes the task, false reopens it' }) })
  .meta({ id: 'TaskPatch' });
export const TaskListQuery = PageQuery.extend({
  status: z.enum(['open', 'done', 'all']).default('all').meta({ description: 'open, done or all (default)' }),
});

// ── memories ──────────────────────────────────────────────────────────────────────────────────
export const MemoryItem = z.object({ id: z.string(), text: z.string(), createdAt: isoOut }).meta({ id: 'Memory' });
export const MemoryListQuery = PageQuery.extend({
  q: z.string().trim().min(1).max(200).optional().meta({ description: 'Full-text search (accent-insensitive); best matches first, at most 20, no cursor' }),
});

// ── messages ──────────────────────────────────────────────────────────────────────────────────
export const MessageItem = z
  .object({
    id: z.string(),
    direction: z.enum(['inbound', 'outbound']),
    body: z.string(),
    status: z.string().meta({ description: 'received, sending, queued, sent, delivered, undelivered or failed' }),
    segments: z.int(),
    encoding: z.enum(['GSM-7', 'UCS-2']),
    createdAt: isoOut,
  })
  .meta({ id: 'Message' });

export const MessageSend = z
  .strictObject({
    text: z
      .string()
      .max(1600)
      .refine((t) => t.trim().length > 0, 'must not be blank')
      .meta({ example: 'rappelle-moi de sortir les poubelles demain à 19h' }),
  })
  .meta({ id: 'MessageSend' });

export const MessageReply = z
  .object({
    messageId: z.string().meta({ description: 'Id of the message in the conversation (doubles as the update id)' }),
    reply: z.string().nullable().meta({ description: 'The assistant\'s answer; null when it had nothing to say' }),
  })
  .meta({ id: 'MessageReply' });
