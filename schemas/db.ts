import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { DatabaseConfig } from './config';
import { entities } from './entities';
import { FieldCrypto, loadIndexKey, registerFieldCrypto } from './field-crypto';
import { migrationsList } from './migrations';

export type Orm = MikroORM;

function ormOptions(db: DatabaseConfig, log: (line: string) => void): Options {
  const common: Options = {
    entities,
    extensions: [Migrator],
    // Hand-written portable migrations: no schema snapshots (they can't describe FTS5 virtual tables).
    migrations: { migrationsList, transactional: true, allOrNothing: true, tableName: 'mikro_orm_migrations', snapshot: false },
    discovery: { warnWhenNoEntities: true },
    debug: false,
    // MikroORM's own lines (e.g. migrations applied) go to our logger, never to stdout.
    logger: log,
    // Units of work are always forked explicitly (per request, per activity).
    allowGlobalContext: false,
  };
  if (db.kind === 'sqlite') {
    mkdirSync(dirname(db.path), { recursive: true });
    return { ...common, driver: BetterSqliteDriver, dbName: db.path };
  }
  return { ...common, driver: PostgreSqlDriver, clientUrl: db.url, pool: { min: 0, max: 10 } };
}

/**
 * Opens the database (SQLite file or PostgreSQL), optionally applying pending migrations. The
 * key ring of `db.encryptionKeys` encrypts and decrypts its sensitive columns (schemas/field-crypto.ts).
 */
export async function openDatabase(
  db: DatabaseConfig,
  opts: { migrate?: boolean; log?: (line: string) => void } = {},
): Promise<Orm> {
  const orm = await MikroORM.init(ormOptions(db, opts.log ?? (() => undefined)));
  const crypto = new FieldCrypto(db.encryptionKeys);
  registerFieldCrypto(orm.em.getPlatform(), crypto);
  if (db.kind === 'sqlite') {
    const conn = orm.em.getConnection();
    // WAL lets the CLI and simulator read while the api and worker write; busy_timeout waits
    // out the short write locks instead of failing with SQLITE_BUSY.
    await conn.execute('pragma journal_mode = wal');
    await conn.execute('pragma busy_timeout = 5000');
    await conn.execute('pragma foreign_keys = on');
  }
  if (opts.migrate) await orm.getMigrator().up();
  // Not migrated yet (`npm run migrate` opens first): the encryption migration loads it itself.
  await loadIndexKey(orm.em.getConnection(), crypto);
  return orm;
}

/** Cheap liveness query for /readyz. */
export async function pingDatabase(orm: Orm): Promise<void> {
  await orm.em.getConnection().execute('select 1');
}
