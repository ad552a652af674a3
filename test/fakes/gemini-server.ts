/**
 * A fake of the Gemini API (Generative Language API v1beta, generateContent) on 127.0.0.1,
 * faithful enough for the official `@google/genai` SDK to talk to it unchanged through
 * `httpOptions.baseUrl`.
 *
 * Speaks:
 *  - POST /v1beta/models/{model}:generateContent with the API key in `x-goog-api-key`;
 *    request `{contents, systemInstruction, tools, toolConfig, generationConfig}`; response
 *    `{candidates: [{content: {role: 'model', parts}, finishReason, index}], usageMetadata,
 *    modelVersion, responseId}` with `text` and `functionCall` parts (the first call carries a
 *    `thoughtSignature`, as Gemini 2.5 does, so tests can check it is sent back);
 *  - Google's error bodies `{error: {code, message, status}}` for 400 (bad key, bad body), 404
 *    (other paths), 429 RESOURCE_EXHAUSTED, 500 INTERNAL and 503 UNAVAILABLE.
 *
 * Scriptable per test: `script(...)` queues answers (or functions of the request) used in order;
 * when the queue is empty, `fallback` answers (default: a short text). `delayMs` delays every
 * answer; a scripted `{ delayMs }` delays one (longer than the client's timeout = a timeout).
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';

export interface FakeFunctionCall {
  name: string;
  args?: Record<string, unknown>;
  id?: string;
}

export type FakeAnswer =
  | { text: string; delayMs?: number }
  | { calls: FakeFunctionCall[]; text?: string; delayMs?: number }
  | { error: 400 | 429 | 500 | 503; delayMs?: number };

/** What the SDK sent, as JSON. */
export interface GeminiRequestBody {
  contents: { role?: string; parts: Record<string, unknown>[] }[];
  systemInstruction?: { parts: { text?: string }[] };
  tools?: { functionDeclarations?: { name: string; description?: string; parametersJsonSchema?: unknown }[] }[];
  toolConfig?: { functionCallingConfig?: { mode?: string } };
  generationConfig?: Record<string, unknown>;
}

export interface RecordedGeminiRequest {
  model: string;
  body: GeminiRequestBody;
  /** The system instruction as one string ('' when absent). */
  system: string;
  receivedAt: number;
}

export type Scripted = FakeAnswer | ((req: RecordedGeminiRequest) => FakeAnswer);

export interface FakeGemini {
  url: string;
  apiKey: string;
  requests: RecordedGeminiRequest[];
  /** Queues answers for the next requests, in order. */
  script(...answers: Scripted[]): void;
  /** The answer when the queue is empty. */
  fallback: Scripted;
  /** Added to every answer. */
  delayMs: number;
  /** Scripted answers not used yet. */
  pending(): number;
  waitForRequests(n: number, timeoutMs?: number): Promise<RecordedGeminiRequest[]>;
  reset(): void;
  close(): Promise<void>;
}

const ERRORS: Record<number, { message: string; status: string }> = {
  400: { message: 'Request contains an invalid argument.', status: 'INVALID_ARGUMENT' },
  429: { message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' },
  500: {
    message: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
    status: 'INTERNAL',
  },
  503: { message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' },
};

function sendError(res: Response, code: number, message?: string): void {
  const e = ERRORS[code] ?? { message: 'Not found.', status: 'NOT_FOUND' };
  res.status(code).json({ error: { code, message: message ?? e.message, status: e.status } });
}

/** Text of the last function responses, for scripted functions. */
export function lastFunctionResponses(req: RecordedGeminiRequest): { name: string; response: Record<string, unknown> }[] {
  const last = req.body.contents.at(-1);
  return (last?.parts ?? [])
    .map((p) => p.functionResponse as { name: string; response: Record<string, unknown> } | undefined)
    .filter((r): r is { name: string; response: Record<string, unknown> } => r !== undefined);
}

/** The person's message of this turn: the last user text part. */
export function userText(req: RecordedGeminiRequest): string {
  for (const c of [...req.body.contents].reverse()) {
    const t = c.role === 'user' ? c.parts.find((p) => typeof p.text === 'string') : undefined;
    if (t) return t.text as string;
  }
  return '';
}

export async function startFakeGemini(opts: { apiKey?: string } = {}): Promise<FakeGemini> {
  const apiKey = opts.apiKey ?? `fake-gemini-${randomBytes(6).toString('hex')}`;
  const queue: Scripted[] = [];
  const app = express();
  app.use(express.json({ limit: '5mb' }));

  const fake: FakeGemini = {
    url: '',
    apiKey,
    requests: [],
    fallback: { text: 'OK.' },
    delayMs: 0,
    script: (...answers) => void queue.push(...answers),
    pending: () => queue.length,
    async waitForRequests(n, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (fake.requests.length < n) {
        if (Date.now() > until) throw new Error(`fake Gemini: waited for ${n} requests, got ${fake.requests.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return fake.requests;
    },
    reset() {
      queue.length = 0;
      fake.requests.length = 0;
      fake.delayMs = 0;
      fake.fallback = { text: 'OK.' };
    },
    close: async () => undefined,
  };

  app.post(/^\/v1beta\/models\/([\w.-]+):generateContent$/, async (req: Request, res: Response) => {
    if (req.get('x-goog-api-key') !== apiKey) return sendError(res, 400, 'API key not valid. Please pass a valid API key.');
    const body = req.body as GeminiRequestBody;
    if (!body || !Array.isArray(body.contents) || body.contents.length === 0) return sendError(res, 400, '* GenerateContentRequest.contents: contents is not specified');
    const model = (req.params as unknown as Record<string, string>)[0] ?? '';
    const recorded: RecordedGeminiRequest = {
      model,
      body,
      system: (body.systemInstruction?.parts ?? []).map((p) => p.text ?? '').join(''),
      receivedAt: Date.now(),
    };
    fake.requests.push(recorded);
    const next = queue.shift() ?? fake.fallback;
    const answer = typeof next === 'function' ? next(recorded) : next;
    const delay = fake.delayMs + (answer.delayMs ?? 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (res.destroyed || res.writableEnded) return undefined; // the client gave up (timeout)
    if ('error' in answer) return sendError(res, answer.error);
    const parts: Record<string, unknown>[] = [];
    if (answer.text) parts.push({ text: answer.text });
    if ('calls' in answer) {
      answer.calls.forEach((c, i) => {
        parts.push({
          functionCall: { name: c.name, args: c.args ?? {}, ...(c.id ? { id: c.id } : {}) },
          ...(i === 0 ? { thoughtSignature: Buffer.from(`sig-${fake.requests.length}`).toString('base64') } : {}),
        });
      });
    }
    const promptTokens = Math.ceil(JSON.stringify(body).length / 4);
    const outputTokens = Math.ceil(JSON.stringify(parts).length / 4);
    res.json({
      candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: promptTokens, candidatesTokenCount: outputTokens, totalTokenCount: promptTokens + outputTokens },
      modelVersion: model,
      responseId: randomBytes(8).toString('base64url'),
    });
    return undefined;
  });
  app.use((_req: Request, res: Response) => sendError(res, 404, 'Not found.'));

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
