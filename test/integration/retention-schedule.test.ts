import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { ref } from '@mikro-orm/core';
import { expect } from 'chai';
import { ScheduleNotFoundError } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createLogger } from '../../services/infra/logger';
import { createSmsTransport } from '../../services/infra/sms-transport';
import { openDatabase, type Orm } from '../../schemas/db';
import { DataExportToken, Message, User } from '../../schemas/entities';
import { connectClient, type TemporalClient } from '../../temporal/connection';
import { ensureRetentionSchedule, RETENTION_SCHEDULE_ID } from '../../temporal/retention-schedule';
import { createWorker } from '../../workers/create-worker';
import type { RetentionPurgeResult } from '../../workflows/contracts/retention-purge';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../helpers/databases';
import { waitFor } from '../helpers/ports';
import { testNumber } from '../helpers/stack';
import { getDevServer, getWorkflowBundle } from '../helpers/temporal';

const DAY = 86_400_000;
/** The client and the worker share one payload key (temporal/codec.ts). */
const PAYLOAD_KEYS = [{ id: 'test', key: randomBytes(32) }];

describe('the retention Schedule', function () {
  this.timeout(120_000);
  let client: TemporalClient;

  before(async () => {
    client = await connectClient({ address: (await getDevServer()).address, namespace: 'default', encryptionKeys: PAYLOAD_KEYS });
  });
  const removeSchedule = () =>
    client.schedule.getHandle(RETENTION_SCHEDULE_ID).delete().catch((err: unknown) => {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    });
  after(async () => {
    await removeSchedule();
    await client?.connection.close();
  });

  it('is created once at start, left alone when nothing changed, and updated when the retention changes', async () => {
    await removeSchedule(); // a worker process of another test may have created it on this server
    const taskQueue = `retention-${randomBytes(4).toString('hex')}`;
    expect(await ensureRetentionSchedule(client, { taskQueue, messageRetentionDays: 365 })).to.equal('created');
    expect(await ensureRetentionSchedule(client, { taskQueue, messageRetentionDays: 365 })).to.equal('unchanged');
    expect(await ensureRetentionSchedule(client, { taskQueue, messageRetentionDays: 90 })).to.equal('updated');
    const d = await client.schedule.getHandle(RETENTION_SCHEDULE_ID).describe();
    expect(d.spec.calendars?.[0]).to.deep.include({ hour: [{ start: 8, end: 8, step: 1 }], minute: [{ start: 15, end: 15, step: 1 }] });
    expect(d.action.type).to.equal('startWorkflow');
    if (d.action.type === 'startWorkflow') {
      expect(d.action.workflowType).to.equal('retentionPurgeWorkflow');
      expect(d.action.taskQueue).to.equal(taskQueue);
      expect(d.action.args).to.deep.equal([{ messageRetentionDays: 90 }]);
    }
    expect(d.policies.overlap).to.equal('SKIP');
  });

  for (const kind of DB_KINDS) {
    it(`when it fires, deletes messages past the retention and expired export links, nothing else (${kind})`, async () => {
      const db: TestDatabase = await createTestDatabase(kind);
      let orm: Orm | undefined;
      const connection = await NativeConnection.connect({ address: (await getDevServer()).address });
      try {
        orm = await openDatabase(db.config, { migrate: true });
        const em = orm.em.fork();
        const user = new User({ phone: testNumber(), assistantNumber: testNumber() });
        const old = new Message({ user: ref(user), direction: 'inbound', body: 'vieux', status: 'received', createdAt: new Date(Date.now() - 400 * DAY) });
        const recent = new Message({ user: ref(user), direction: 'inbound', body: 'récent', status: 'received', createdAt: new Date(Date.now() - 10 * DAY) });
        const link = new DataExportToken({ tokenHash: 'a'.repeat(64), user: ref(user), expiresAt: new Date(Date.now() - 60_000) });
        em.persist([user, old, recent, link]);
        await em.flush();

        const taskQueue = `retention-${randomBytes(4).toString('hex')}`;
        await removeSchedule();
        await ensureRetentionSchedule(client, { taskQueue, messageRetentionDays: 365 });
        const logger = createLogger({ level: 'error', json: true, service: 'test' });
        const worker = await createWorker({
          connection,
          namespace: 'default',
          taskQueue,
          encryptionKeys: PAYLOAD_KEYS,
          workflowBundle: await getWorkflowBundle(),
          deps: { orm, transport: createSmsTransport({ credentials: null, apiBaseUrl: 'http://127.0.0.1' }, { dataDir: tmpdir(), logger }), publicBaseUrl: 'http://127.0.0.1', logger, temporal: client, taskQueue, nagMinutes: [10] },
        });
        const result = await worker.runUntil(async () => {
          await client.schedule.getHandle(RETENTION_SCHEDULE_ID).trigger();
          const runId = await waitFor(async () => {
            const d = await client.schedule.getHandle(RETENTION_SCHEDULE_ID).describe();
            return d.info.recentActions.at(-1)?.action.workflow.workflowId ?? null;
          }, { what: 'the schedule to start a run' });
          return (await client.workflow.getHandle(runId).result()) as RetentionPurgeResult;
        });
        expect(result.purged).to.include({ messages: 1, exportLinks: 1 });
        const left = await orm.em.fork().find(Message, { user: user.id });
        expect(left.map((m) => m.body)).to.deep.equal(['récent']);
      } finally {
        await connection.close();
        await orm?.close(true);
        await db.drop();
      }
    });
  }
});
