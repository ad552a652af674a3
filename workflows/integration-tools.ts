import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { createIntegrationActivities } from '../activities/integrations';
import type { IntegrationToolCall } from './lib/integration-calls';
import type { Lang } from '../language/time';

type Acts = ReturnType<typeof createIntegrationActivities>;

/**
 * Provider calls: a few quick retries (the per-provider circuit breaker inside the activity
 * stops hammering a provider that is down), then the person gets one short "not now" answer.
 */
const provider = proxyActivities<Acts>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 3 },
});
/** Creating an event is not idempotent at the provider: once, and the person can ask again. */
const once = proxyActivities<Acts>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 1 } });
const local = proxyActivities<Acts>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

const UNAVAILABLE: Record<Lang, string> = {
  fr: "Désolé, le service ne répond pas en ce moment. Réessaie dans quelques minutes.",
  en: "Sorry, the service isn't answering right now. Try again in a few minutes.",
};

/** Runs one integration or check-in tool as its own activity; a failed provider call becomes a polite SMS. */
export async function runIntegrationTool(userId: string, call: IntegrationToolCall, language: Lang): Promise<{ reply: string }> {
  try {
    switch (call.tool) {
      case 'setCheckin':
        return await local.setCheckin({ userId, language, slot: call.slot, time: call.time, enabled: call.enabled });
      case 'connectProvider':
        return await local.createConnectLink({ userId, language, provider: call.provider });
      case 'agenda':
        return await provider.agenda({ userId, language, day: call.day });
      case 'createEvent':
        return await once.createCalendarEvent({ userId, language, title: call.title, start: call.start, end: call.end });
      case 'noteToNotion':
        return await once.noteToNotion({ userId, language, text: call.text });
      case 'findVideo':
        return await provider.findVideo({ userId, language, query: call.query, minutes: call.minutes });
      case 'syncTasks':
        return await local.requestTaskSync({ userId, language });
      case 'setEventReminders':
        return await local.setEventReminders({ userId, language, enabled: call.enabled, minutes: call.minutes });
    }
  } catch (err) {
    if (err instanceof ActivityFailure) return { reply: UNAVAILABLE[language] };
    throw err;
  }
}
