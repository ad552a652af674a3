import { PortableMigration } from './schema-builder';

/** sync_locks: one row per running task sync of a person's list with a provider (see SyncLock). */
export class Migration20261202140000SyncLocks extends PortableMigration {
  override async up(): Promise<void> {
    this.schema((s) =>
      s.createTable('sync_locks', (t) => {
        t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
        t.string('provider', 16).notNullable();
        t.string('holder', 36).notNullable();
        t.datetime('expires_at', { useTz: true }).notNullable();
        t.primary(['user_id', 'provider']);
      }),
    );
  }

  override async down(): Promise<void> {
    this.schema((s) => s.dropTable('sync_locks'));
  }
}
