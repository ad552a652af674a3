import { PortableMigration } from './schema-builder';

/** Per-user SMS preference: keep replies in GSM-7 (160-char segments) by replacing â ê ç ’ « » … */
export class Migration20261124030000SmsPreferences extends PortableMigration {
  override async up(): Promise<void> {
    this.schema((s) =>
      s.alterTable('users', (t) => {
        t.boolean('gsm_friendly').notNullable().defaultTo(true);
      }),
    );
  }

  override async down(): Promise<void> {
    this.schema((s) => s.alterTable('users', (t) => t.dropColumn('gsm_friendly')));
  }
}
