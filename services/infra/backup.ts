import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, appendFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Client as PgClient } from 'pg';
import type { DatabaseConfig } from '../../schemas/config';
import { openSqlite } from './sqlite-file';

const run = promisify(execFile);

/**
 * Backups of everything the product keeps: the application database (pg_dump custom format, or
 * SQLite's online backup API) and, in the embedded case, the Temporal dev server's SQLite store
 * (online backup too, so it is consistent while the server runs in WAL mode). One dated
 * `.tar.gz` per run with a manifest of SHA-256 checksums, verified before any restore.
 */
export interface BackupTargets {
  database: DatabaseConfig;
  /** The embedded dev server's file (DATA_DIR/temporal.db); null when Temporal is external. */
  temporalDbFile: string | null;
  backupDir: string;
}

export interface ManifestFile {
  name: string;
  sha256: string;
  bytes: number;
}

export interface Manifest {
  format: 1;
  createdAt: string;
  database: { kind: DatabaseConfig['kind']; file: string };
  temporal: { file: string } | null;
  files: ManifestFile[];
  timingsMs: Record<string, number>;
}

export const ARCHIVE_PREFIX = 'assistant-backup-';
export const ERASURES_INDEX = 'erasures.jsonl';

export class BackupError extends Error {
  override name = 'BackupError';
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => hash.update(c))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

/** Password out of argv (ps shows it): pg tools read it from PGPASSWORD. */
function pgArgs(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** SQLite online backup: a consistent copy of a live database, WAL included. */
async function sqliteBackup(source: string, dest: string): Promise<void> {
  if (!existsSync(source)) throw new BackupError(`SQLite file not found: ${source}`);
  const db = openSqlite(source, { readonly: true });
  try {
    await db.backup(dest);
  } finally {
    db.close();
  }
}

/** Runs `npm run backup`: writes one archive, returns its path, manifest and how long it took. */
export async function createBackup(t: BackupTargets, now = new Date()): Promise<{ archive: string; manifest: Manifest; ms: number }> {
  const started = performance.now();
  mkdirSync(t.backupDir, { recursive: true });
  const work = mkdtempSync(join(t.backupDir, '.partial-'));
  const timingsMs: Record<string, number> = {};
  const timed = async (name: string, f: () => Promise<void>) => {
    const t0 = performance.now();
    await f();
    timingsMs[name] = Math.round(performance.now() - t0);
  };
  try {
    let dbFile: string;
    if (t.database.kind === 'postgres') {
      dbFile = 'database.dump';
      const { url, env } = pgArgs(t.database.url);
      await timed('database', async () => {
        await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${join(work, dbFile)}`, url], { env }).catch((err: Error) => {
          throw new BackupError(`pg_dump failed: ${err.message.split('\n').slice(-2).join(' ').trim()}`);
        });
      });
    } else {
      dbFile = 'assistant.db';
      const source = t.database.path;
      await timed('database', () => sqliteBackup(source, join(work, dbFile)));
    }
    const temporal = t.temporalDbFile ? { file: 'temporal.db' } : null;
    if (temporal && t.temporalDbFile) {
      const source = t.temporalDbFile;
      await timed('temporal', () => sqliteBackup(source, join(work, temporal.file)));
    }
    const files: ManifestFile[] = [];
    await timed('checksums', async () => {
      for (const name of [dbFile, ...(temporal ? [temporal.file] : [])]) {
        files.push({ name, sha256: await sha256File(join(work, name)), bytes: statSync(join(work, name)).size });
      }
    });
    const manifest: Manifest = { format: 1, createdAt: now.toISOString(), database: { kind: t.database.kind, file: dbFile }, temporal, files, timingsMs };
    writeFileSync(join(work, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const archive = join(t.backupDir, `${ARCHIVE_PREFIX}${stamp(now)}.tar.gz`);
    await timed('archive', async () => {
      await run('tar', ['-czf', `${archive}.partial`, '-C', work, 'manifest.json', ...files.map((f) => f.name)]);
      writeFileSync(`${archive}.sha256`, `${await sha256File(`${archive}.partial`)}  ${basename(archive)}\n`);
      renameSync(`${archive}.partial`, archive);
    });
    return { archive, manifest, ms: Math.round(performance.now() - started) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Archives of `dir`, newest first. */
export function listArchives(dir: string): { path: string; createdAt: Date }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(ARCHIVE_PREFIX) && f.endsWith('.tar.gz'))
    .map((f) => {
      const m = /^assistant-backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.tar\.gz$/.exec(f);
      const createdAt = m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`) : statSync(join(dir, f)).mtime;
      return { path: join(dir, f), createdAt };
    })
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/** Deletes archives older than `retentionDays`, always keeping the newest `keep`. Returns the deleted paths. */
export function pruneBackups(dir: string, opts: { retentionDays: number; keep: number; now?: Date }): string[] {
  const cutoff = (opts.now ?? new Date()).getTime() - opts.retentionDays * 86_400_000;
  const doomed = listArchives(dir).slice(opts.keep).filter((a) => a.createdAt.getTime() < cutoff);
  for (const a of doomed) {
    rmSync(a.path, { force: true });
    rmSync(`${a.path}.sha256`, { force: true });
  }
  return doomed.map((a) => a.path);
}

/**
 * Extracts an archive (or reads a directory) into a temp dir and checks every file against the
 * manifest, and the archive against its `.sha256` sidecar when present. Throws a BackupError on
 * any mismatch, before anything is touched.
 */
export async function verifyArchive(archive: string): Promise<{ dir: string; manifest: Manifest; cleanup(): void }> {
  if (!existsSync(archive)) throw new BackupError(`no such archive: ${archive}`);
  let dir = archive;
  let cleanup = () => undefined as void;
  if (statSync(archive).isFile()) {
    const sidecar = `${archive}.sha256`;
    if (existsSync(sidecar)) {
      const expected = readFileSync(sidecar, 'utf8').split(/\s+/)[0];
      if (expected !== (await sha256File(archive))) throw new BackupError(`checksum mismatch: ${basename(archive)} does not match ${basename(sidecar)}`);
    }
    dir = mkdtempSync(join(tmpdir(), 'assistant-restore-'));
    const extracted = dir;
    cleanup = () => rmSync(extracted, { recursive: true, force: true });
    try {
      await run('tar', ['-xzf', archive, '-C', dir]);
    } catch (err) {
      cleanup();
      throw new BackupError(`cannot extract ${basename(archive)}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  try {
    const manifestPath = join(dir, 'manifest.json');
    if (!existsSync(manifestPath)) throw new BackupError('manifest.json missing: not an archive of npm run backup');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (manifest.format !== 1) throw new BackupError(`unknown archive format ${String(manifest.format)}`);
    for (const f of manifest.files) {
      const path = join(dir, f.name);
      if (!existsSync(path)) throw new BackupError(`checksum mismatch: ${f.name} is missing`);
      if ((await sha256File(path)) !== f.sha256) throw new BackupError(`checksum mismatch: ${f.name} is corrupt`);
    }
    return { dir, manifest, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

/** Replaces a SQLite file (and its WAL/SHM) by a verified copy, atomically by rename. */
function restoreSqliteFile(source: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  const staging = `${target}.restoring`;
  copyFileSync(source, staging);
  const check = openSqlite(staging, { readonly: true });
  try {
    const result = check.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new BackupError(`${basename(target)} failed integrity_check: ${String(result)}`);
  } finally {
    check.close();
  }
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(staging, target);
}

/** Puts a verified archive's database (and Temporal store) back. The caller made sure nothing runs on them. */
export async function restoreFiles(
  verified: { dir: string; manifest: Manifest },
  t: Omit<BackupTargets, 'backupDir'>,
): Promise<Record<string, number>> {
  const { dir, manifest } = verified;
  const timingsMs: Record<string, number> = {};
  if (manifest.database.kind !== t.database.kind) {
    throw new BackupError(`this archive holds a ${manifest.database.kind} database; DATABASE_URL points to ${t.database.kind}`);
  }
  const t0 = performance.now();
  if (t.database.kind === 'postgres') {
    const pg = new PgClient({ connectionString: t.database.url });
    await pg.connect();
    try {
      // An older dump must not meet tables of newer migrations: start from an empty schema.
      await pg.query('drop schema if exists public cascade');
      await pg.query('create schema public');
    } finally {
      await pg.end();
    }
    const { url, env } = pgArgs(t.database.url);
    await run('pg_restore', ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${url}`, join(dir, manifest.database.file)], { env }).catch(
      (err: Error) => {
        throw new BackupError(`pg_restore failed: ${err.message.split('\n').slice(-2).join(' ').trim()}`);
      },
    );
  } else {
    restoreSqliteFile(join(dir, manifest.database.file), t.database.path);
  }
  timingsMs.database = Math.round(performance.now() - t0);
  if (manifest.temporal && t.temporalDbFile) {
    const t1 = performance.now();
    restoreSqliteFile(join(dir, manifest.temporal.file), t.temporalDbFile);
    timingsMs.temporal = Math.round(performance.now() - t1);
  }
  return timingsMs;
}

/** True when a PostgreSQL database has client connections other than ours (an api or worker is running). */
export async function postgresInUse(url: string): Promise<number> {
  const pg = new PgClient({ connectionString: url });
  await pg.connect();
  try {
    const r = await pg.query<{ n: string }>(
      'select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return Number(r.rows[0]?.n ?? 0);
  } finally {
    await pg.end();
  }
}

/** The erased-accounts index kept next to the archives (outside them): a restore re-applies it. */
export function readErasures(backupDir: string): { subjectHash: string; deletedAt: string }[] {
  const file = join(backupDir, ERASURES_INDEX);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        const e = JSON.parse(l) as { subjectHash?: unknown; deletedAt?: unknown };
        return typeof e.subjectHash === 'string' ? [{ subjectHash: e.subjectHash, deletedAt: String(e.deletedAt ?? '') }] : [];
      } catch {
        return [];
      }
    });
}

/** Adds entries not yet in the index. */
export function appendErasures(backupDir: string, entries: { subjectHash: string; deletedAt: string }[]): number {
  const known = new Set(readErasures(backupDir).map((e) => e.subjectHash));
  const fresh = entries.filter((e) => !known.has(e.subjectHash));
  if (fresh.length === 0) return 0;
  mkdirSync(backupDir, { recursive: true });
  appendFileSync(join(backupDir, ERASURES_INDEX), fresh.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
  return fresh.length;
}
