import { randomBytes } from 'node:crypto';
import { fieldCrypto, INDEX_KEY_ID, PHONE_INDEX } from '../field-crypto';
import { forEachValue, reencryptAll } from '../key-rotation';
import { PortableMigration } from './schema-builder';

/**
 * Field encryption (docs/security.md). Creates `data_keys` with a fresh blind-index key wrapped by
 * the key ring, adds `users.phone_hash` (the unique lookup key instead of `phone`), replaces the
 * memories' plaintext search text by keyed tokens, then encrypts every sensitive column in place.
 * Statements run in order inside the migration's transaction (`execute`, not `addSql`): the data
 * passes need the new columns, and the constraints need the data.
 */
const ENCRYPTED_AT_THIS_MIGRATION = [
  { table: 'users', column: 'phone' },
  { table: 'messages', column: 'body' },
  { table: 'messages', column: 'error' },
  { table: 'reminders', column: 'text' },
  { table: 'tasks', column: 'title' },
  { table: 'memories', column: 'text' },
];

export class Migration20261202050000EncryptFields extends PortableMigration {
  override async up(): Promise<void> {
    const crypto = fieldCrypto(this.driver.getPlatform());
    const db = { execute: (sql: string, params?: unknown[]) => this.execute(sql, params) };
    const run = async (statements: { sql: string }[]) => {
      for (const s of statements) await this.execute(s.sql);
    };
    const pg = this.getKnex().client.dialect === 'postgresql';

    await run(
      this.getKnex()
        .schema.createTable('data_keys', (t) => {
          t.string('id', 32).primary();
          t.text('value').notNullable();
          t.string('updated_at', 32).notNullable();
        })
        .alterTable('users', (t) => {
          t.string('phone_hash', 64).nullable();
        })
        .toSQL(),
    );
    // Ciphertexts outgrow the old varchar lengths (SQLite does not enforce them).
    if (pg) {
      await this.execute('alter table users alter column phone type text');
      await this.execute('alter table messages alter column error type text');
    }

    const indexKey = randomBytes(32);
    crypto.setIndexKey(indexKey);
    await this.execute('insert into data_keys (id, value, updated_at) values (?, ?, ?)', [
      INDEX_KEY_ID,
      crypto.wrapIndexKey(indexKey),
      new Date().toISOString(),
    ]);

    await forEachValue(db, 'users', 'phone', async (id, phone) => {
      const plain = crypto.decrypt('users.phone', phone);
      await this.execute('update users set phone_hash = ? where id = ?', [crypto.blindIndex(PHONE_INDEX, plain), id]);
    });
    await forEachValue(db, 'memories', 'text', async (id, text) => {
      const rows = (await this.execute('select user_id from memories where id = ?', [id])) as { user_id: string }[];
      const searchText = crypto.memorySearchText(rows[0]!.user_id, crypto.decrypt('memories.text', text));
      await this.execute('update memories set search_text = ? where id = ?', [searchText, id]);
    });
    // The columns as they were at this migration (later migrations add encrypted columns of their own).
    await reencryptAll(db, crypto, ENCRYPTED_AT_THIS_MIGRATION);

    await run(
      this.getKnex()
        .schema.alterTable('users', (t) => {
          t.dropUnique(['phone']);
          t.unique(['phone_hash']);
        })
        .toSQL(),
    );
    if (pg) await this.execute('alter table users alter column phone_hash set not null');
  }
}
