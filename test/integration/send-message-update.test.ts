import { expect } from 'chai';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { sendMessage } from '../../temporal/conversations';
import { waitFor } from '../helpers/ports';
import { startStack, type Stack } from '../helpers/stack';

describe('the sendMessage update (what the REST API and a web app use)', function () {
  this.timeout(90_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({ db: 'sqlite' });
  });
  after(async () => {
    await stack?.close();
  });

  const send = (userId: string, text: string, messageId?: string) =>
    sendMessage(stack.temporal, { userId, taskQueue: stack.config.temporal.taskQueue, text, ...(messageId ? { messageId } : {}) });

  it('returns the reply synchronously, starting the conversation if needed, without texting it', async () => {
    const user = await stack.addUser({ language: 'fr' });
    const { reply } = await send(user.id, 'Bonjour!');
    expect(reply).to.match(/^Salut!/);
    const rows = await waitFor(async () => {
      const m = await stack.messages(user.id);
      return m.length === 2 ? m : null;
    }, { what: 'both messages recorded' });
    expect(rows.map((m) => [m.direction, m.status])).to.deep.equal([['inbound', 'received'], ['outbound', 'delivered']]);
    expect(stack.twilio.messages.filter((m) => m.to === user.phone)).to.have.length(0);
  });

  it('runs tools like an SMS would: a reminder set through the API', async () => {
    const user = await stack.addUser({ language: 'en' });
    const { reply } = await send(user.id, 'remind me to stretch tomorrow at 10am');
    expect(reply).to.equal('Got it: tomorrow at 10 AM, stretch.');
    const { reply: list } = await send(user.id, 'my reminders');
    expect(list).to.match(/^Your reminders:\n1\. stretch - tomorrow at 10 AM$/);
  });

  it('answers SMS and API messages in arrival order and a retried update once', async () => {
    const user = await stack.addUser({ language: 'en' });
    const [a, b] = await Promise.all([send(user.id, 'hello', 'api:same-id'), send(user.id, 'hello', 'api:same-id')]);
    expect(a.reply).to.equal(b.reply);
    const inbound = (await stack.messages(user.id)).filter((m) => m.direction === 'inbound');
    expect(inbound).to.have.length(1);
  });

  it('rejects an empty message before it enters the conversation', async () => {
    const user = await stack.addUser();
    const err = await send(user.id, '   ').catch((e: unknown) => e);
    expect(err).to.be.instanceOf(WorkflowUpdateFailedError);
    expect((err as WorkflowUpdateFailedError).cause?.message).to.match(/1 to 1600 characters/);
    expect(await stack.messages(user.id)).to.have.length(0);
  });
});
