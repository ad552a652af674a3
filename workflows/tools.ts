import { ActivityFailure, proxyActivities, uuid4, type ActivityOptions } from '@temporalio/workflow';
import type { createIntegrationActivities } from '../activities/integrations';
import type { createMemoryActivities } from '../activities/memory';
import type { createPlanActivities } from '../activities/plan';
import type { createPrivacyActivities } from '../activities/privacy/commands';
import type { createReminderActivities } from '../activities/reminders';
import type { createTaskActivities } from '../activities/tasks';
import type { Lang } from '../language/time';
import type { ToolCall } from './lib/turn-plan';

/**
 * The one tool table of the workflows: for each tool the brain can call (Gemini or offline), the
 * activity that runs it, its retry class, and how the call becomes the activity's input. The
 * model-facing side of the same tools (name, description, zod arguments) is the registry,
 * activities/brain/tool-registry.ts; the offline phrases are language/brain/*.
 *
 * Each tool runs as its own activity (a step in the Temporal UI). The userId and the language are
 * the workflow's own, set here: a ToolCall never carries a user id.
 */
type ToolActivities = ReturnType<typeof createReminderActivities> &
  ReturnType<typeof createMemoryActivities> &
  ReturnType<typeof createTaskActivities> &
  ReturnType<typeof createPlanActivities> &
  ReturnType<typeof createPrivacyActivities> &
  ReturnType<typeof createIntegrationActivities>;
type ActivityName = keyof ToolActivities;
type Reply = Promise<{ reply: string }>;

/** How hard a tool's activity is retried; the options of each class are below. */
export type RetryClass = 'idempotent' | 'once' | 'provider' | 'providerOnce' | 'local';

const RETRY: Record<RetryClass, ActivityOptions> = {
  /** Safe to retry: the same fact, the same task, a deterministic reminder id. */
  idempotent: { startToCloseTimeout: '20 seconds', retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds', maximumAttempts: 10 } },
  /**
   * Addressed by list number ("fait 2", "annule 2"), or texting a code: a retry after a commit
   * whose answer was lost would act on the *next* item, so at most once; the person can ask again.
   */
  once: { startToCloseTimeout: '20 seconds', retry: { maximumAttempts: 1 } },
  /** A provider call: a few quick retries (the circuit breaker inside stops hammering one that is down). */
  provider: { startToCloseTimeout: '30 seconds', retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 3 } },
  /** Creating something at a provider is not idempotent there: once. */
  providerOnce: { startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 1 } },
  /** Our own settings behind an integration (check-ins, links, syncs). */
  local: { startToCloseTimeout: '30 seconds', retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds', maximumAttempts: 5 } },
};
const proxies = Object.fromEntries(
  Object.entries(RETRY).map(([name, options]) => [name, proxyActivities<ToolActivities>(options)]),
) as Record<RetryClass, ReturnType<typeof proxyActivities<ToolActivities>>>;

interface Route<C> {
  activity: ActivityName | ((call: C) => ActivityName);
  retry: RetryClass | ((call: C) => RetryClass);
  /** The activity's input without userId and language (added by runTool). */
  input(call: C): Record<string, unknown>;
  /** A provider that fails after its retries gets one polite "not now" SMS instead of an error. */
  politeOnFailure?: true;
}
type Routes = { [K in ToolCall['tool']]: Route<Extract<ToolCall, { tool: K }>> };
const integration = { politeOnFailure: true } as const;

export const TOOL_ROUTES: Routes = {
  createReminder: {
    activity: 'createReminder', retry: 'idempotent',
    // uuid4() is deterministic in a workflow: a retried activity creates the same reminder.
    input: (c) => ({ reminderId: uuid4(), text: c.text, dueAt: c.dueAt, rrule: c.rrule, explicitTime: c.explicitTime }),
  },
  listReminders: { activity: 'listReminders', retry: 'idempotent', input: () => ({}) },
  cancelReminderAt: { activity: 'cancelReminderAt', retry: 'once', input: (c) => ({ index: c.index }) },
  moveReminderAt: { activity: 'moveReminderAt', retry: 'once', input: (c) => ({ index: c.index, dueAt: c.dueAt }) },
  snoozeReminder: {
    activity: 'snoozeReminder', retry: (c) => (c.index !== null ? 'once' : 'idempotent'),
    input: (c) => ({ index: c.index, reminderId: c.reminderId, minutes: c.minutes }),
  },
  remember: { activity: 'remember', retry: 'idempotent', input: (c) => ({ fact: c.fact }) },
  recall: { activity: 'recall', retry: 'idempotent', input: (c) => ({ query: c.query }) },
  forget: { activity: 'forget', retry: 'idempotent', input: (c) => ({ query: c.query }) },
  addTask: { activity: 'addTask', retry: 'idempotent', input: (c) => ({ title: c.title }) },
  listTasks: { activity: 'listTasks', retry: 'idempotent', input: () => ({}) },
  completeTask: { activity: 'completeTask', retry: 'once', input: (c) => ({ index: c.index }) },
  breakdownTask: { activity: 'breakdownTask', retry: 'idempotent', input: (c) => ({ task: c.task, ...(c.steps ? { steps: c.steps } : {}) }) },
  planDay: { activity: 'planDay', retry: 'idempotent', input: (c) => (c.day ? { day: c.day } : {}) },
  // An export or deletion code texted twice would be confusing: once.
  privacy: { activity: 'privacyCommand', retry: 'once', input: (c) => ({ action: c.action, code: c.code ?? null }) },
  // A tool only the registry knows, run by its activity name (e.g. the Notion database choice).
  external: { activity: (c) => c.activity as ActivityName, retry: (c) => (c.once ? 'once' : 'idempotent'), input: (c) => c.input },
  setCheckin: { ...integration, activity: 'setCheckin', retry: 'local', input: (c) => ({ slot: c.slot, time: c.time, enabled: c.enabled }) },
  connectProvider: { ...integration, activity: 'createConnectLink', retry: 'local', input: (c) => ({ provider: c.provider }) },
  agenda: { ...integration, activity: 'agenda', retry: 'provider', input: (c) => ({ day: c.day }) },
  createEvent: { ...integration, activity: 'createCalendarEvent', retry: 'providerOnce', input: (c) => ({ title: c.title, start: c.start, end: c.end }) },
  noteToNotion: { ...integration, activity: 'noteToNotion', retry: 'providerOnce', input: (c) => ({ text: c.text }) },
  findVideo: { ...integration, activity: 'findVideo', retry: 'provider', input: (c) => ({ query: c.query, minutes: c.minutes }) },
  syncTasks: { ...integration, activity: 'requestTaskSync', retry: 'local', input: () => ({}) },
  setEventReminders: { ...integration, activity: 'setEventReminders', retry: 'local', input: (c) => ({ enabled: c.enabled, minutes: c.minutes }) },
};

const UNAVAILABLE: Record<Lang, string> = {
  fr: 'Désolé, le service ne répond pas en ce moment. Réessaie dans quelques minutes.',
  en: "Sorry, the service isn't answering right now. Try again in a few minutes.",
};

/** The one dispatcher: runs a tool call of the brain as its activity, by the table above. */
export async function runTool(userId: string, call: ToolCall, language: Lang): Reply {
  const route = TOOL_ROUTES[call.tool] as Route<ToolCall>;
  const activity = typeof route.activity === 'function' ? route.activity(call) : route.activity;
  const retry = typeof route.retry === 'function' ? route.retry(call) : route.retry;
  const run = proxies[retry][activity] as unknown as (input: Record<string, unknown>) => Reply;
  // Ours are set last: nothing in a call can stand for another person.
  const input = { ...route.input(call), userId, language };
  if (!route.politeOnFailure) return run(input);
  try {
    return await run(input);
  } catch (err) {
    if (err instanceof ActivityFailure) return { reply: UNAVAILABLE[language] };
    throw err;
  }
}
