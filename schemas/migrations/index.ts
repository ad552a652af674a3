import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124000000Init } from './20261124000000-init';
import { Migration20261124010000Reminders } from './20261124010000-reminders';
import { Migration20261124020000MemoriesTasks } from './20261124020000-memories-tasks';
import { Migration20261124030000SmsPreferences } from './20261124030000-sms-preferences';
import { Migration20261202070000Integrations } from './20261202070000-integrations';

/** Every migration, in order. Listed explicitly so tsx, built code and tests all run the same set. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261124000000Init', class: Migration20261124000000Init },
  { name: 'Migration20261124010000Reminders', class: Migration20261124010000Reminders },
  { name: 'Migration20261124020000MemoriesTasks', class: Migration20261124020000MemoriesTasks },
  { name: 'Migration20261124030000SmsPreferences', class: Migration20261124030000SmsPreferences },
  { name: 'Migration20261202070000Integrations', class: Migration20261202070000Integrations },
];
