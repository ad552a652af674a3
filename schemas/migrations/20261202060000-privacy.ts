import { PortableMigration } from './schema-builder';

/**
 * Privacy (GDPR / Québec Law 25):
 * - users: consent to keep health-related data (when, which version of the notice), the one
 *   memory or reminder held while the person is asked, and a pending account-deletion code (hashed);
 * - data_export_tokens: one-time download links for "exporte mes données" (hash only);
 * - account_deletions: the PII-free audit record of each erasure (hashed id, time, counts), also
 *   the deletion list a restore re-applies to an older backup;
 * - number_releases: assistant numbers freed by an erasure, for the numbers module to recycle;
 * - erasure_followups: user ids a restore re-deleted whose Temporal workflows must still be stopped.
 */
export class Migration20261202060000Privacy extends PortableMigration {
  override async up(): Promise<void> {
    this.schema((s) =>
      s
        .alterTable('users', (t) => {
          t.datetime('consented_at', { useTz: true }).nullable();
          t.string('consent_version', 16).nullable();
          t.text('consent_pending').nullable();
          t.datetime('consent_pending_at', { useTz: true }).nullable();
          t.string('deletion_code_hash', 64).nullable();
          t.datetime('deletion_code_expires_at', { useTz: true }).nullable();
        })
        .createTable('data_export_tokens', (t) => {
          t.string('token_hash', 64).primary();
          t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
          t.datetime('expires_at', { useTz: true }).notNullable();
          t.datetime('used_at', { useTz: true }).nullable();
          t.datetime('created_at', { useTz: true }).notNullable();
          t.index(['user_id']);
        })
        .createTable('account_deletions', (t) => {
          t.string('id', 36).primary();
          t.string('subject_hash', 64).notNullable().unique();
          t.string('requested_by', 16).notNullable();
          t.text('counts').notNullable();
          t.datetime('deleted_at', { useTz: true }).notNullable();
        })
        .createTable('number_releases', (t) => {
          t.string('id', 36).primary();
          t.string('number', 20).notNullable();
          t.string('reason', 32).notNullable();
          t.datetime('released_at', { useTz: true }).notNullable();
          t.index(['number']);
        })
        .createTable('erasure_followups', (t) => {
          t.string('user_id', 36).primary();
          t.datetime('created_at', { useTz: true }).notNullable();
        }),
    );
  }

  override async down(): Promise<void> {
    this.schema((s) =>
      s
        .dropTable('erasure_followups')
        .dropTable('number_releases')
        .dropTable('account_deletions')
        .dropTable('data_export_tokens')
        .alterTable('users', (t) => {
          t.dropColumns('consented_at', 'consent_version', 'consent_pending', 'consent_pending_at', 'deletion_code_hash', 'deletion_code_expires_at');
        }),
    );
  }
}
