import { MessageSchema } from './message';
import { UserSchema } from './user';

export * from './message';
export * from './user';

export const entities = [UserSchema, MessageSchema];
