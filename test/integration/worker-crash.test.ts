import { expect } from 'chai';
import { startStack, type Stack } from '../helpers/stack';

describe('a worker killed mid-conversation', function () {
  this.timeout(180_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({ db: 'sqlite', worker: 'child' });
  });
  after(async () => {
    await stack?.close();
  });

  it('loses no message and answers each exactly once after a restart', async () => {
    const user = await stack.addUser({ language: 'en' });
    expect((await stack.inbound(user, 'hello 1')).status).to.equal(200);
    expect((await stack.inbound(user, 'hello 2')).status).to.equal(200);
    await stack.killWorker(); // SIGKILL: no graceful shutdown, activities may be mid-flight

    // With no worker at all, Twilio still gets its answer and the messages wait in Temporal.
    for (const n of [3, 4]) expect((await stack.inbound(user, `hello ${n}`)).status).to.equal(200);

    await stack.startWorker();
    const replies = await stack.twilio.waitForMessages(4, { to: user.phone, timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 2000)); // room for a duplicate to show itself
    expect(stack.twilio.messages.filter((m) => m.to === user.phone)).to.have.length(4);
    expect(replies.every((m) => m.from === user.assistantNumber)).to.equal(true);
    const rows = await stack.messages(user.id);
    expect(rows.filter((m) => m.direction === 'inbound').map((m) => m.body).sort()).to.deep.equal(
      ['hello 1', 'hello 2', 'hello 3', 'hello 4'],
    );
    expect(rows.filter((m) => m.direction === 'outbound' && m.twilioSid)).to.have.length(4);
  });
});
