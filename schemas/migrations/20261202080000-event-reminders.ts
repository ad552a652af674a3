import { PortableMigration } from './schema-builder';

/**
 * Reminders before calendar events (opt-in): the lead in minutes per person (null = off), and on
 * a reminder made for an event, which event (provider + hash of its id) and when it starts, so a
 * later scan finds it again to leave it, move it or cancel it.
 */
export class Migration20261202080000EventReminders extends PortableMigration {
  override async up(): Promise<void> {
    this.schema((s) =>
      s
        .alterTable('users', (t) => {
          t.integer('event_reminder_minutes').nullable();
        })
        .alterTable('reminders', (t) => {
          t.string('event_key', 80).nullable();
          t.datetime('event_start', { useTz: true }).nullable();
          t.index(['user_id', 'event_key']);
        }),
    );
  }

  override async down(): Promise<void> {
    this.schema((s) =>
      s
        .alterTable('reminders', (t) => {
          t.dropIndex(['user_id', 'event_key']);
          t.dropColumn('event_start');
          t.dropColumn('event_key');
        })
        .alterTable('users', (t) => t.dropColumn('event_reminder_minutes')),
    );
  }
}
