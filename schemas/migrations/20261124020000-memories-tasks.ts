import { PortableMigration } from './schema-builder';

/**
 * Long-term memories (with a full-text index) and the to-do list.
 *
 * The full-text index differs by dialect, the one place this set branches:
 * - SQLite: an FTS5 table over `search_text`, kept in sync by triggers so every writer (the
 *   activities, the admin CLI, a cascade delete of the user) keeps it right. It keys rows by
 *   memory id rather than by rowid: a table without INTEGER PRIMARY KEY may renumber its rowids
 *   on VACUUM, which would silently break an external-content FTS table.
 * - PostgreSQL: a GIN index on to_tsvector('simple', search_text); 'simple' because the text is
 *   already normalised (lowercase, no accents) and facts mix French and English.
 */
export class Migration20261124020000MemoriesTasks extends PortableMigration {
  override async up(): Promise<void> {
    this.schema((s) =>
      s
        .createTable('memories', (t) => {
          t.string('id', 36).primary();
          t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
          t.text('text').notNullable();
          t.text('search_text').notNullable();
          t.datetime('created_at', { useTz: true }).notNullable();
          t.index(['user_id', 'created_at']);
        })
        .createTable('tasks', (t) => {
          t.string('id', 36).primary();
          t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
          t.text('title').notNullable();
          t.string('status', 8).notNullable().defaultTo('open');
          t.integer('position').notNullable();
          t.datetime('created_at', { useTz: true }).notNullable();
          t.datetime('completed_at', { useTz: true }).nullable();
          t.index(['user_id', 'status', 'position']);
        }),
    );
    if (this.isPostgres()) {
      this.addSql(`create index memories_search_text_fts on memories using gin (to_tsvector('simple', search_text))`);
      return;
    }
    this.addSql(
      `create virtual table memories_fts using fts5(memory_id unindexed, user_id unindexed, search_text, tokenize = 'unicode61 remove_diacritics 2')`,
    );
    this.addSql(
      `create trigger memories_fts_insert after insert on memories begin
        insert into memories_fts (memory_id, user_id, search_text) values (new.id, new.user_id, new.search_text);
      end`,
    );
    this.addSql(
      `create trigger memories_fts_delete after delete on memories begin
        delete from memories_fts where memory_id = old.id;
      end`,
    );
    this.addSql(
      `create trigger memories_fts_update after update of search_text, user_id on memories begin
        delete from memories_fts where memory_id = old.id;
        insert into memories_fts (memory_id, user_id, search_text) values (new.id, new.user_id, new.search_text);
      end`,
    );
  }

  override async down(): Promise<void> {
    if (!this.isPostgres()) {
      for (const trigger of ['memories_fts_insert', 'memories_fts_delete', 'memories_fts_update']) this.addSql(`drop trigger if exists ${trigger}`);
      this.addSql('drop table if exists memories_fts');
    }
    this.schema((s) => s.dropTable('tasks').dropTable('memories'));
  }

  private isPostgres(): boolean {
    return this.getKnex().client.dialect === 'postgresql';
  }
}
