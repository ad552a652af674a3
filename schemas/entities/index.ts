import { integrationEntities } from './integration';
import { MemorySchema } from './memory';
import { MessageSchema } from './message';
import { ReminderSchema } from './reminder';
import { TaskSchema } from './task';
import { UserSchema } from './user';

export * from './integration';
export * from './memory';
export * from './message';
export * from './reminder';
export * from './task';
export * from './user';

export const entities = [UserSchema, MessageSchema, ReminderSchema, MemorySchema, TaskSchema, ...integrationEntities];
