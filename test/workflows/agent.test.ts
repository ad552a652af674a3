import { randomBytes } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { expect } from 'chai';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../activities';
import type { ContinueTurnInput, InterpretMessageInput } from '../../activities/brain/activities';
import type { SendSmsInput } from '../../activities/sms';
import { conversationWorkflow } from '../../workflows/conversation';
import { inboundSmsSignal } from '../../workflows/contracts/conversation';
import type { AgentStep, TurnPlan } from '../../workflows/lib/turn-plan';
import { createTimeSkippingEnv, getWorkflowBundle, testDataConverter } from '../helpers/temporal';

type Mocked = Partial<Activities>;

/** The agent loop of the conversation workflow, with the brain and the tools scripted. */
describe('the agent loop in the conversation workflow', function () {
  this.timeout(120_000);
  let env: TestWorkflowEnvironment;

  before(async () => {
    env = await createTimeSkippingEnv();
  });
  after(async () => {
    await env?.teardown();
  });

  const started: string[] = [];
  afterEach(async () => {
    for (const id of started.splice(0)) await env.client.workflow.getHandle(id).terminate().catch(() => undefined);
  });

  /** Runs a conversation for user u1 with these activities; resolves once `sent` has n SMS. */
  async function converse(activities: Mocked, bodies: string[], opts: { maxTurnsPerRun?: number } = {}): Promise<SendSmsInput[]> {
    const sent: SendSmsInput[] = [];
    const taskQueue = `agent-${randomBytes(4).toString('hex')}`;
    const worker = await Worker.create({ dataConverter: testDataConverter,
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await getWorkflowBundle(),
      stickyQueueScheduleToStartTimeout: '1 second',
      activities: {
        recordInbound: async () => ({ status: 'active', language: 'en', timezone: 'America/Toronto' }),
        sendSms: async (input: SendSmsInput) => {
          sent.push(input);
          return { status: 'sent', sid: `SM${sent.length}`, segments: 1 };
        },
        ...activities,
      },
    });
    await worker.runUntil(async () => {
      const workflowId = `conversation-agent-${randomBytes(4).toString('hex')}`;
      started.push(workflowId);
      const handle = await env.client.workflow.start(conversationWorkflow, {
        taskQueue, workflowId, args: [{ userId: 'u1', ...(opts.maxTurnsPerRun ? { maxTurnsPerRun: opts.maxTurnsPerRun } : {}) }],
      });
      for (const [i, body] of bodies.entries()) {
        const sms = { messageSid: `SM-${i}`, body, receivedAt: new Date(Date.UTC(2026, 11, 1, 12, i)).toISOString() };
        // The time-skipping test server closes a run that continues as new a moment before the next
        // run takes signals ("Completed workflow"); a real server switches atomically, and the SMS
        // router uses signalWithStart anyway. Retry over that window only.
        for (let attempt = 0; ; attempt += 1) {
          try {
            await handle.signal(inboundSmsSignal, sms);
            break;
          } catch (err) {
            if (!(err instanceof WorkflowNotFoundError) || attempt >= 40) throw err;
            await new Promise((r) => setTimeout(r, 50));
          }
        }
        const deadline = Date.now() + 30_000;
        while (sent.length <= i && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      }
    });
    return sent;
  }

  const agentPlan = (calls: Extract<TurnPlan, { kind: 'agent' }>['calls']): TurnPlan => ({
    language: 'en', kind: 'agent', calls, transcript: [{ role: 'model', text: null, calls: calls.map((c) => ({ id: c.id, name: c.name, args: {}, signature: 'sig' })) }],
  });

  it('runs valid calls as activities with its own user id, returns invalid ones as errors, and stops a runaway model', async () => {
    const toolInputs: unknown[] = [];
    const steps: ContinueTurnInput[] = [];
    const sent = await converse(
      {
        interpretMessage: async () =>
          agentPlan([
            { id: 'c1', name: 'add_task', call: { tool: 'addTask', title: 'buy milk' } },
            { id: 'c2', name: 'complete_task', error: 'invalid arguments for complete_task: number: Invalid input' },
          ]),
        addTask: async (input) => {
          toolInputs.push(input);
          return { reply: `Added: ${input.title}` };
        },
        listTasks: async () => ({ reply: 'Your list: 1. buy milk' }),
        continueTurn: async (input): Promise<AgentStep> => {
          steps.push(input);
          // A model that never stops calling tools.
          return { kind: 'agent', calls: [{ id: null, name: 'list_tasks', call: { tool: 'listTasks' } }], transcript: input.transcript };
        },
      },
      ['add milk'],
    );
    expect(toolInputs).to.deep.equal([{ userId: 'u1', language: 'en', title: 'buy milk' }]);
    const firstResults = steps[0]!.transcript.at(-1);
    expect(firstResults).to.deep.equal({
      role: 'tool',
      results: [
        { id: 'c1', name: 'add_task', response: { output: 'Added: buy milk' } },
        { id: 'c2', name: 'complete_task', response: { error: 'invalid arguments for complete_task: number: Invalid input' } },
      ],
    });
    expect(steps.map((s) => s.step)).to.deep.equal([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(sent).to.have.length(1);
    expect(sent[0]!.body.split('\n')[0]).to.equal('Added: buy milk');
    expect(sent[0]!.idempotencyKey).to.equal('reply:SM-0');
  });

  it('runs a registry-only (external) tool by activity name, with its own user id set last', async () => {
    const inputs: unknown[] = [];
    const sent = await converse(
      {
        interpretMessage: async () =>
          agentPlan([{ id: null, name: 'list_events', call: { tool: 'external', activity: 'listCalendarEvents', input: { day: 'today', userId: 'u2' }, once: false } }]),
        listCalendarEvents: async (input: unknown) => {
          inputs.push(input);
          return { reply: 'No events today.' };
        },
        continueTurn: async (): Promise<AgentStep> => ({ kind: 'reply', text: 'Nothing on your calendar today.' }),
      } as Mocked,
      ["what's on my calendar?"],
    );
    expect(inputs).to.deep.equal([{ day: 'today', userId: 'u1', language: 'en' }]);
    expect(sent.map((s) => s.body)).to.deep.equal(['Nothing on your calendar today.']);
  });

  it('gives the model an error when a tool fails for good, and texts its answer', async () => {
    let seen: unknown = null;
    const sent = await converse(
      {
        interpretMessage: async () => agentPlan([{ id: null, name: 'plan_day', call: { tool: 'planDay' } }]),
        planDay: async () => {
          throw ApplicationFailure.nonRetryable('database gone', 'Boom');
        },
        continueTurn: async (input): Promise<AgentStep> => {
          seen = input.transcript.at(-1);
          return { kind: 'reply', text: "Sorry, I couldn't build your plan right now." };
        },
      },
      ['plan my day'],
    );
    expect(seen).to.have.nested.property('results[0].response.error').that.matches(/the tool failed/);
    expect(sent.map((s) => s.body)).to.deep.equal(["Sorry, I couldn't build your plan right now."]);
  });

  it('asks the offline brain alone when the model goes away before any tool answered', async () => {
    const asked: InterpretMessageInput[] = [];
    const sent = await converse(
      {
        interpretMessage: async (input) => {
          asked.push(input);
          return input.offlineOnly
            ? { language: 'en', kind: 'reply', text: 'offline answer' }
            : agentPlan([{ id: null, name: 'add_task', error: 'invalid arguments for add_task: title: Invalid input' }]);
        },
        continueTurn: async (): Promise<AgentStep> => ({ kind: 'fallback', reason: 'server_error' }),
      },
      ['add something'],
    );
    expect(asked.map((a) => a.offlineOnly ?? false)).to.deep.equal([false, true]);
    expect(sent.map((s) => s.body)).to.deep.equal(['offline answer']);
  });

  it('gives the brain the recent turns, and carries them and the summary across continue-as-new', async () => {
    const histories: InterpretMessageInput[] = [];
    const bodies = Array.from({ length: 9 }, (_, i) => `message ${i}`);
    await converse(
      {
        interpretMessage: async (input) => {
          histories.push(input);
          return { language: 'en', kind: 'reply', text: `re: ${input.body}` };
        },
      },
      bodies,
      { maxTurnsPerRun: 4 },
    );
    expect(histories).to.have.length(9);
    expect(histories[0]!.history).to.deep.equal([]);
    expect(histories[1]!.history).to.deep.equal([{ user: 'message 0', assistant: 're: message 0' }]);
    // The 9th message is answered by the third run: 6 turns word for word, 2 folded into the summary.
    const last = histories[8]!;
    expect(last.history!.map((t) => t.user)).to.deep.equal(['message 2', 'message 3', 'message 4', 'message 5', 'message 6', 'message 7']);
    expect(last.summary).to.equal('- person: message 0 / assistant: re: message 0\n- person: message 1 / assistant: re: message 1');
  });
});
