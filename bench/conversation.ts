/**
 * `npm run bench:conversation`: SMS in → reply out through the real stack (signed Twilio webhook
 * → api → Temporal dev server → worker → brain → tools → fake Twilio), first with the offline
 * brain, then with Gemini played by the fake Gemini server adding --gemini-delay ms per call.
 * Each user texts, waits for the reply, texts again (closed loop), --users at once; the per-number
 * pacing of replies is lifted (OUTBOUND_SEGMENTS_PER_SECOND=1000) so the figures are the turn itself.
 *
 * Per turn it also reads the conversation's history (server timestamps) and splits the time from
 * the inboundSms signal to the reply's sendSms completion into activities running (brain, model,
 * tools, send) and the rest: Temporal overhead (task queue waits, workflow tasks, scheduling).
 */
import { parseArgs } from 'node:util';
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { lastFunctionResponses, startFakeGemini, userText, type FakeGemini, type FakeAnswer, type RecordedGeminiRequest } from '../test/fakes/gemini-server';
import { startStack, type Stack } from '../test/helpers/stack';
import { stopTemporalServers } from '../test/helpers/temporal';
import type { User } from '../schemas/entities';
import { distribution, formatMs, table, type Distribution } from './lib/stats';
import { conversationWorkflowId } from '../workflows/contracts/conversation';

process.env.LOG_LEVEL ??= 'error';
Runtime.install({
  logger: new DefaultLogger('ERROR'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), forward: {} } },
});

const USAGE = `usage: npm run bench:conversation -- [--turns 150] [--users 5] [--gemini-turns 60] [--gemini-delay 500] [--json]`;

/** A mix of what people text: tools (memory, list, plan, reminders) and small talk, FR and EN. */
const MESSAGES = [
  'ajoute acheter du lait à ma liste',
  'ma liste',
  'retiens que le code de mon casier est 4821',
  "c'est quoi le code de mon casier?",
  'planifie ma journée',
  'bonjour',
  'remind me to stretch in 2 hours',
  'my reminders',
  'add renew passport to my todo list',
  'merci!',
];

interface Phase {
  name: string;
  latency: Distribution;
  overhead: Distribution;
  activities: Distribution;
  modelCalls: number;
}

const ms = (t: temporal.api.history.v1.IHistoryEvent['eventTime']): number =>
  t ? Number(String(t.seconds ?? 0)) * 1000 + (t.nanos ?? 0) / 1e6 : NaN;

/** Per turn (inboundSms signal → sendSms completed): total, time in activities, and the rest. */
async function turnBreakdown(stack: Stack, userId: string): Promise<{ overhead: number[]; activities: number[] }> {
  const history = await stack.temporal.workflow.getHandle(conversationWorkflowId(userId)).fetchHistory();
  const out = { overhead: [] as number[], activities: [] as number[] };
  const types = new Map<string, string>();
  const started = new Map<string, number>();
  let turnStart: number | null = null;
  let inActivities = 0;
  for (const e of history.events ?? []) {
    const at = ms(e.eventTime);
    if (e.workflowExecutionSignaledEventAttributes?.signalName === 'inboundSms' && turnStart === null) {
      turnStart = at;
      inActivities = 0;
    }
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled) types.set(String(e.eventId), scheduled.activityType?.name ?? '');
    if (e.activityTaskStartedEventAttributes) started.set(String(e.activityTaskStartedEventAttributes.scheduledEventId), at);
    const done = e.activityTaskCompletedEventAttributes;
    if (done && turnStart !== null) {
      const id = String(done.scheduledEventId);
      inActivities += at - (started.get(id) ?? at);
      if (types.get(id) === 'sendSms') {
        out.activities.push(inActivities);
        out.overhead.push(at - turnStart - inActivities);
        turnStart = null;
      }
    }
  }
  return out;
}

/** The fake Gemini as a plausible model: list and add go through a tool, the rest is a text answer. */
function geminiBrain(req: RecordedGeminiRequest): FakeAnswer {
  const results = lastFunctionResponses(req);
  if (results.length > 0) return { text: String(results[0]!.response.output ?? 'OK.') };
  const text = userText(req);
  const add = /^(?:ajoute|add) (.+?) (?:à ma liste|to my todo list)$/i.exec(text);
  if (add) return { calls: [{ name: 'add_task', args: { title: add[1] } }] };
  if (/^(ma liste|my list)$/i.test(text)) return { calls: [{ name: 'list_tasks' }] };
  return { text: text.endsWith('?') ? 'Bonne question! Je regarde dans tes notes.' : "C'est noté, je suis là si tu as besoin." };
}

async function runPhase(name: string, opts: { turns: number; users: number; gemini: FakeGemini | null }): Promise<Phase> {
  // Each user texts again as soon as the reply lands: at the product's default pacing (1 segment/s
  // per number) every reply after the first would wait for its number's slot, and the figures
  // would measure the pacing (see bench:outbound), not the turn. Pacing is lifted here.
  const env: Record<string, string> = {
    OUTBOUND_SEGMENTS_PER_SECOND: '1000',
    ...(opts.gemini ? { GEMINI_API_KEY: opts.gemini.apiKey, GEMINI_API_BASE_URL: opts.gemini.url, GEMINI_TIMEOUT_MS: '10000' } : {}),
  };
  const stack = await startStack({ db: 'sqlite', env });
  try {
    const users: User[] = [];
    for (let i = 0; i < opts.users; i += 1) users.push(await stack.addUser({ language: i % 2 ? 'en' : 'fr' }));
    // Warm-up: one turn each (workflow bundle cached, conversations started, connections open).
    await Promise.all(users.map((u) => turn(stack, u, 'bonjour', 1)));
    const latencies: number[] = [];
    let next = 0;
    const calls0 = opts.gemini?.requests.length ?? 0;
    await Promise.all(
      users.map(async (u, ui) => {
        let sent = 1;
        while (next < opts.turns) {
          const i = next++;
          sent += 1;
          latencies.push(await turn(stack, u, MESSAGES[(i + ui) % MESSAGES.length]!, sent));
        }
      }),
    );
    const overhead: number[] = [];
    const activities: number[] = [];
    for (const u of users) {
      const b = await turnBreakdown(stack, u.id);
      // Skip the warm-up turn.
      overhead.push(...b.overhead.slice(1));
      activities.push(...b.activities.slice(1));
    }
    return {
      name,
      latency: distribution(latencies),
      overhead: distribution(overhead),
      activities: distribution(activities),
      modelCalls: (opts.gemini?.requests.length ?? 0) - calls0,
    };
  } finally {
    await stack.close();
  }
}

/** One SMS in, waits for the reply out; returns the milliseconds between. */
async function turn(stack: Stack, user: User, body: string, nth: number): Promise<number> {
  const t0 = performance.now();
  const res = await stack.inbound(user, body);
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
  await stack.twilio.waitForMessages(nth, { to: user.phone, timeoutMs: 30_000 });
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      turns: { type: 'string', default: '150' },
      users: { type: 'string', default: '5' },
      'gemini-turns': { type: 'string', default: '60' },
      'gemini-delay': { type: 'string', default: '500' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const n = (v: string, what: string) => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < 1 || x > 100_000) throw new Error(`--${what} must be a positive integer\n${USAGE}`);
    return x;
  };
  const users = n(values.users, 'users');
  const delay = Number(values['gemini-delay']);
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

  const phases: Phase[] = [];
  log(`offline brain: ${values.turns} turns, ${users} users`);
  phases.push(await runPhase('offline brain', { turns: n(values.turns, 'turns'), users, gemini: null }));
  const fake = await startFakeGemini();
  try {
    fake.delayMs = delay;
    fake.fallback = geminiBrain;
    log(`fake Gemini (+${delay} ms per call): ${values['gemini-turns']} turns, ${users} users`);
    phases.push(await runPhase(`Gemini (fake, +${delay} ms/call)`, { turns: n(values['gemini-turns'], 'gemini-turns'), users, gemini: fake }));
  } finally {
    await fake.close();
    await stopTemporalServers();
  }

  if (values.json) return void process.stdout.write(`${JSON.stringify(phases, null, 2)}\n`);
  const rows = [['brain', 'turns', 'p50', 'p90', 'p99', 'max', 'Temporal overhead p50 / p99', 'in activities p50', 'model calls']];
  for (const p of phases) {
    rows.push([
      p.name, String(p.latency.count), formatMs(p.latency.p50), formatMs(p.latency.p90), formatMs(p.latency.p99), formatMs(p.latency.max),
      `${formatMs(p.overhead.p50)} / ${formatMs(p.overhead.p99)}`, formatMs(p.activities.p50), String(p.modelCalls),
    ]);
  }
  process.stdout.write(`\nSMS in -> reply out (webhook POST to the fake Twilio receiving the reply), ${users} users texting at once\n${table(rows)}\n`);
  const offline = phases[0]!;
  process.stdout.write(`offline p99 ${formatMs(offline.latency.p99)}: ${offline.latency.p99 !== null && offline.latency.p99 <= 1000 ? 'within' : 'ABOVE'} the 1 s target\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    void stopTemporalServers().finally(() => process.exit(1));
  },
);
