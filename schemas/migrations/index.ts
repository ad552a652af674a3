import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124000000Init } from './20261124000000-init';
import { Migration20261124010000Reminders } from './20261124010000-reminders';
import { Migration20261124020000MemoriesTasks } from './20261124020000-memories-tasks';
import { Migration20261124030000SmsPreferences } from './20261124030000-sms-preferences';
import { Migration20261202020000Accounts } from './20261202020000-accounts';
import { Migration20261202050000EncryptFields } from './20261202050000-encrypt-fields';
import { Migration20261202060000Privacy } from './20261202060000-privacy';
import { Migration20261202040000Numbers } from './20261202040000-numbers';
import { Migration20261202070000Integrations } from './20261202070000-integrations';
import { Migration20261202080000EventReminders } from './20261202080000-event-reminders';
import { Migration20261202120000SendAttempts } from './20261202120000-send-attempts';
import { Migration20261202130000TaskUpdatedAt } from './20261202130000-task-updated-at';
import { Migration20261202140000SyncLocks } from './20261202140000-sync-locks';

/** Every migration, in order. Listed explicitly so tsx, built code and tests all run the same set. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261124000000Init', class: Migration20261124000000Init },
  { name: 'Migration20261124010000Reminders', class: Migration20261124010000Reminders },
  { name: 'Migration20261124020000MemoriesTasks', class: Migration20261124020000MemoriesTasks },
  { name: 'Migration20261124030000SmsPreferences', class: Migration20261124030000SmsPreferences },
  { name: 'Migration20261202020000Accounts', class: Migration20261202020000Accounts },
  { name: 'Migration20261202050000EncryptFields', class: Migration20261202050000EncryptFields },
  { name: 'Migration20261202060000Privacy', class: Migration20261202060000Privacy },
  { name: 'Migration20261202040000Numbers', class: Migration20261202040000Numbers },
  { name: 'Migration20261202070000Integrations', class: Migration20261202070000Integrations },
  { name: 'Migration20261202080000EventReminders', class: Migration20261202080000EventReminders },
  { name: 'Migration20261202120000SendAttempts', class: Migration20261202120000SendAttempts },
  { name: 'Migration20261202130000TaskUpdatedAt', class: Migration20261202130000TaskUpdatedAt },
  { name: 'Migration20261202140000SyncLocks', class: Migration20261202140000SyncLocks },
];
