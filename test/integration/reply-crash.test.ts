import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ensureDevServer, type DevServer } from '../../temporal/dev-server';
import { freePort, waitFor } from '../helpers/ports';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Issue 19, "a 200 to Twilio is a promise": a worker SIGKILLed while a reply's request is on its
 * way to Twilio, when that person already got the very same text. The retry asks Twilio what was
 * sent; the earlier identical reply must not be taken for this one.
 */
describe('a reply in flight when the worker is SIGKILLed', function () {
  this.timeout(180_000);
  let stack: Stack;
  let dir: string;
  let dev: DevServer;

  before(async () => {
    // A server of its own: a worker process registers the one retention schedule at start, and on
    // the shared server that schedule may have been written by another suite's child worker, under
    // another data key (each stack's DATA_DIR has its own), which this worker cannot decrypt.
    dir = mkdtempSync(join(tmpdir(), 'assistant-reply-crash-'));
    dev = await ensureDevServer({ port: await freePort(), uiPort: await freePort(), dbFile: join(dir, 'temporal.db'), namespace: 'default' });
    stack = await startStack({ db: 'sqlite', worker: 'child', temporalAddress: dev.address });
  });
  after(async () => {
    await stack?.close();
    await dev?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is still sent after a restart when the same text went to that person just before', async () => {
    const user = await stack.addUser({ language: 'en' });
    expect((await stack.inbound(user, 'HELP')).status).to.equal(200);
    const [first] = await stack.twilio.waitForMessages(1, { to: user.phone, timeoutMs: 30_000 });

    // The second HELP gets the same text; its request reaches Twilio and is lost there.
    stack.twilio.dropRequestNext(1, 5000);
    expect((await stack.inbound(user, 'HELP')).status).to.equal(200);
    const creates = () => stack.twilio.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json')).length;
    await waitFor(async () => creates() >= 2, { timeoutMs: 30_000, what: 'the second reply to reach Twilio' });
    await stack.killWorker();
    await stack.startWorker();

    // The attempt times out (30 s start-to-close), the retry settles it and sends.
    const replies = await stack.twilio.waitForMessages(2, { to: user.phone, timeoutMs: 120_000 });
    expect(replies[1]!.body).to.equal(first!.body);
    expect(replies[1]!.sid).to.not.equal(first!.sid);
    await new Promise((r) => setTimeout(r, 2000)); // room for a duplicate to show itself
    expect(stack.twilio.messages.filter((m) => m.to === user.phone)).to.have.length(2);
    const sids = (await stack.messages(user.id)).filter((m) => m.direction === 'outbound').map((m) => m.twilioSid);
    expect(sids).to.have.members(replies.map((m) => m.sid));
  });
});
