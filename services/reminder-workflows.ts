import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Reminder, User } from '../schemas/entities';
import { signalConversation } from '../temporal/conversations';
import type { Lang } from '../language/time';
import { REMINDER_WORKFLOW, cancelSignal, rescheduleSignal, snoozeSignal, type ReminderWorkflow } from '../workflows/contracts/reminder';
import { USER_ID } from '../workflows/contracts/search-attributes';
import { reminderFiredSignal, type FiredReminder } from '../workflows/contracts/conversation';

/**
 * Every start and signal of a `reminder-<id>` workflow from outside workflows, in one place (the
 * reminder service, reminders before events, the api and the CLI all come through here), and the
 * one signal-with-start of a conversation that a fired reminder needs.
 */
export interface ReminderWorkflowDeps {
  temporal: Client;
  taskQueue: string;
  /** Minutes between nags (default 10, 20, 40): its length is the number of nags. */
  nagMinutes: number[];
}

export interface StartReminderOptions {
  language: Lang;
  rrule: string | null;
  explicitTime: boolean;
  /** A workflow id that was ever used (even closed: acknowledged, cancelled) is never started again. */
  once?: boolean;
  dueAt?: string;
}

/**
 * Starts the `reminder-<id>` workflow of a stored reminder row with the client (not as a child), so
 * it lives on its own whatever happens to what created it. A retry finds the workflow already
 * started: that is success (`started: false`).
 */
export async function startReminderWorkflow(deps: ReminderWorkflowDeps, reminder: Reminder, user: User, opts: StartReminderOptions): Promise<{ started: boolean }> {
  try {
    await deps.temporal.workflow.start<ReminderWorkflow>(REMINDER_WORKFLOW, {
      workflowId: reminder.workflowId,
      taskQueue: deps.taskQueue,
      ...(opts.once ? { workflowIdReusePolicy: 'REJECT_DUPLICATE' as const } : {}),
      args: [
        {
          reminderId: reminder.id,
          userId: user.id,
          text: reminder.text,
          language: opts.language,
          timezone: reminder.timezone,
          dueAt: opts.dueAt ?? reminder.dueAt.toISOString(),
          rrule: opts.rrule,
          explicitTime: opts.explicitTime,
          nagMinutes: deps.nagMinutes,
          quietHours: { start: user.quietStart, end: user.quietEnd },
        },
      ],
      typedSearchAttributes: new TypedSearchAttributes([{ key: USER_ID, value: user.id }]),
    });
    return { started: true };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return { started: false };
  }
}

export type ReminderCommand = { kind: 'cancel' } | { kind: 'reschedule'; dueAt: string } | { kind: 'snooze'; until: string };

/**
 * Signals a reminder's workflow. 'gone': the workflow already ended (the read model has not
 * caught up yet); each caller decides what that means (nothing to do, or a 409).
 */
export async function signalReminder(temporal: Client, workflowId: string, command: ReminderCommand): Promise<'signalled' | 'gone'> {
  const handle = temporal.workflow.getHandle(workflowId);
  try {
    if (command.kind === 'cancel') await handle.signal(cancelSignal);
    else if (command.kind === 'reschedule') await handle.signal(rescheduleSignal, { dueAt: command.dueAt });
    else await handle.signal(snoozeSignal, { until: command.until });
    return 'signalled';
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    return 'gone';
  }
}

/** How a reminder's workflow ended (its result), or null when it has not within `waitMs` (e.g. no worker runs). */
export async function reminderOutcome(temporal: Client, workflowId: string, waitMs: number): Promise<string | null> {
  return Promise.race([
    temporal.workflow.getHandle(workflowId).result().then(String, () => 'cancelled'),
    new Promise<null>((r) => setTimeout(() => r(null), waitMs).unref()),
  ]);
}

/**
 * Tells the person's conversation that a reminder just fired, starting the conversation if it
 * isn't running, so the next "OK" or "10 min" is routed to this reminder.
 */
export async function announceToConversation(deps: Pick<ReminderWorkflowDeps, 'temporal' | 'taskQueue'>, userId: string, fired: FiredReminder): Promise<void> {
  await signalConversation(deps.temporal, { userId, taskQueue: deps.taskQueue }, reminderFiredSignal, fired);
}
