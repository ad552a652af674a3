import { PortableMigration } from './schema-builder';

/** Daily check-in settings, connected accounts (encrypted tokens), OAuth states and links, task-sync mapping and audit. */
export class Migration20261202070000Integrations extends PortableMigration {
  override async up(): Promise<void> {
    this.schema((s) =>
      s
        .createTable('checkin_settings', (t) => {
          t.string('user_id', 36).primary().references('id').inTable('users').onDelete('CASCADE');
          t.string('morning_time', 5).notNullable().defaultTo('08:00');
          t.string('evening_time', 5).notNullable().defaultTo('21:00');
          t.boolean('morning_enabled').notNullable().defaultTo(true);
          t.boolean('evening_enabled').notNullable().defaultTo(true);
          t.datetime('updated_at', { useTz: true }).notNullable();
        })
        .createTable('integration_accounts', (t) => {
          t.string('id', 36).primary();
          t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
          t.string('provider', 16).notNullable();
          t.text('access_token').notNullable();
          t.text('refresh_token').nullable();
          t.datetime('expires_at', { useTz: true }).nullable();
          t.text('scope').nullable();
          t.string('status', 16).notNullable().defaultTo('connected');
          t.datetime('reconnect_notified_at', { useTz: true }).nullable();
          t.text('settings').nullable();
          t.datetime('created_at', { useTz: true }).notNullable();
          t.datetime('updated_at', { useTz: true }).notNullable();
          t.unique(['user_id', 'provider']);
        })
        .createTable('oauth_requests', (t) => {
          t.string('id', 64).primary();
          t.string('kind', 8).notNullable();
          t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
          t.string('provider', 16).notNullable();
          t.text('code_verifier').nullable();
          t.datetime('expires_at', { useTz: true }).notNullable();
          t.datetime('used_at', { useTz: true }).nullable();
          t.datetime('created_at', { useTz: true }).notNullable();
          t.index(['expires_at']);
        })
        .createTable('external_task_links', (t) => {
          t.string('id', 36).primary();
          t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
          t.string('provider', 16).notNullable();
          t.string('task_id', 36).nullable();
          t.string('external_id', 255).notNullable();
          t.text('local_hash').notNullable();
          t.string('remote_updated', 40).notNullable();
          t.datetime('synced_at', { useTz: true }).notNullable();
          t.unique(['user_id', 'provider', 'external_id']);
          t.index(['user_id', 'provider', 'task_id']);
        })
        .createTable('sync_audit', (t) => {
          t.string('id', 36).primary();
          t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
          t.string('provider', 16).notNullable();
          t.string('action', 32).notNullable();
          t.text('detail').notNullable();
          t.datetime('created_at', { useTz: true }).notNullable();
          t.index(['user_id', 'created_at']);
        }),
    );
  }

  override async down(): Promise<void> {
    this.schema((s) =>
      s.dropTable('sync_audit').dropTable('external_task_links').dropTable('oauth_requests').dropTable('integration_accounts').dropTable('checkin_settings'),
    );
  }
}
