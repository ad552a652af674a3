import { proxyActivities, uuid4 } from '@temporalio/workflow';
import type { createMemoryActivities } from '../activities/memory';
import type { createPlanActivities } from '../activities/plan';
import type { createPrivacyActivities } from '../activities/privacy/commands';
import type { createReminderActivities } from '../activities/reminders';
import type { createTaskActivities } from '../activities/tasks';
import { runIntegrationTool } from './integration-tools';
import type { Lang } from '../language/time';
import type { ToolCall } from './lib/turn-plan';

type ToolActivities = ReturnType<typeof createReminderActivities> &
  ReturnType<typeof createMemoryActivities> &
  ReturnType<typeof createTaskActivities> &
  ReturnType<typeof createPlanActivities> &
  ReturnType<typeof createPrivacyActivities>;

/** Tools safe to retry: they are idempotent (same fact, same task, deterministic reminder id). */
const acts = proxyActivities<ToolActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds', maximumAttempts: 10 },
});

/**
 * Tools addressed by list number ("fait 2", "annule 2"): a retry after a commit whose answer was
 * lost would act on the *next* item, so they run at most once and the person can simply ask again.
 */
const once = proxyActivities<ToolActivities>({ startToCloseTimeout: '20 seconds', retry: { maximumAttempts: 1 } });

/** Runs one tool call of the brain as its own activity (each is a step in the Temporal UI). */
export function runTool(userId: string, call: ToolCall, language: Lang): Promise<{ reply: string }> {
  switch (call.tool) {
    case 'createReminder':
      return acts.createReminder({
        reminderId: uuid4(), userId, language, text: call.text, dueAt: call.dueAt, rrule: call.rrule, explicitTime: call.explicitTime,
      });
    case 'listReminders':
      return acts.listReminders({ userId, language });
    case 'cancelReminderAt':
      return once.cancelReminderAt({ userId, language, index: call.index });
    case 'moveReminderAt':
      return once.moveReminderAt({ userId, language, index: call.index, dueAt: call.dueAt });
    case 'remember':
      return acts.remember({ userId, language, fact: call.fact });
    case 'recall':
      return acts.recall({ userId, language, query: call.query });
    case 'forget':
      return acts.forget({ userId, language, query: call.query });
    case 'addTask':
      return acts.addTask({ userId, language, title: call.title });
    case 'listTasks':
      return acts.listTasks({ userId, language });
    case 'completeTask':
      return once.completeTask({ userId, language, index: call.index });
    case 'breakdownTask':
      return acts.breakdownTask({ userId, language, task: call.task, ...(call.steps ? { steps: call.steps } : {}) });
    case 'planDay':
      return acts.planDay({ userId, language });
    case 'snoozeReminder':
      return (call.index !== null ? once : acts).snoozeReminder({ userId, language, index: call.index, reminderId: call.reminderId, minutes: call.minutes });
    case 'external': {
      // A registry-only tool, run by activity name; the userId is ours and set last.
      const proxy = (call.once ? once : acts) as unknown as Record<string, (input: Record<string, unknown>) => Promise<{ reply: string }>>;
      return proxy[call.activity]!({ ...call.input, userId, language });
    }
    case 'privacy':
      // At most once: an export or deletion code texted twice would be confusing (the person can ask again).
      return once.privacyCommand({ userId, language, action: call.action, code: call.code ?? null });
    default:
      return runIntegrationTool(userId, call, language);
  }
}
