/**
 * Records event histories of real workflow runs (time-skipping server, scripted activities) into
 * test/histories/*.history.bin, for the replay test that guards determinism. Run it again only when a
 * workflow change is *meant* to be incompatible (and version the workflow instead if old runs
 * still exist in production): `npx tsx test/histories/record.ts`.
 * Recorded without the payload codec on purpose: plain payloads need no key to replay, and the
 * replay test runs them through the product's codec, which passes unencrypted payloads through.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { resolveTestServer } from '../../temporal/cli-path';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../temporal/search-attributes';
import { workflowsPath } from '../../workers/create-worker';
import { conversationWorkflow } from '../../workflows/conversation';
import { inboundSmsSignal } from '../../workflows/contracts/conversation';
import { acknowledgeSignal, snoozeSignal, type ReminderInput } from '../../workflows/contracts/reminder';
import { reminderWorkflow } from '../../workflows/reminder';
import { reminderFiredSignal } from '../../workflows/contracts/conversation';

const MIN = 60_000;

/** Binary protobuf: exact, compact, and immune to JSON-mapping differences between SDK versions. */
const encode = (history: temporal.api.history.v1.IHistory) => temporal.api.history.v1.History.encode(history).finish();

async function main(): Promise<void> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: resolveTestServer() } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(CUSTOM_SEARCH_ATTRIBUTES.map((a) => [a.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
  });
  let sends = 0;
  const activities = {
    recordInbound: async () => ({ status: 'active', language: 'fr', timezone: 'America/Toronto' }),
    interpretMessage: async ({ body }: { body: string }) =>
      body === 'ok'
        ? { language: 'fr', kind: 'reminder', reminderId: 'r-missing', action: 'ack', reply: "Bravo! C'est noté." }
        : body === 'liste'
          ? { language: 'fr', kind: 'tool', call: { tool: 'listReminders' } }
          : { language: 'fr', kind: 'reply', text: `re: ${body}` },
    listReminders: async () => ({ reply: "Tu n'as aucun rappel prévu." }),
    sendSms: async () => ({ status: 'sent', sid: `SM${++sends}`, segments: 1 }),
    recordReminderState: async () => undefined,
    announceReminder: async () => undefined,
  };
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'record', workflowsPath, activities });
  const save = async (name: string, workflowId: string, runId?: string) => {
    const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    writeFileSync(join(__dirname, `${name}.history.bin`), encode(history));
    process.stdout.write(`recorded ${name} (${history.events?.length} events)\n`);
  };

  await worker.runUntil(async () => {
    // A conversation: plain replies, a tool call, an answer to a fired reminder, continue-as-new.
    const conv = await env.client.workflow.start(conversationWorkflow, {
      taskQueue: 'record', workflowId: 'conversation-recorded', args: [{ userId: 'u1', maxTurnsPerRun: 4 }],
    });
    await conv.signal(reminderFiredSignal, { reminderId: 'r-missing', text: 'x', occurrence: 1, dueAt: new Date().toISOString() });
    for (const [i, body] of ['bonjour', 'liste', 'ok', 'encore'].entries()) {
      await conv.signal(inboundSmsSignal, { messageSid: `SM-rec-${i}`, body, receivedAt: new Date(Date.UTC(2026, 10, 24, 12, i)).toISOString() });
    }
    while (sends < 4) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500)); // let the run reach continue-as-new
    await save('conversation', conv.workflowId, conv.firstExecutionRunId);
    await conv.terminate();

    const base = async (id: string, over: Partial<ReminderInput> = {}): Promise<ReminderInput> => ({
      reminderId: id, userId: 'u1', text: 'prendre mes médicaments', language: 'fr', timezone: 'America/Toronto',
      rrule: null, explicitTime: true, nagMinutes: [10, 20, 40], quietHours: { start: '22:00', end: '07:00' },
      dueAt: new Date((await env.currentTimeMs()) + 30 * MIN).toISOString(), ...over,
    });
    // A reminder that nags three times and is missed.
    const missed = await env.client.workflow.start(reminderWorkflow, { taskQueue: 'record', workflowId: 'reminder-missed', args: [await base('missed')] });
    await missed.result();
    await save('reminder-missed', missed.workflowId);

    // A snoozed, then acknowledged reminder.
    const snoozed = await env.client.workflow.start(reminderWorkflow, { taskQueue: 'record', workflowId: 'reminder-snoozed', args: [await base('snoozed')] });
    const before = sends;
    await env.sleep(31 * MIN);
    while (sends === before) await new Promise((r) => setTimeout(r, 50));
    await snoozed.signal(snoozeSignal, { until: new Date((await env.currentTimeMs()) + 10 * MIN).toISOString() });
    await env.sleep(11 * MIN);
    while (sends < before + 2) await new Promise((r) => setTimeout(r, 50));
    await snoozed.signal(acknowledgeSignal);
    await snoozed.result();
    await save('reminder-snoozed', snoozed.workflowId);

    // A daily reminder: its first run ends by continuing as new.
    const daily = await env.client.workflow.start(reminderWorkflow, {
      taskQueue: 'record', workflowId: 'reminder-daily', args: [await base('daily', { rrule: 'FREQ=DAILY', nagMinutes: [10] })],
    });
    const firstRun = (await daily.describe()).runId;
    await env.sleep(24 * 60 * MIN);
    const history = await env.client.workflow.getHandle('reminder-daily', firstRun).fetchHistory();
    writeFileSync(join(__dirname, 'reminder-daily.history.bin'), encode(history));
    process.stdout.write(`recorded reminder-daily (${history.events?.length} events)\n`);
    await daily.terminate();
  });
  await env.teardown();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
