import { randomUUID } from 'node:crypto';
import { EntitySchema, type Ref } from '@mikro-orm/core';
import { EncryptedText } from '../field-crypto';
import type { User } from './user';

export type Direction = 'inbound' | 'outbound';
export type SmsEncoding = 'GSM-7' | 'UCS-2';
/** Outbound: sending → queued → sent → delivered | undelivered | failed. Inbound: received. */
export type MessageStatus = 'received' | 'sending' | 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';

/**
 * One SMS in or out. Outbound rows are written before the provider call (see services/sms.ts).
 * `body` and `error` (a provider's error may quote the number) are encrypted at rest.
 */
export class Message {
  id: string = randomUUID();
  user!: Ref<User>;
  direction!: Direction;
  body!: string;
  /** Twilio's MessageSid (SM…), or the outbox's local id; null while a send is in flight. */
  twilioSid: string | null = null;
  /** Deterministic key of an outbound send (e.g. `reply:<inbound sid>`): an activity retry finds its row. */
  idempotencyKey: string | null = null;
  status!: MessageStatus;
  segments = 1;
  encoding: SmsEncoding = 'GSM-7';
  error: string | null = null;
  /** Twilio's error code (send failure or status callback), e.g. 30003 unreachable, 21610 opted out. */
  errorCode: number | null = null;
  /** Set just before a provider request, cleared when it answers: an attempt whose outcome is unknown. */
  sendAttemptedAt: Date | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();

  constructor(init: Pick<Message, 'user' | 'direction' | 'body' | 'status'> & Partial<Message>) {
    Object.assign(this, init);
  }
}

export const MessageSchema = new EntitySchema<Message>({
  class: Message,
  tableName: 'messages',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    direction: { type: 'string', length: 8 },
    body: { type: new EncryptedText('messages.body') },
    twilioSid: { type: 'string', length: 64, nullable: true, unique: true },
    idempotencyKey: { type: 'string', length: 200, nullable: true, unique: true },
    status: { type: 'string', length: 16 },
    segments: { type: 'integer' },
    encoding: { type: 'string', length: 8 },
    error: { type: new EncryptedText('messages.error'), nullable: true },
    errorCode: { type: 'integer', nullable: true },
    sendAttemptedAt: { type: 'Date', nullable: true },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date', onUpdate: () => new Date() },
  },
});
