import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { NativeConnection } from '@temporalio/worker';
import { createBackup, pruneBackups, readErasures, restoreFiles, verifyArchive } from '../../services/infra/backup';
import { createLogger } from '../../services/infra/logger';
import { createSmsTransport } from '../../services/infra/sms-transport';
import { startAccountDeletion } from '../../services/privacy/deletion';
import { applyErasureList, erasuresInDatabase } from '../../services/privacy/erasure-list';
import { loadConfig } from '../../schemas/config';
import { openDatabase } from '../../schemas/db';
import { Reminder, User } from '../../schemas/entities';
import { connectClient } from '../../temporal/connection';
import { ensureDevServer, type DevServer } from '../../temporal/dev-server';
import { createWorker } from '../../workers/create-worker';
import { startFakeTwilio } from '../fakes/twilio-server';
import { createTestDatabase, DB_KINDS } from '../helpers/databases';
import { freePort, waitFor } from '../helpers/ports';
import { startStack } from '../helpers/stack';
import { getWorkflowBundle } from '../helpers/temporal';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

for (const db of DB_KINDS) {
  describe(`backup and restore of the database and the embedded Temporal store (${db})`, function () {
    this.timeout(300_000);
    const cleanups: (() => Promise<void> | void)[] = [];
    after(async () => {
      for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
    });

    it('a reminder set before the backup still fires after the database and the Temporal store were wiped and restored', async () => {
      // Our own dev server on a file we can back up, wipe and restart on.
      const dir = mkdtempSync(join(tmpdir(), 'assistant-backup-test-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const temporalDbFile = join(dir, 'temporal.db');
      const backupDir = join(dir, 'backups');
      const serverOpts = { port: await freePort(), uiPort: await freePort(), dbFile: temporalDbFile, namespace: 'default' };
      let server: DevServer = await ensureDevServer(serverOpts);
      cleanups.push(() => server.stop());
      const address = `127.0.0.1:${serverOpts.port}`;

      const stack = await startStack({ db, temporalAddress: address });
      let stackOpen = true;
      cleanups.push(() => (stackOpen ? stack.close() : undefined));
      const user = await stack.addUser({ language: 'fr' });
      const leaving = await stack.addUser({ language: 'fr' });
      await stack.inbound(user, 'rappelle-moi de sortir les poubelles dans 1 minute');
      // The first turn on a fresh dev server: 5 s was too tight on a loaded machine (seen once).
      expect((await stack.twilio.waitForMessages(1, { to: user.phone, timeoutMs: 30_000 }))[0]!.body).to.match(/^OK! Je te rappelle de sortir les poubelles/);
      const reminder = await waitFor(async () => (await stack.orm.em.fork().findOne(Reminder, { user: user.id })) ?? null, { what: 'reminder row' });

      // Back up while everything runs (online backup of both SQLite stores, or pg_dump).
      const backup = await createBackup({ database: stack.config.database, temporalDbFile, backupDir });
      const verified0 = await verifyArchive(backup.archive);
      verified0.cleanup();
      expect(backup.manifest.files.map((f) => f.name)).to.deep.equal([db === 'sqlite' ? 'assistant.db' : 'database.dump', 'temporal.db']);

      // Someone erases their account after the backup: a restore must not bring them back.
      const deletion = await startAccountDeletion({ temporal: stack.temporal, taskQueue: stack.config.temporal.taskQueue }, { userId: leaving.id, requestedBy: 'api', notify: false, language: 'fr' });
      await stack.temporal.workflow.getHandle(deletion).result();
      const erasures = [...readErasures(stack.config.backup.dir), ...(await erasuresInDatabase(stack.orm))];
      expect(erasures.length).to.be.at.least(1);

      // Disaster: the worker, the database and the Temporal store are gone.
      const env = stack.env;
      await stack.close(); // drops the database
      stackOpen = false;
      await server.stop();
      for (const f of readdirSync(dir).filter((n) => n.startsWith('temporal.db'))) rmSync(join(dir, f));

      // Restore onto a fresh database and the same Temporal file, as `npm run restore` does.
      const fresh = await createTestDatabase(db);
      cleanups.push(() => fresh.drop());
      // The backup holds ciphertexts: the restored database is read with the keys that wrote it.
      const target = { ...fresh, config: { ...fresh.config, encryptionKeys: stack.config.database.encryptionKeys } };
      const payloadKeys = stack.config.encryptionKeys;
      const restoreStarted = performance.now();
      const verified = await verifyArchive(backup.archive);
      try {
        await restoreFiles(verified, { database: target.config, temporalDbFile });
      } finally {
        verified.cleanup();
      }
      const orm = await openDatabase(target.config, { migrate: true });
      cleanups.push(() => orm.close());
      const { reErased } = await applyErasureList(orm, erasures);
      const restoreMs = performance.now() - restoreStarted;
      expect(reErased).to.equal(1);
      expect(await orm.em.fork().count(User, { id: leaving.id })).to.equal(0);
      expect(await orm.em.fork().count(User, { id: user.id })).to.equal(1);

      const restartStarted = performance.now();
      server = await ensureDevServer(serverOpts);
      const restartMs = performance.now() - restartStarted;
      expect(server.started).to.equal(true);

      // A worker again (new Twilio fake, same task queue): the restored reminder workflow fires.
      const twilio = await startFakeTwilio();
      cleanups.push(() => twilio.close());
      const config = loadConfig({ ...env, DATABASE_URL: target.url, TWILIO_ACCOUNT_SID: twilio.accountSid, TWILIO_AUTH_TOKEN: twilio.authToken, TWILIO_API_BASE_URL: twilio.url });
      const temporal = await connectClient({ address, namespace: 'default', encryptionKeys: payloadKeys });
      cleanups.push(() => temporal.connection.close());
      const described = await temporal.workflow.getHandle(reminder.workflowId).describe();
      expect(described.status.name).to.equal('RUNNING');
      const connection = await NativeConnection.connect({ address });
      const logger = createLogger({ level: 'error', json: true, service: 'test' });
      const worker = await createWorker({
        connection,
        namespace: 'default',
        taskQueue: config.temporal.taskQueue,
        encryptionKeys: payloadKeys,
        workflowBundle: await getWorkflowBundle(),
        deps: { orm, transport: createSmsTransport(config.twilio, { dataDir: dir, logger }), publicBaseUrl: config.publicBaseUrl, logger, temporal, taskQueue: config.temporal.taskQueue, nagMinutes: config.reminders.nagMinutes },
      });
      const running = worker.run();
      cleanups.push(async () => {
        worker.shutdown();
        await running;
        await connection.close();
      });
      const [fired] = await twilio.waitForMessages(1, { to: user.phone, timeoutMs: 150_000 });
      expect(fired!.body).to.match(/^Rappel: sortir les poubelles\./);
      expect(fired!.from).to.equal(user.assistantNumber);

      console.log(
        `      [${db}] backup ${seconds(backup.ms)} (database ${backup.manifest.timingsMs.database} ms, temporal ${backup.manifest.timingsMs.temporal} ms), ` +
          `restore ${seconds(restoreMs)} (verify + files + migrate + re-erase), Temporal restart ${seconds(restartMs)}`,
      );
    });
  });
}

describe('npm run backup / npm run restore', function () {
  this.timeout(120_000);

  it('backs up from the command line, refuses to restore over a live server, restores when it is stopped, and rejects a corrupt archive', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'assistant-backup-cli-'));
    const blocker = await import('node:net').then((net) => net.createServer().listen(0, '127.0.0.1'));
    await new Promise((r) => blocker.once('listening', r));
    const busyPort = (blocker.address() as { port: number }).port;
    const env = { ...process.env, DATA_DIR: dataDir, TEMPORAL_DEV_SERVER_PORT: String(busyPort), PORT: String(await freePort()), LOG_LEVEL: 'error' };
    const cli = (script: string, args: string[]) => run(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env });
    try {
      await cli('cli/admin.ts', ['user', 'add', '--phone', '+15145550100', '--number', '+15145550199']);
      const out = JSON.parse((await cli('cli/backup.ts', ['--json'])).stdout) as { archive: string; totalMs: number; files: { name: string }[]; notes: string[] };
      expect(out.files.map((f) => f.name)).to.deep.equal(['assistant.db']);
      expect(out.notes.join(' ')).to.match(/no Temporal store/);

      // The archive has no Temporal store, so only the api port matters: make it busy too.
      const refused = await run(process.execPath, ['--import', 'tsx', 'cli/restore.ts', out.archive], { cwd: ROOT, env: { ...env, PORT: String(busyPort) } }).catch((e: { code: number; stderr: string }) => e);
      expect((refused as { code: number }).code).to.equal(1);
      expect((refused as { stderr: string }).stderr).to.match(/^restore failed: something is listening on port \d+ \(the api\?\): stop the product before restoring, or pass --force/);

      const restored = JSON.parse((await cli('cli/restore.ts', [out.archive, '--json'])).stdout) as { totalMs: number; reErased: number };
      expect(restored.reErased).to.equal(0);
      const users = JSON.parse((await cli('cli/admin.ts', ['user', 'list', '--json'])).stdout) as { phone: string }[];
      expect(users.map((u) => u.phone)).to.deep.equal(['+15145550100']);

      writeFileSync(`${out.archive}.sha256`, `${'0'.repeat(64)}  x\n`);
      const corrupt = await cli('cli/restore.ts', [out.archive]).catch((e: { code: number; stderr: string }) => e);
      expect((corrupt as { stderr: string }).stderr).to.match(/^restore failed: checksum mismatch/);
    } finally {
      blocker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('prunes archives older than the retention, always keeping the newest ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'assistant-prune-'));
    try {
      const now = new Date('2026-12-02T12:00:00Z');
      const names = [1, 2, 3, 40, 41, 90].map((days) => {
        const d = new Date(now.getTime() - days * 86_400_000);
        const name = `assistant-backup-${d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.tar.gz`;
        writeFileSync(join(dir, name), 'x');
        writeFileSync(join(dir, `${name}.sha256`), 'x');
        utimesSync(join(dir, name), d, d);
        return name;
      });
      writeFileSync(join(dir, 'erasures.jsonl'), '');
      const name = (p: string) => p.split('/').pop();
      // Keep 4: the 40-day-old one is among the newest 4 and stays, though past the retention.
      expect(pruneBackups(dir, { retentionDays: 30, keep: 4, now }).map(name)).to.deep.equal([names[4], names[5]]);
      expect(pruneBackups(dir, { retentionDays: 30, keep: 2, now }).map(name)).to.deep.equal([names[3]]);
      expect(pruneBackups(dir, { retentionDays: 30, keep: 1, now })).to.deep.equal([]); // 3 days old: within the retention
      expect(readdirSync(dir).sort()).to.deep.equal([...names.slice(0, 3).flatMap((n) => [n, `${n}.sha256`]), 'erasures.jsonl'].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
