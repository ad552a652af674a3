import { type FieldCrypto, INDEX_KEY_ID } from './field-crypto';
import { KeyRing } from './keyring';

/** Every encrypted column (the EncryptedText properties of schemas/entities), as `table.column`. */
export const ENCRYPTED_COLUMNS = [
  { table: 'users', column: 'phone' },
  { table: 'messages', column: 'body' },
  { table: 'messages', column: 'error' },
  { table: 'users', column: 'consent_pending' },
  { table: 'reminders', column: 'text' },
  { table: 'tasks', column: 'title' },
  { table: 'memories', column: 'text' },
] as const;

export interface SqlExecutor {
  execute(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Rows are read in pages by id, so a big table never sits in memory whole. */
const PAGE = 500;

/** Calls `visit` with every (id, value) of a non-null column, page by page, in id order. */
export async function forEachValue(
  db: SqlExecutor,
  table: string,
  column: string,
  visit: (id: string, value: string) => Promise<void> | void,
): Promise<void> {
  let after = '';
  for (;;) {
    const rows = (await db.execute(
      `select id, ${column} as value from ${table} where id > ? and ${column} is not null order by id limit ${PAGE}`,
      [after],
    )) as { id: string; value: string }[];
    for (const row of rows) await visit(row.id, row.value);
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
}

export type ColumnCounts = Record<string, number>;

/**
 * Re-encrypts with the current (first) key every value of every encrypted column that is not
 * already under it (including plaintext left by an older version), and re-wraps the blind-index
 * key. Each update is conditional on the value read, so a row the running product rewrites in
 * the meantime is left to its newer value. Blind indexes do not change (their key is stable).
 * Returns how many values of each `table.column` were rewritten.
 */
export async function reencryptAll(
  db: SqlExecutor,
  crypto: FieldCrypto,
  columns: readonly { table: string; column: string }[] = ENCRYPTED_COLUMNS,
): Promise<ColumnCounts> {
  const counts: ColumnCounts = {};
  for (const { table, column } of columns) {
    const label = `${table}.${column}`;
    counts[label] = 0;
    await forEachValue(db, table, column, async (id, value) => {
      if (crypto.isCurrent(value)) return;
      const fresh = crypto.encrypt(label, crypto.decrypt(label, value));
      await db.execute(`update ${table} set ${column} = ? where id = ? and ${column} = ?`, [fresh, id, value]);
      counts[label]! += 1;
    });
  }
  const rows = (await db.execute('select value from data_keys where id = ?', [INDEX_KEY_ID])) as { value: string }[];
  const wrapped = rows[0]?.value;
  if (wrapped && !crypto.isCurrent(wrapped)) {
    const rewrapped = crypto.wrapIndexKey(crypto.unwrapIndexKey(wrapped));
    await db.execute('update data_keys set value = ?, updated_at = ? where id = ?', [rewrapped, new Date().toISOString(), INDEX_KEY_ID]);
    counts['data_keys.blind-index'] = 1;
  } else {
    counts['data_keys.blind-index'] = 0;
  }
  return counts;
}

/** How many values of each encrypted column sit under each key id (`plaintext` for unencrypted ones). */
export async function keyUsage(db: SqlExecutor): Promise<Record<string, Record<string, number>>> {
  const usage: Record<string, Record<string, number>> = {};
  const tally = (label: string, value: string) => {
    const keyId = KeyRing.isEncryptedText(value) ? (value.split(':')[2] ?? '?') : 'plaintext';
    const perKey = (usage[label] ??= {});
    perKey[keyId] = (perKey[keyId] ?? 0) + 1;
  };
  for (const { table, column } of ENCRYPTED_COLUMNS) {
    usage[`${table}.${column}`] = {};
    await forEachValue(db, table, column, (_id, value) => tally(`${table}.${column}`, value));
  }
  usage['data_keys.blind-index'] = {};
  const rows = (await db.execute('select value from data_keys where id = ?', [INDEX_KEY_ID])) as { value: string }[];
  if (rows[0]) tally('data_keys.blind-index', rows[0].value);
  return usage;
}
