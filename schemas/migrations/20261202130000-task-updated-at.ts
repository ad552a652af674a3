import { PortableMigration } from './schema-builder';

/**
 * tasks.updated_at: when the person last changed the task here (title, status), so a task-sync
 * conflict is decided by the real last write on our side, not by the creation or completion time.
 * Existing rows take their completion (or creation) time.
 */
export class Migration20261202130000TaskUpdatedAt extends PortableMigration {
  override async up(): Promise<void> {
    this.schema((s) =>
      s.alterTable('tasks', (t) => {
        t.datetime('updated_at', { useTz: true }).nullable();
      }),
    );
    this.addSql('update tasks set updated_at = coalesce(completed_at, created_at)');
  }

  override async down(): Promise<void> {
    this.schema((s) =>
      s.alterTable('tasks', (t) => {
        t.dropColumns('updated_at');
      }),
    );
  }
}
