import { randomUUID } from 'node:crypto';
import { EntitySchema, type EntityManager, type FindOneOptions } from '@mikro-orm/core';
import { EncryptedText, fieldCrypto, PHONE_INDEX } from '../field-crypto';

export type Language = 'fr' | 'en';
export type UserStatus = 'active' | 'opted_out';
export type UserRole = 'user' | 'premium' | 'admin';

/** A person and the dedicated number they text. One number per user: `assistantNumber` names them. */
export class User {
  id: string = randomUUID();
  /** The person's own mobile, E.164. Encrypted at rest; found through `phoneHash` (see findUserByPhone). */
  phone!: string;
  /** Blind index of `phone` (HMAC-SHA256), unique: derived at flush time, never set by hand. */
  phoneHash!: string;
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
  /** Set when Twilio says the phone cannot receive SMS (e.g. `invalid_recipient:21614`); the operator looks. */
  deliveryFlag: string | null = null;
  createdAt: Date = new Date();
  /** Accounts (api/auth): `scrypt$N$r$p$salt$hash`, null until the operator sets a password. */
  passwordHash: string | null = null;
  role: UserRole = 'user';
  /** TOTP secret (base32) encrypted with the data key ring; set at enrollment, in force once `mfaEnabled`. */
  totpSecret: string | null = null;
  mfaEnabled = false;
  /** Last accepted TOTP time step: a code is never accepted twice (replay). */
  totpLastStep: number | null = null;
  /** Law 25 consent to keep health-related data (memories, health reminders): when, and which notice version. */
  consentedAt: Date | null = null;
  consentVersion: string | null = null;
  /** The one memory or reminder held (JSON ToolCall) while we ask for consent; cleared on the answer or after a day. */
  consentPending: string | null = null;
  consentPendingAt: Date | null = null;
  /** "supprime mon compte": SHA-256 of the confirmation code texted back, valid until the expiry. */
  deletionCodeHash: string | null = null;
  deletionCodeExpiresAt: Date | null = null;
  /** Reminders before calendar events: minutes ahead (1–240), null = off (services/event-reminders.ts). */
  eventReminderMinutes: number | null = null;

  constructor(init: Pick<User, 'phone' | 'assistantNumber'> & Partial<Pick<User, 'timezone' | 'language'>>) {
    Object.assign(this, init);
  }
}

const phoneHashOf = (u: User, em: EntityManager) => fieldCrypto(em).blindIndex(PHONE_INDEX, u.phone);

/** The user whose own phone is `phone` (E.164): an exact lookup through the blind index. */
export function findUserByPhone<P extends string = never>(
  em: EntityManager,
  phone: string,
  options?: FindOneOptions<User, P>,
): Promise<User | null> {
  return em.findOne(User, { phoneHash: fieldCrypto(em).blindIndex(PHONE_INDEX, phone) }, options);
}

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'users',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    phone: { type: new EncryptedText('users.phone') },
    phoneHash: { type: 'string', length: 64, unique: true, onCreate: phoneHashOf, onUpdate: phoneHashOf },
    assistantNumber: { type: 'string', length: 20, unique: true },
    timezone: { type: 'string', length: 64 },
    language: { type: 'string', length: 2 },
    status: { type: 'string', length: 16 },
    quietStart: { type: 'string', length: 5 },
    quietEnd: { type: 'string', length: 5 },
    gsmFriendly: { type: 'boolean' },
    deliveryFlag: { type: 'string', length: 64, nullable: true },
    createdAt: { type: 'Date' },
    passwordHash: { type: 'string', length: 255, nullable: true, lazy: true },
    role: { type: 'string', length: 16 },
    totpSecret: { type: 'text', nullable: true, lazy: true },
    mfaEnabled: { type: 'boolean' },
    totpLastStep: { type: 'integer', nullable: true },
    consentedAt: { type: 'Date', nullable: true },
    consentVersion: { type: 'string', length: 16, nullable: true },
    // The held memory or reminder text is the person's data: encrypted like memories.text.
    consentPending: { type: new EncryptedText('users.consent_pending'), nullable: true },
    consentPendingAt: { type: 'Date', nullable: true },
    deletionCodeHash: { type: 'string', length: 64, nullable: true },
    deletionCodeExpiresAt: { type: 'Date', nullable: true },
    eventReminderMinutes: { type: 'integer', nullable: true },
  },
});
