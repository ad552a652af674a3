import { ApplicationFailure } from '@temporalio/common';
import type { GeminiConfig } from '../../schemas/config';
import type { Orm } from '../../schemas/db';
import { User } from '../../schemas/entities';
import { ErrorType } from '../../schemas/errors';
import { smsShape } from '../../language/sms/shape';
import type { AgentStep, ConversationTurn, OpenReminder, PlannedCall, TranscriptEntry, TurnPlan } from '../../workflows/lib/turn-plan';
import type { Logger } from '../../services/infra/logger';
import { accountStatuses } from '../../services/integrations/accounts';
import type { IntegrationDeps } from '../../services/integrations/deps';
import { createMemoryService, type MemoryService } from '../../services/memory';
import { type ChatModel, createGeminiModel, type ModelAnswer, ModelUnavailable } from './gemini';
import { interpretOffline } from '../../language/brain/offline';
import { privacyPlan } from '../privacy/plan';
import type { Command } from '../../language/brain/responder';
import { guessLanguage, prepare } from '../../language/prepare';
import type { Lang } from '../../language/time';
import { systemInstruction, toContents } from './prompt';
import { type OfferedTools, offeredTools, PROVIDERS, type ToolContext, validateToolCall } from './tool-registry';
import type { ProviderId } from '../../workflows/lib/integration-calls';

export interface BrainDeps {
  orm: Orm;
  logger: Logger;
  /** null or absent: the offline brain answers everything. */
  gemini?: GeminiConfig | null;
  /** A ready model (tests); default: Gemini from `gemini`. */
  model?: ChatModel | null;
  /** The OAuth clients: which providers are configured. Absent: none (no integration tool offered). */
  integrations?: IntegrationDeps;
  /** The person's memories, for the model's context; default: the memory service on `orm`. */
  memory?: MemoryService;
}

export interface InterpretMessageInput {
  userId: string;
  body: string;
  command: Command;
  openReminder: OpenReminder | null;
  pendingReminderText: string | null;
  /** Recent turns and a summary of older ones, kept by the conversation workflow. */
  history?: ConversationTurn[];
  summary?: string | null;
  /** The model became unavailable mid-turn: answer with the offline brain alone. */
  offlineOnly?: boolean;
}

export interface ContinueTurnInput extends InterpretMessageInput {
  transcript: TranscriptEntry[];
  /** The model call this is, 2 for the first after interpretMessage. */
  step: number;
}

/** Calls one model answer may ask for; more is a runaway, not a plan. */
const MAX_CALLS_PER_STEP = 5;
const MEMORIES_IN_CONTEXT = 5;

/**
 * The brain's activities. `interpretMessage` decides a turn: deterministic answers first
 * (carrier commands, answers to the reminder that just fired, the time asked on the last turn),
 * then the AI model's first step when Gemini is configured and its circuit is closed, else the
 * offline brain. `continueTurn` is each further model step, after the workflow ran the tools.
 */
export function createBrainActivities(deps: BrainDeps) {
  const { orm, logger } = deps;
  const model = deps.model ?? (deps.gemini ? createGeminiModel(deps.gemini, logger) : null);
  const maxSteps = deps.gemini?.maxSteps ?? 4;
  const memory = deps.memory ?? createMemoryService({ orm });
  const configured = PROVIDERS.filter((p) => deps.integrations?.config.clients[p]);

  /**
   * The tools this person is offered and the accounts the prompt names. One indexed query per
   * model call, skipped when no provider is configured.
   */
  async function accountsOf(userId: string): Promise<{ offered: OfferedTools; needsReconnect: ProviderId[] }> {
    const rows = configured.length > 0 ? await accountStatuses(orm, userId) : [];
    const connected = rows.filter((a) => a.status === 'connected').map((a) => a.provider);
    const needsReconnect = rows.filter((a) => a.status === 'needs_reconnect' && configured.includes(a.provider)).map((a) => a.provider);
    return { offered: offeredTools({ configured, connected }), needsReconnect };
  }

  async function loadUser(userId: string): Promise<User> {
    const user = await orm.em.fork().findOne(User, { id: userId });
    if (!user) throw ApplicationFailure.nonRetryable(`no user ${userId}`, ErrorType.UserNotFound);
    return user;
  }

  /** One model call for this turn: context from the database, the person's message, and the transcript. */
  async function ask(user: User, input: InterpretMessageInput, transcript: TranscriptEntry[], step: number, guessed?: Lang) {
    const now = new Date();
    const language = guessed ?? guessLanguage(input.body, user.language);
    const [memories, { offered, needsReconnect }] = await Promise.all([
      memory.searchTexts({ userId: user.id, query: input.body, limit: MEMORIES_IN_CONTEXT }),
      accountsOf(user.id),
    ]);
    const accounts = { configured: offered.configured, connected: offered.usable, needsReconnect };
    const answer = await model!.generate({
      system: systemInstruction({ language, timezone: user.timezone, now, memories, summary: input.summary ?? null, openReminder: input.openReminder, accounts }),
      contents: toContents(input.history ?? [], input.body, transcript),
      tools: offered.declarations(language),
      allowTools: step < maxSteps,
    });
    const ctx: ToolContext = { now, timezone: user.timezone, language, openReminder: input.openReminder };
    return { language, step: toStep(answer, ctx, offered, transcript, step < maxSteps) };
  }

  async function interpretMessage(input: InterpretMessageInput): Promise<TurnPlan> {
    const user = await loadUser(input.userId);
    // Consent answers and privacy commands are never left to interpretation (no model sees them).
    // The body is normalised and its language guessed once for the whole turn.
    const message = prepare(input.body, user.language);
    const privacy = input.command ? null : privacyPlan(user, message);
    if (privacy) return privacy;
    const offline = interpretOffline({ ...input, message, language: user.language, timezone: user.timezone }, new Date());
    if (!model || input.offlineOnly || deterministic(input, offline)) return offline;
    try {
      const { language, step } = await ask(user, input, [], 1, message.language);
      if (step.kind === 'fallback') return offline;
      return { language, ...step };
    } catch (err) {
      if (!(err instanceof ModelUnavailable)) throw err;
      logger.warn('brain fell back to offline', { reason: err.reason, step: 1 });
      return offline;
    }
  }

  async function continueTurn(input: ContinueTurnInput): Promise<AgentStep> {
    if (!model) return { kind: 'fallback', reason: 'no_model' };
    const user = await loadUser(input.userId);
    try {
      return (await ask(user, input, input.transcript, input.step)).step;
    } catch (err) {
      if (!(err instanceof ModelUnavailable)) throw err;
      logger.warn('brain fell back to offline', { reason: err.reason, step: input.step });
      return { kind: 'fallback', reason: err.reason };
    }
  }

  return { interpretMessage, continueTurn };
}

/**
 * Answers that never need the model: carrier commands, "ok" / "10 min" / "annule" to the
 * reminder that just fired, and the bare time that completes the reminder asked about last turn.
 */
function deterministic(input: InterpretMessageInput, plan: TurnPlan): boolean {
  if (input.command) return true;
  if (plan.kind === 'reminder' || plan.kind === 'silent') return true;
  return plan.kind === 'tool' && plan.call.tool === 'createReminder' && input.pendingReminderText !== null && plan.call.text === input.pendingReminderText;
}

/** The model's answer as the workflow's next move: calls validated one by one, or the SMS text. */
function toStep(answer: ModelAnswer, ctx: ToolContext, offered: OfferedTools, transcript: TranscriptEntry[], allowTools: boolean): AgentStep {
  if (allowTools && answer.calls.length > 0) {
    const calls: PlannedCall[] = answer.calls.map((c, i) => {
      const base = { id: c.id, name: c.name };
      if (i >= MAX_CALLS_PER_STEP) return { ...base, error: `too many calls at once (${MAX_CALLS_PER_STEP} at most)` };
      const result = validateToolCall(c.name, c.args, ctx, offered);
      return 'error' in result ? { ...base, error: result.error } : { ...base, call: result };
    });
    return { kind: 'agent', calls, transcript: [...transcript, { role: 'model', text: answer.text, calls: answer.calls }] };
  }
  const text = answer.text ? smsShape(answer.text) : '';
  return text ? { kind: 'reply', text } : { kind: 'fallback', reason: 'empty_answer' };
}
