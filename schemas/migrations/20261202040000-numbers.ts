import { PortableMigration } from './schema-builder';

/**
 * Numbers bought by the provisioning saga, delivery error codes on messages, and the user's
 * delivery flag (invalid or non-mobile phone).
 */
export class Migration20261202040000Numbers extends PortableMigration {
  override async up(): Promise<void> {
    this.schema((s) =>
      s
        .createTable('phone_numbers', (t) => {
          t.string('id', 36).primary();
          t.string('phone_number', 20).notNullable();
          t.string('twilio_sid', 64).notNullable().unique();
          // No foreign key: the row outlives its user (usage history, cooling-off).
          t.string('user_id', 36).notNullable();
          t.string('holder_key', 36).nullable().unique();
          t.string('status', 16).notNullable();
          t.string('area_code', 8).nullable();
          t.datetime('purchased_at', { useTz: true }).notNullable();
          t.datetime('assigned_at', { useTz: true }).nullable();
          t.datetime('released_at', { useTz: true }).nullable();
          t.string('release_reason', 200).nullable();
          t.index(['phone_number', 'released_at']);
          t.index(['user_id']);
        })
        .alterTable('messages', (t) => {
          t.integer('error_code').nullable();
        })
        .alterTable('users', (t) => {
          t.string('delivery_flag', 64).nullable();
        }),
    );
  }

  override async down(): Promise<void> {
    this.schema((s) =>
      s
        .dropTable('phone_numbers')
        .alterTable('messages', (t) => t.dropColumn('error_code'))
        .alterTable('users', (t) => {
          t.dropColumn('delivery_flag');
        }),
    );
  }
}
