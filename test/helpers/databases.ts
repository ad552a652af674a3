import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DatabaseConfig } from '../../schemas/config';

export type DbKind = 'sqlite' | 'postgres';

/** The database kinds the DB suites run on. PostgreSQL is the machine's 127.0.0.1:5432 (trust auth). */
export const DB_KINDS: DbKind[] = ['sqlite', 'postgres'];

const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  config: DatabaseConfig;
  /** DATABASE_URL form of the same database, for child processes. */
  url: string;
  /** DATA_ENCRYPTION_KEYS form of `config.encryptionKeys`, for child processes. */
  keysEnv: string;
  drop(): Promise<void>;
}

/** A fresh, empty database: a temp SQLite file, or a new PostgreSQL database dropped afterwards. */
export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  // Every test database has its own data key, as a deployment has its own DATA_ENCRYPTION_KEYS.
  const encryptionKeys = [{ id: 'test', key: randomBytes(32) }];
  const keysEnv = `test:${encryptionKeys[0]!.key.toString('base64')}`;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'assistant-db-'));
    const path = join(dir, 'assistant.db');
    return { config: { kind, path, encryptionKeys }, url: `sqlite:${path}`, keysEnv, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `assistant_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    config: { kind, url, encryptionKeys },
    url,
    keysEnv,
    async drop() {
      const c = new Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
