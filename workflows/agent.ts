import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { ContinueTurnInput, createBrainActivities } from '../activities/brain/activities';
import type { Lang } from '../language/time';
import type { PlannedCall, ToolResult, TranscriptEntry } from './lib/turn-plan';
import { runTool } from './tools';

/**
 * Model calls wait on Gemini (GEMINI_TIMEOUT_MS, 60 s at most) but never throw for its failures:
 * they answer "fallback" instead, so retries here only cover our own hiccups (database).
 */
export const brain = proxyActivities<ReturnType<typeof createBrainActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

/** Safety net over GEMINI_MAX_STEPS (which the brain enforces): a turn never loops for ever. */
const HARD_STEP_CAP = 10;

export type AgentOutcome = { kind: 'reply'; text: string } | { kind: 'fallback' };

/**
 * The agent loop of one turn, after the model's first answer asked for tools: each call runs as
 * its own activity (invalid ones are not run: their error goes back to the model), the results go
 * back to the model (an activity), and so on until it answers in text. If the model becomes
 * unavailable mid-turn, the tools' own replies are the answer; with none, the caller falls back
 * to the offline brain.
 */
export async function runAgent(
  base: Omit<ContinueTurnInput, 'transcript' | 'step'>,
  first: { calls: PlannedCall[]; transcript: TranscriptEntry[] },
  language: Lang,
): Promise<AgentOutcome> {
  let { calls, transcript } = first;
  const replies: string[] = [];
  for (let step = 2; step <= HARD_STEP_CAP; step += 1) {
    const results: ToolResult[] = [];
    for (const c of calls) {
      if ('error' in c) {
        results.push({ id: c.id, name: c.name, response: { error: c.error } });
        continue;
      }
      try {
        const { reply } = await runTool(base.userId, c.call, language);
        replies.push(reply);
        results.push({ id: c.id, name: c.name, response: { output: reply } });
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        results.push({ id: c.id, name: c.name, response: { error: 'the tool failed this time; tell the person it did not work and to try again later' } });
      }
    }
    transcript = [...transcript, { role: 'tool', results }];
    const next = await brain.continueTurn({ ...base, transcript, step });
    if (next.kind === 'reply') return next;
    if (next.kind === 'fallback') break;
    ({ calls, transcript } = next);
  }
  return replies.length > 0 ? { kind: 'reply', text: replies.join('\n') } : { kind: 'fallback' };
}
