import { MemorySchema } from './memory';
import { MessageSchema } from './message';
import { PhoneNumberSchema } from './phone-number';
import { ReminderSchema } from './reminder';
import { TaskSchema } from './task';
import { UserSchema } from './user';

export * from './memory';
export * from './message';
export * from './phone-number';
export * from './reminder';
export * from './task';
export * from './user';

export const entities = [UserSchema, MessageSchema, ReminderSchema, MemorySchema, TaskSchema, PhoneNumberSchema];
