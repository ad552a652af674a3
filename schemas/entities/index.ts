import { MemorySchema } from './memory';
import { MessageSchema } from './message';
import { ReminderSchema } from './reminder';
import { TaskSchema } from './task';
import { UserSchema } from './user';
import { authEntities } from './auth';

export * from './memory';
export * from './message';
export * from './reminder';
export * from './task';
export * from './user';
export * from './auth';

export const entities = [UserSchema, MessageSchema, ReminderSchema, MemorySchema, TaskSchema, ...authEntities];
