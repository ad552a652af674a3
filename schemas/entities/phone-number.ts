import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';

/** purchased (bought, not yet anyone's) → assigned (a user's assistant number) → released (given back to Twilio). */
export type PhoneNumberStatus = 'purchased' | 'assigned' | 'released';

/**
 * A number the product bought from Twilio (IncomingPhoneNumber). `holderKey` is the idempotency
 * record of the provisioning saga: the user id while the number is held for or by that user,
 * null once released; it is unique, so one user never holds two purchased numbers.
 */
export class PhoneNumber {
  id: string = randomUUID();
  /** E.164 */
  phoneNumber!: string;
  /** Twilio's IncomingPhoneNumber sid (PN…). */
  twilioSid!: string;
  /** The user it was bought for (kept after release, for usage and the cooling-off history). */
  userId!: string;
  holderKey: string | null = null;
  status: PhoneNumberStatus = 'purchased';
  areaCode: string | null = null;
  purchasedAt: Date = new Date();
  assignedAt: Date | null = null;
  releasedAt: Date | null = null;
  /** Why it was released: 'operator', 'compensation: …'. */
  releaseReason: string | null = null;

  constructor(init: Pick<PhoneNumber, 'phoneNumber' | 'twilioSid' | 'userId'> & Partial<PhoneNumber>) {
    Object.assign(this, init);
  }
}

export const PhoneNumberSchema = new EntitySchema<PhoneNumber>({
  class: PhoneNumber,
  tableName: 'phone_numbers',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    phoneNumber: { type: 'string', length: 20 },
    twilioSid: { type: 'string', length: 64, unique: true },
    userId: { type: 'string', length: 36 },
    holderKey: { type: 'string', length: 36, nullable: true, unique: true },
    status: { type: 'string', length: 16 },
    areaCode: { type: 'string', length: 8, nullable: true },
    purchasedAt: { type: 'Date' },
    assignedAt: { type: 'Date', nullable: true },
    releasedAt: { type: 'Date', nullable: true },
    releaseReason: { type: 'string', length: 200, nullable: true },
  },
});
