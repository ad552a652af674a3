import { expect } from 'chai';
import { createGeminiModel, type ModelRequest, ModelUnavailable } from '../../activities/brain/gemini';
import { functionDeclarations } from '../../activities/brain/tool-registry';
import { createLogger } from '../../services/infra/logger';
import type { GeminiConfig } from '../../schemas/config';
import { startFakeGemini, type FakeGemini } from '../fakes/gemini-server';

/** The real @google/genai client against the fake Gemini REST API, behind the breaker. */
describe('the Gemini model client (real @google/genai, fake Gemini API)', function () {
  this.timeout(30_000);
  let fake: FakeGemini;
  const logger = createLogger({ level: 'error', json: true, service: 'test' });
  const config = (over: Partial<GeminiConfig> = {}): GeminiConfig => ({
    apiKey: fake.apiKey, model: 'gemini-2.5-flash', baseUrl: fake.url, timeoutMs: 800, maxSteps: 4,
    breakerFailures: 2, breakerHalfOpenMs: 500, ...over,
  });
  const request: ModelRequest = {
    system: 'You are a test.',
    contents: [{ role: 'user', parts: [{ text: 'ajoute du lait' }] }],
    tools: functionDeclarations('fr'),
    allowTools: true,
  };
  const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof ModelUnavailable ? e.reason : e));

  before(async () => {
    fake = await startFakeGemini();
  });
  beforeEach(() => fake.reset());
  after(async () => fake.close());

  it('sends the system instruction, the contents and every tool declaration, and reads text', async () => {
    fake.script({ text: 'Salut!' });
    const answer = await createGeminiModel(config(), logger).generate(request);
    expect(answer).to.deep.equal({ text: 'Salut!', calls: [] });
    const [req] = fake.requests;
    expect(req!.model).to.equal('gemini-2.5-flash');
    expect(req!.system).to.equal('You are a test.');
    expect(req!.body.contents).to.deep.equal(request.contents);
    expect(req!.body.tools?.[0]?.functionDeclarations?.map((d) => d.name)).to.include.members(['add_task', 'create_reminder', 'plan_day']);
    expect(req!.body.toolConfig?.functionCallingConfig?.mode).to.equal('AUTO');
  });

  it('reads function calls with their thought signature, and forbids tools on the last step', async () => {
    fake.script({ calls: [{ name: 'add_task', args: { title: 'acheter du lait' } }, { name: 'list_tasks' }] }, { text: 'ok' });
    const model = createGeminiModel(config(), logger);
    const answer = await model.generate(request);
    expect(answer.text).to.equal(null);
    expect(answer.calls.map((c) => [c.name, c.args])).to.deep.equal([['add_task', { title: 'acheter du lait' }], ['list_tasks', {}]]);
    expect(answer.calls[0]!.signature).to.be.a('string').and.not.equal('');
    expect(answer.calls[1]!.signature).to.equal(null);
    await model.generate({ ...request, allowTools: false });
    expect(fake.requests[1]!.body.toolConfig?.functionCallingConfig?.mode).to.equal('NONE');
  });

  it('turns 429, 500 and a slow answer into "unavailable", without retrying', async () => {
    const model = createGeminiModel(config({ breakerFailures: 10 }), logger);
    fake.script({ error: 429 }, { error: 500 }, { text: 'late', delayMs: 2000 }, { error: 400 });
    expect(await failure(model.generate(request))).to.equal('rate_limited');
    expect(await failure(model.generate(request))).to.equal('server_error');
    const started = Date.now();
    expect(await failure(model.generate(request))).to.equal('timeout');
    expect(Date.now() - started).to.be.below(1500);
    expect(await failure(model.generate(request))).to.equal('client_error');
    expect(fake.requests).to.have.length(4);
  });

  it('opens the circuit after consecutive failures, then half-opens and closes on a success', async () => {
    const model = createGeminiModel(config(), logger);
    fake.script({ error: 429 }, { error: 503 });
    expect(await failure(model.generate(request))).to.equal('rate_limited');
    expect(model.circuit()).to.equal('closed');
    expect(await failure(model.generate(request))).to.equal('server_error');
    expect(model.circuit()).to.equal('open');
    // Open: fails at once, Gemini is not called.
    expect(await failure(model.generate(request))).to.equal('circuit_open');
    expect(fake.requests).to.have.length(2);
    await new Promise((r) => setTimeout(r, 600));
    // Half-open: one trial call; it succeeds, the circuit closes.
    fake.script({ text: 'back' });
    expect((await model.generate(request)).text).to.equal('back');
    expect(model.circuit()).to.equal('closed');
    expect(fake.requests).to.have.length(3);
  });

  it('re-opens at once when the half-open trial fails', async () => {
    const model = createGeminiModel(config({ breakerFailures: 1 }), logger);
    fake.script({ error: 500 }, { error: 500 });
    expect(await failure(model.generate(request))).to.equal('server_error');
    expect(model.circuit()).to.equal('open');
    await new Promise((r) => setTimeout(r, 600));
    expect(await failure(model.generate(request))).to.equal('server_error');
    expect(model.circuit()).to.equal('open');
    expect(await failure(model.generate(request))).to.equal('circuit_open');
    expect(fake.requests).to.have.length(2);
  });

  it('is refused with a bad key (400 from the API), like Gemini does', async () => {
    const model = createGeminiModel({ ...config(), apiKey: 'wrong' }, logger);
    expect(await failure(model.generate(request))).to.equal('client_error');
  });
});
