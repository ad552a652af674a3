import { createRequire } from 'node:module';

/**
 * The few calls of better-sqlite3 (already installed by @mikro-orm/better-sqlite; it ships no
 * types) that backups use on files outside the ORM: SQLite's online backup API and pragmas.
 */
export interface SqliteFile {
  backup(destination: string): Promise<unknown>;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  prepare(sql: string): { all(...params: unknown[]): unknown[]; run(...params: unknown[]): { changes: number } };
  close(): void;
}

type SqliteConstructor = new (path: string, options?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number }) => SqliteFile;

const Database = createRequire(__filename)('better-sqlite3') as SqliteConstructor;

export function openSqlite(path: string, opts: { readonly?: boolean } = {}): SqliteFile {
  return new Database(path, { readonly: opts.readonly ?? false, fileMustExist: true, timeout: 5000 });
}
