import { PortableMigration } from './schema-builder';

/** Accounts: passwords, roles, TOTP MFA, recovery codes, refresh tokens, partners, their links and audit trail. */
export class Migration20261202020000Accounts extends PortableMigration {
  override async up(): Promise<void> {
    this.schema((s) =>
      s
        .alterTable('users', (t) => {
          t.string('password_hash', 255).nullable();
          t.string('role', 16).notNullable().defaultTo('user');
          t.text('totp_secret').nullable();
          t.boolean('mfa_enabled').notNullable().defaultTo(false);
          t.integer('totp_last_step').nullable();
        })
        .createTable('refresh_tokens', (t) => {
          t.string('id', 36).primary();
          t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
          t.string('token_hash', 64).notNullable().unique();
          t.string('family_id', 36).notNullable().index();
          t.datetime('expires_at', { useTz: true }).notNullable();
          t.datetime('used_at', { useTz: true }).nullable();
          t.datetime('revoked_at', { useTz: true }).nullable();
          t.datetime('created_at', { useTz: true }).notNullable();
          t.index(['user_id']);
        })
        .createTable('recovery_codes', (t) => {
          t.string('id', 36).primary();
          t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
          t.string('code_hash', 64).notNullable();
          t.datetime('used_at', { useTz: true }).nullable();
          t.datetime('created_at', { useTz: true }).notNullable();
          t.index(['user_id', 'code_hash']);
        })
        .createTable('partners', (t) => {
          t.string('id', 36).primary();
          t.string('name', 100).notNullable();
          t.string('scopes', 500).notNullable();
          t.string('key_hash', 64).notNullable();
          t.datetime('revoked_at', { useTz: true }).nullable();
          t.datetime('created_at', { useTz: true }).notNullable();
        })
        .createTable('partner_links', (t) => {
          t.string('id', 36).primary();
          t.string('partner_id', 36).notNullable().references('id').inTable('partners').onDelete('CASCADE');
          t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
          t.datetime('created_at', { useTz: true }).notNullable();
          t.unique(['partner_id', 'user_id']);
          t.index(['user_id']);
        })
        .createTable('partner_audit', (t) => {
          t.string('id', 36).primary();
          t.string('partner_id', 36).notNullable();
          t.string('user_id', 36).notNullable();
          t.string('method', 10).notNullable();
          t.string('path', 500).notNullable();
          t.string('scope', 50).notNullable();
          t.datetime('created_at', { useTz: true }).notNullable();
          t.index(['partner_id', 'created_at']);
          t.index(['user_id', 'created_at']);
        }),
    );
  }

  override async down(): Promise<void> {
    this.schema((s) =>
      s
        .dropTable('partner_audit')
        .dropTable('partner_links')
        .dropTable('partners')
        .dropTable('recovery_codes')
        .dropTable('refresh_tokens')
        .alterTable('users', (t) => {
          t.dropColumn('password_hash');
          t.dropColumn('role');
          t.dropColumn('totp_secret');
          t.dropColumn('mfa_enabled');
          t.dropColumn('totp_last_step');
        }),
    );
  }
}
