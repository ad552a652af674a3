import { PortableMigration } from './schema-builder';

/** Users and the SMS they exchange with their assistant. */
export class Migration20261124000000Init extends PortableMigration {
  override async up(): Promise<void> {
    this.schema((s) =>
      s
        .createTable('users', (t) => {
          t.string('id', 36).primary();
          t.string('phone', 20).notNullable().unique();
          t.string('assistant_number', 20).notNullable().unique();
          t.string('timezone', 64).notNullable().defaultTo('America/Toronto');
          t.string('language', 2).notNullable().defaultTo('fr');
          t.string('status', 16).notNullable().defaultTo('active');
          t.datetime('created_at', { useTz: true }).notNullable();
        })
        .createTable('messages', (t) => {
          t.string('id', 36).primary();
          t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
          t.string('direction', 8).notNullable();
          t.text('body').notNullable();
          t.string('twilio_sid', 64).nullable().unique();
          t.string('idempotency_key', 200).nullable().unique();
          t.string('status', 16).notNullable();
          t.integer('segments').notNullable().defaultTo(1);
          t.string('encoding', 8).notNullable().defaultTo('GSM-7');
          t.string('error', 500).nullable();
          t.datetime('created_at', { useTz: true }).notNullable();
          t.datetime('updated_at', { useTz: true }).notNullable();
          t.index(['user_id', 'created_at']);
        }),
    );
  }

  override async down(): Promise<void> {
    this.schema((s) => s.dropTable('messages').dropTable('users'));
  }
}
