import { randomUUID } from 'node:crypto';
import { EntitySchema, type Ref } from '@mikro-orm/core';
import type { User } from './user';

/** A one-time link to download one's data ("exporte mes données"). Only the token's SHA-256 is kept. */
export class DataExportToken {
  tokenHash!: string;
  user!: Ref<User>;
  expiresAt!: Date;
  usedAt: Date | null = null;
  createdAt: Date = new Date();

  constructor(init: Pick<DataExportToken, 'tokenHash' | 'user' | 'expiresAt'>) {
    Object.assign(this, init);
  }
}

export const DataExportTokenSchema = new EntitySchema<DataExportToken>({
  class: DataExportToken,
  tableName: 'data_export_tokens',
  properties: {
    tokenHash: { type: 'string', length: 64, primary: true },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    expiresAt: { type: 'Date' },
    usedAt: { type: 'Date', nullable: true },
    createdAt: { type: 'Date' },
  },
});

/**
 * The PII-free trace of an erased account: a hash of the user id (the same hash a restore uses to
 * re-delete that user from an older backup), who asked, when, and how many rows of each kind went.
 */
export class AccountDeletion {
  id: string = randomUUID();
  subjectHash!: string;
  requestedBy!: string;
  /** JSON `{ table: rowsDeleted, workflows: n, redisKeys: n }`. */
  counts!: string;
  deletedAt: Date = new Date();

  constructor(init: Pick<AccountDeletion, 'subjectHash' | 'requestedBy' | 'counts'> & Partial<AccountDeletion>) {
    Object.assign(this, init);
  }
}

export const AccountDeletionSchema = new EntitySchema<AccountDeletion>({
  class: AccountDeletion,
  tableName: 'account_deletions',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    subjectHash: { type: 'string', length: 64, unique: true },
    requestedBy: { type: 'string', length: 16 },
    counts: { type: 'text' },
    deletedAt: { type: 'Date' },
  },
});

/** An assistant number an erased account no longer owns (the numbers module recycles or releases it). */
export class NumberRelease {
  id: string = randomUUID();
  number!: string;
  reason!: string;
  releasedAt: Date = new Date();

  constructor(init: Pick<NumberRelease, 'number' | 'reason'>) {
    Object.assign(this, init);
  }
}

export const NumberReleaseSchema = new EntitySchema<NumberRelease>({
  class: NumberRelease,
  tableName: 'number_releases',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    number: { type: 'string', length: 20 },
    reason: { type: 'string', length: 32 },
    releasedAt: { type: 'Date' },
  },
});

/** A user a restore re-deleted from an old backup: their Temporal workflows are stopped by the next purge run. */
export class ErasureFollowup {
  userId!: string;
  createdAt: Date = new Date();

  constructor(userId: string) {
    this.userId = userId;
  }
}

export const ErasureFollowupSchema = new EntitySchema<ErasureFollowup>({
  class: ErasureFollowup,
  tableName: 'erasure_followups',
  properties: {
    userId: { type: 'string', length: 36, primary: true },
    createdAt: { type: 'Date' },
  },
});
