import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Reminder } from '../../schemas/entities';
import { ensureDevServer, type DevServer } from '../../temporal/dev-server';
import { rescheduleSignal } from '../../workflows/contracts/reminder';
import { freePort, waitFor } from '../helpers/ports';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The promise of the product: a reminder survives anything. Here the worker and the Temporal
 * server are both SIGKILLed right at the due time, then restarted on the same files.
 */
describe('a reminder when everything crashes at its due time', function () {
  this.timeout(180_000);
  let dir: string;
  let ports: { port: number; uiPort: number };
  let dev: DevServer;
  let stack: Stack;

  const startTemporal = () => ensureDevServer({ ...ports, dbFile: join(dir, 'temporal.db'), namespace: 'default' });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'assistant-crash-'));
    ports = { port: await freePort(), uiPort: await freePort() };
    dev = await startTemporal();
    stack = await startStack({ db: 'sqlite', worker: 'child', temporalAddress: dev.address });
  });
  after(async () => {
    await stack?.close();
    await dev?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('texts exactly once after the worker and the Temporal server are SIGKILLed and restarted', async () => {
    const user = await stack.addUser({ language: 'en' });
    await stack.inbound(user, 'remind me to take out the trash in 20 minutes');
    await stack.twilio.waitForMessages(1, { to: user.phone });
    const reminder = await waitFor(async () => stack.orm.em.fork().findOne(Reminder, { user: user.id }), { what: 'reminder row' });

    const dueAt = Date.now() + 3000;
    await stack.temporal.workflow.getHandle(reminder.workflowId).signal(rescheduleSignal, { dueAt: new Date(dueAt).toISOString() });
    // Kill both right after the due time: the timer has fired, the send may be in flight.
    await new Promise((r) => setTimeout(r, dueAt - Date.now() + 150));
    process.kill(-dev.pid!, 'SIGKILL'); // the server runs in its own process group
    await stack.killWorker();
    await new Promise((r) => setTimeout(r, 2000));

    dev = await startTemporal();
    expect(dev.started).to.equal(true);
    await stack.startWorker();

    const messages = await stack.twilio.waitForMessages(2, { to: user.phone, timeoutMs: 60_000 });
    expect(messages[1]!.body).to.match(/^Reminder: take out the trash\. Reply OK when done/);
    await new Promise((r) => setTimeout(r, 3000)); // room for a duplicate to show itself
    expect(stack.twilio.messages.filter((m) => m.to === user.phone)).to.have.length(2);
    const row = await stack.orm.em.fork().findOneOrFail(Reminder, { id: reminder.id });
    expect(row.status).to.equal('firing');
  });
});
