import { PortableMigration } from './schema-builder';

/** Reminders (read model of the reminder workflows) and per-user quiet hours. */
export class Migration20261124010000Reminders extends PortableMigration {
  override async up(): Promise<void> {
    this.schema((s) =>
      s
        .alterTable('users', (t) => {
          t.string('quiet_start', 5).notNullable().defaultTo('22:00');
          t.string('quiet_end', 5).notNullable().defaultTo('07:00');
        })
        .createTable('reminders', (t) => {
          t.string('id', 36).primary();
          t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
          t.text('text').notNullable();
          t.datetime('due_at', { useTz: true }).notNullable();
          t.string('timezone', 64).notNullable();
          t.string('rrule', 500).nullable();
          t.string('status', 16).notNullable();
          t.integer('nag_count').notNullable().defaultTo(0);
          t.integer('occurrence').notNullable().defaultTo(1);
          t.string('workflow_id', 80).notNullable().unique();
          t.datetime('created_at', { useTz: true }).notNullable();
          t.datetime('updated_at', { useTz: true }).notNullable();
          t.index(['user_id', 'status', 'due_at']);
        }),
    );
  }

  override async down(): Promise<void> {
    this.schema((s) =>
      s.dropTable('reminders').alterTable('users', (t) => {
        t.dropColumn('quiet_start');
        t.dropColumn('quiet_end');
      }),
    );
  }
}
