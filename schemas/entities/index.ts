import { integrationEntities } from './integration';
import { MemorySchema } from './memory';
import { MessageSchema } from './message';
import { AccountDeletionSchema, DataExportTokenSchema, ErasureFollowupSchema, NumberReleaseSchema } from './privacy';
import { PhoneNumberSchema } from './phone-number';
import { ReminderSchema } from './reminder';
import { TaskSchema } from './task';
import { UserSchema } from './user';
import { authEntities } from './auth';

export * from './integration';
export * from './memory';
export * from './message';
export * from './privacy';
export * from './phone-number';
export * from './reminder';
export * from './task';
export * from './user';
export * from './auth';

export const entities = [UserSchema, MessageSchema, ReminderSchema, MemorySchema, TaskSchema, PhoneNumberSchema, ...authEntities, ...integrationEntities];
// Privacy (consent, export links, erasure audit): appended on its own line to keep merges simple.
entities.push(...([DataExportTokenSchema, AccountDeletionSchema, NumberReleaseSchema, ErasureFollowupSchema] as unknown as typeof entities));
