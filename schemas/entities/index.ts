import { MessageSchema } from './message';
import { ReminderSchema } from './reminder';
import { UserSchema } from './user';

export * from './message';
export * from './reminder';
export * from './user';

export const entities = [UserSchema, MessageSchema, ReminderSchema];
