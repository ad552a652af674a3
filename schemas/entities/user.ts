import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';

export type Language = 'fr' | 'en';
export type UserStatus = 'active' | 'opted_out';
/** Monthly SMS budget tier (SMS_BUDGET_USD_USER / SMS_BUDGET_USD_PREMIUM). */
export type UserPlan = 'user' | 'premium';

/** A person and the dedicated number they text. One number per user: `assistantNumber` names them. */
export class User {
  id: string = randomUUID();
  /** The person's own mobile, E.164. */
  phone!: string;
  /** Their dedicated assistant number (the Twilio number they text), E.164. */
  assistantNumber!: string;
  timezone = 'America/Toronto';
  language: Language = 'fr';
  status: UserStatus = 'active';
  /** Quiet hours, local "HH:mm": nags wait until they end (an explicitly asked time still fires). */
  quietStart = '22:00';
  quietEnd = '07:00';
  /** Replace the few characters outside GSM-7 (â ê ç ’ …) so French replies stay in 160-char segments. */
  gsmFriendly = true;
  plan: UserPlan = 'user';
  /** Set when Twilio says the phone cannot receive SMS (e.g. `invalid_recipient:21614`); the operator looks. */
  deliveryFlag: string | null = null;
  createdAt: Date = new Date();

  constructor(init: Pick<User, 'phone' | 'assistantNumber'> & Partial<Pick<User, 'timezone' | 'language'>>) {
    Object.assign(this, init);
  }
}

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'users',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    phone: { type: 'string', length: 20, unique: true },
    assistantNumber: { type: 'string', length: 20, unique: true },
    timezone: { type: 'string', length: 64 },
    language: { type: 'string', length: 2 },
    status: { type: 'string', length: 16 },
    quietStart: { type: 'string', length: 5 },
    quietEnd: { type: 'string', length: 5 },
    gsmFriendly: { type: 'boolean' },
    plan: { type: 'string', length: 16 },
    deliveryFlag: { type: 'string', length: 64, nullable: true },
    createdAt: { type: 'Date' },
  },
});
