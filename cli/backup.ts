import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { appendErasures, BackupError, createBackup, pruneBackups } from '../services/infra/backup';
import { erasuresInDatabase } from '../services/privacy/erasure-list';
import { loadConfigOrExit } from '../schemas/config';
import { openDatabase } from '../schemas/db';
import { embeddedTemporalFile } from './backup-paths';

/**
 * `npm run backup [-- --json]`: one dated, checksummed archive of the database (and the embedded
 * Temporal store) in BACKUP_DIR, the erased-accounts index brought up to date, old archives pruned.
 * Safe while the product runs.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { json: { type: 'boolean', default: false } } });
  const config = loadConfigOrExit();
  const notes: string[] = [];
  let temporalDbFile = embeddedTemporalFile(config);
  if (temporalDbFile && !existsSync(temporalDbFile)) {
    notes.push(`no Temporal store at ${temporalDbFile} (never started?): database only`);
    temporalDbFile = null;
  }
  if (!temporalDbFile && config.temporal.address) notes.push('Temporal is external (TEMPORAL_ADDRESS): back up its own database with its operator tools');

  // The index lives beside the archives, outside them: restoring any archive re-erases these accounts.
  const orm = await openDatabase(config.database, { migrate: true });
  let indexed: number;
  try {
    indexed = appendErasures(config.backup.dir, await erasuresInDatabase(orm));
  } finally {
    await orm.close();
  }
  const result = await createBackup({ database: config.database, temporalDbFile, backupDir: config.backup.dir });
  const pruned = pruneBackups(config.backup.dir, { retentionDays: config.backup.retentionDays, keep: config.backup.keep });
  const bytes = statSync(result.archive).size;
  const json = { archive: result.archive, bytes, totalMs: result.ms, timingsMs: result.manifest.timingsMs, files: result.manifest.files, erasuresIndexed: indexed, pruned, notes };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const t = result.manifest.timingsMs;
  process.stdout.write(
    [
      `backup written: ${result.archive} (${(bytes / 1024).toFixed(1)} KiB)`,
      `  database (${config.database.kind})  ${t.database} ms`,
      ...(t.temporal !== undefined ? [`  temporal store      ${t.temporal} ms`] : []),
      `  checksums + tar     ${(t.checksums ?? 0) + (t.archive ?? 0)} ms`,
      `  total               ${result.ms} ms`,
      `  erasure index: ${indexed} new entr${indexed === 1 ? 'y' : 'ies'}; pruned ${pruned.length} old archive(s) (retention ${config.backup.retentionDays} d, keep ${config.backup.keep})`,
      ...notes.map((n) => `  note: ${n}`),
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`backup failed: ${err instanceof BackupError || err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
