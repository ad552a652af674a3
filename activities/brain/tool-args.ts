/**
 * The checks every tool's arguments go through (activities/brain/tool-registry.ts): what the
 * model said is checked against the person's clock and zone, never trusted.
 */
import { z } from 'zod';
import { isValidRRule } from '../../language/recurrence';
import { type Lang, localToUtc, zonedParts } from '../../language/time';
import type { OpenReminder } from '../../workflows/lib/turn-plan';

/** What a tool's arguments are checked against: never anything the model said. */
export interface ToolContext {
  now: Date;
  timezone: string;
  language: Lang;
  /** The reminder that fired last and is not closed yet (snooze without a number acts on it). */
  openReminder: OpenReminder | null;
}

export const text = (max: number) => z.string().trim().min(1).max(max);
export const listNumber = z.number().int().min(1).max(100).describe('The number shown in the list (1 = first).');
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
export const dueAt = z
  .string()
  .regex(LOCAL_TIME, 'must be a local date and time like 2026-12-02T20:00')
  .describe("Local date and time in the person's timezone, ISO 8601 without offset, e.g. 2026-12-02T20:00.");
/** Reminders further out than this are almost always a misread year. */
const MAX_AHEAD_MS = 400 * 86_400_000;

/** "2026-12-02T20:00" in the person's zone (or with an explicit offset) → the instant, checked against now. */
export function resolveDueAt(value: string, ctx: ToolContext): Date | { error: string } {
  const m = LOCAL_TIME.exec(value);
  if (!m) return { error: 'due_at must look like 2026-12-02T20:00' };
  const [, y, mo, d, h, mi, zone] = m;
  const local = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi) };
  if (local.month < 1 || local.month > 12 || local.day < 1 || local.day > 31 || local.hour > 23 || local.minute > 59) {
    return { error: `due_at ${value} is not a real date and time` };
  }
  const at = zone ? new Date(value.replace(' ', 'T')) : localToUtc(local, ctx.timezone);
  if (Number.isNaN(at.getTime())) return { error: `due_at ${value} is not a real date and time` };
  if (at.getTime() < ctx.now.getTime() - 60_000) {
    const p = zonedParts(ctx.now, ctx.timezone);
    const pad = (n: number) => String(n).padStart(2, '0');
    return { error: `due_at ${value} is in the past; it is now ${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)} in ${ctx.timezone}` };
  }
  if (at.getTime() > ctx.now.getTime() + MAX_AHEAD_MS) return { error: `due_at ${value} is more than a year away` };
  return at;
}

const RECURRENCES: Record<string, string> = {
  daily: 'FREQ=DAILY',
  weekdays: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
  weekly: 'FREQ=WEEKLY',
  monthly: 'FREQ=MONTHLY',
};

export function recurrenceRule(value: string | undefined): string | null | { error: string } {
  if (!value || value === 'none') return null;
  const rule = RECURRENCES[value] ?? value.replace(/^RRULE:/i, '');
  return isValidRRule(rule) && /^FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)\b/.test(rule) ? rule : { error: `recurrence ${value} is not a valid RRULE` };
}

