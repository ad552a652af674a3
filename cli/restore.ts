import { parseArgs } from 'node:util';
import { BackupError, postgresInUse, readErasures, restoreFiles, verifyArchive } from '../services/infra/backup';
import { applyErasureList, erasuresInDatabase, type ErasureEntry } from '../services/privacy/erasure-list';
import { loadConfigOrExit } from '../schemas/config';
import { openDatabase } from '../schemas/db';
import { isListening } from '../temporal/dev-server';
import { embeddedTemporalFile } from './backup-paths';

const USAGE = 'usage: npm run restore -- <archive.tar.gz | directory> [--force] [--json]';

/**
 * `npm run restore -- <archive>`: verifies every checksum first, refuses to run over a live
 * product unless --force, puts the database (and the embedded Temporal store) back, migrates it,
 * then erases again the accounts deleted since the backup (the erasure index and the current
 * database's audit rows).
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { force: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  const archive = positionals[0];
  if (!archive || positionals.length > 1) throw new BackupError(USAGE);
  const config = loadConfigOrExit();
  const started = performance.now();

  const t0 = performance.now();
  const verified = await verifyArchive(archive);
  const verifyMs = Math.round(performance.now() - t0);
  try {
    const temporalDbFile = verified.manifest.temporal ? embeddedTemporalFile(config) : null;
    if (verified.manifest.temporal && !temporalDbFile) {
      throw new BackupError('this archive holds an embedded Temporal store but TEMPORAL_ADDRESS is set: unset it to restore the embedded server, or restore your cluster separately');
    }
    if (!values.force) await refuseIfLive(config, temporalDbFile !== null);

    // Accounts erased since the backup: the index beside the archives, plus the current database's audit.
    const erasures: ErasureEntry[] = readErasures(config.backup.dir);
    try {
      const current = await openDatabase(config.database);
      try {
        erasures.push(...(await erasuresInDatabase(current)));
      } finally {
        await current.close();
      }
    } catch {
      // No current database (the disaster being recovered from): the index is all there is.
    }

    const timingsMs = await restoreFiles(verified, { database: config.database, temporalDbFile });
    const t1 = performance.now();
    const orm = await openDatabase(config.database, { migrate: true });
    let reErased: number;
    try {
      ({ reErased } = await applyErasureList(orm, erasures));
    } finally {
      await orm.close();
    }
    const totalMs = Math.round(performance.now() - started);
    const json = { archive, createdAt: verified.manifest.createdAt, verifyMs, timingsMs: { ...timingsMs, migrateAndErase: Math.round(performance.now() - t1) }, totalMs, reErased };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      return;
    }
    process.stdout.write(
      [
        `restored ${archive} (taken ${verified.manifest.createdAt})`,
        `  checksums verified  ${verifyMs} ms`,
        `  database (${config.database.kind})  ${timingsMs.database} ms`,
        ...(timingsMs.temporal !== undefined ? [`  temporal store      ${timingsMs.temporal} ms`] : []),
        `  migrate + re-erase  ${json.timingsMs.migrateAndErase} ms (${reErased} account(s) erased since this backup, erased again)`,
        `  total               ${totalMs} ms`,
        '  now start the product (npm start, or the api and worker)',
        '',
      ].join('\n'),
    );
  } finally {
    verified.cleanup();
  }
}

async function refuseIfLive(config: ReturnType<typeof loadConfigOrExit>, embedded: boolean): Promise<void> {
  if (embedded && (await isListening(config.temporal.devServerPort))) {
    throw new BackupError(
      `a Temporal server is listening on 127.0.0.1:${config.temporal.devServerPort}: stop npm start (Ctrl-C) before restoring, or pass --force if that server does not use ${config.dataDir}`,
    );
  }
  if (config.database.kind === 'sqlite' && (await isListening(config.port))) {
    throw new BackupError(`something is listening on port ${config.port} (the api?): stop the product before restoring, or pass --force`);
  }
  if (config.database.kind === 'postgres') {
    const others = await postgresInUse(config.database.url).catch(() => 0);
    if (others > 0) {
      throw new BackupError(`${others} other connection(s) to this PostgreSQL database (api, worker?): stop them before restoring, or pass --force`);
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`restore failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
