import { ApiError, type Content, FunctionCallingConfigMode, GoogleGenAI, type Part } from '@google/genai';
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleAll,
  timeout,
  wrap,
} from 'cockatiel';
import type { GeminiConfig } from '../../schemas/config';
import type { ModelCall } from '../../workflows/lib/turn-plan';
import type { Logger } from '../../services/infra/logger';

/** One request to the model: the system instruction, the conversation so far, and the tools. */
export interface ModelRequest {
  system: string;
  contents: Content[];
  tools: { name: string; description: string; parametersJsonSchema: unknown }[];
  /** false on the last allowed step: the model must answer in text. */
  allowTools: boolean;
}

export interface ModelAnswer {
  text: string | null;
  calls: ModelCall[];
}

export type UnavailableReason = 'circuit_open' | 'timeout' | 'rate_limited' | 'server_error' | 'client_error' | 'network';

/** The model could not answer this time; the caller falls back to the offline brain. */
export class ModelUnavailable extends Error {
  override name = 'ModelUnavailable';
  constructor(readonly reason: UnavailableReason) {
    super(`model unavailable: ${reason}`);
  }
}

export interface ChatModel {
  generate(request: ModelRequest): Promise<ModelAnswer>;
  /** closed, open or half-open: for logs, tests and the bench. */
  circuit(): 'closed' | 'open' | 'half-open';
}

/**
 * Gemini through @google/genai, behind a circuit breaker and a timeout (cockatiel), one per
 * worker process: after `breakerFailures` consecutive failures (429, 5xx, timeout, network…) the
 * circuit opens and calls fail at once for `breakerHalfOpenMs`; then one trial call decides
 * whether it closes again. No retry here: a failed turn falls back to the offline brain at once,
 * which beats making a person wait on an SMS.
 */
export function createGeminiModel(config: GeminiConfig, logger: Logger): ChatModel {
  const ai = new GoogleGenAI({
    // The Gemini Developer API, whatever GOOGLE_GENAI_USE_VERTEXAI says in the environment.
    vertexai: false,
    apiKey: config.apiKey,
    httpOptions: { ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}), timeout: config.timeoutMs + 1000 },
  });
  const breaker = circuitBreaker(handleAll, { halfOpenAfter: config.breakerHalfOpenMs, breaker: new ConsecutiveBreaker(config.breakerFailures) });
  breaker.onBreak(() => logger.warn('gemini circuit opened: offline brain until it half-opens', { halfOpenMs: config.breakerHalfOpenMs }));
  breaker.onHalfOpen(() => logger.info('gemini circuit half-open: next call is a trial'));
  breaker.onReset(() => logger.info('gemini circuit closed'));
  const policy = wrap(breaker, timeout(config.timeoutMs, TimeoutStrategy.Aggressive));

  async function generate(request: ModelRequest): Promise<ModelAnswer> {
    try {
      const response = await policy.execute(({ signal }) =>
        ai.models.generateContent({
          model: config.model,
          contents: request.contents,
          config: {
            abortSignal: signal,
            systemInstruction: request.system,
            temperature: 0.3,
            maxOutputTokens: 1024,
            tools: [{ functionDeclarations: request.tools }],
            toolConfig: { functionCallingConfig: { mode: request.allowTools ? FunctionCallingConfigMode.AUTO : FunctionCallingConfigMode.NONE } },
          },
        }),
      );
      const parts: Part[] = response.candidates?.[0]?.content?.parts ?? [];
      const text = parts.filter((p) => typeof p.text === 'string' && !p.thought).map((p) => p.text).join('').trim();
      const calls: ModelCall[] = parts
        .filter((p) => p.functionCall?.name)
        .map((p) => ({
          id: p.functionCall!.id ?? null,
          name: p.functionCall!.name!,
          args: (p.functionCall!.args ?? {}) as Record<string, unknown>,
          signature: p.thoughtSignature ?? null,
        }));
      return { text: text || null, calls };
    } catch (err) {
      const reason = classify(err);
      // Never the error's text: it can quote the request (and so the person's message).
      logger.warn('gemini call failed', { reason, status: err instanceof ApiError ? err.status : undefined, circuit: circuit() });
      throw new ModelUnavailable(reason);
    }
  }

  function circuit(): 'closed' | 'open' | 'half-open' {
    if (breaker.state === CircuitState.Open || breaker.state === CircuitState.Isolated) return 'open';
    return breaker.state === CircuitState.HalfOpen ? 'half-open' : 'closed';
  }

  return { generate, circuit };
}

function classify(err: unknown): UnavailableReason {
  if (err instanceof BrokenCircuitError) return 'circuit_open';
  if (err instanceof TaskCancelledError) return 'timeout';
  if (err instanceof ApiError) {
    if (err.status === 429) return 'rate_limited';
    if (err.status >= 500) return 'server_error';
    return 'client_error';
  }
  if (err instanceof Error && (err.name === 'AbortError' || /abort|timed? ?out/i.test(err.message))) return 'timeout';
  return 'network';
}
