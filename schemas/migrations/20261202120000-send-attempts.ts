import { PortableMigration } from './schema-builder';

/**
 * messages.send_attempted_at: when a send whose outcome is still unknown left for the provider
 * (set just before the request, cleared when the provider answered either way). A retry that finds
 * it recent waits for the provider to settle before asking it what was sent (see services/sms.ts).
 */
export class Migration20261202120000SendAttempts extends PortableMigration {
  override async up(): Promise<void> {
    this.schema((s) =>
      s.alterTable('messages', (t) => {
        t.datetime('send_attempted_at', { useTz: true }).nullable();
      }),
    );
  }

  override async down(): Promise<void> {
    this.schema((s) =>
      s.alterTable('messages', (t) => {
        t.dropColumns('send_attempted_at');
      }),
    );
  }
}
