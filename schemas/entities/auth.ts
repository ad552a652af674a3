import { randomUUID } from 'node:crypto';
import { EntitySchema, type Ref } from '@mikro-orm/core';
import type { User } from './user';

/**
 * One refresh token of a session. Opaque to the client, stored as its SHA-256 (the token has
 * 256 random bits, so a plain hash is enough). Every refresh replaces the token with a new one of
 * the same family; presenting a replaced or revoked token again revokes the whole family.
 */
export class RefreshToken {
  id: string = randomUUID();
  user!: Ref<User>;
  tokenHash!: string;
  familyId!: string;
  expiresAt!: Date;
  /** Set when the token was exchanged for a new one (rotation). */
  usedAt: Date | null = null;
  /** Set on logout, on reuse detection, or by an operator. */
  revokedAt: Date | null = null;
  createdAt: Date = new Date();

  constructor(init: Pick<RefreshToken, 'user' | 'tokenHash' | 'familyId' | 'expiresAt'>) {
    Object.assign(this, init);
  }
}

export const RefreshTokenSchema = new EntitySchema<RefreshToken>({
  class: RefreshToken,
  tableName: 'refresh_tokens',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    tokenHash: { type: 'string', length: 64, unique: true },
    familyId: { type: 'string', length: 36, index: true },
    expiresAt: { type: 'Date' },
    usedAt: { type: 'Date', nullable: true },
    revokedAt: { type: 'Date', nullable: true },
    createdAt: { type: 'Date' },
  },
});

/** A single-use MFA recovery code, stored as its SHA-256 (80 random bits each). */
export class RecoveryCode {
  id: string = randomUUID();
  user!: Ref<User>;
  codeHash!: string;
  usedAt: Date | null = null;
  createdAt: Date = new Date();

  constructor(init: Pick<RecoveryCode, 'user' | 'codeHash'>) {
    Object.assign(this, init);
  }
}

export const RecoveryCodeSchema = new EntitySchema<RecoveryCode>({
  class: RecoveryCode,
  tableName: 'recovery_codes',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    codeHash: { type: 'string', length: 64 },
    usedAt: { type: 'Date', nullable: true },
    createdAt: { type: 'Date' },
  },
});

/** A partner application. Its key is `pk_<id>_<secret>`; only the secret's SHA-256 is kept. */
export class Partner {
  id: string = randomUUID();
  name!: string;
  /** Comma-separated scopes (see api/auth/scopes.ts). */
  scopes!: string;
  keyHash!: string;
  revokedAt: Date | null = null;
  createdAt: Date = new Date();

  constructor(init: Pick<Partner, 'name' | 'scopes' | 'keyHash'> & Partial<Pick<Partner, 'id'>>) {
    Object.assign(this, init);
  }
}

export const PartnerSchema = new EntitySchema<Partner>({
  class: Partner,
  tableName: 'partners',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    name: { type: 'string', length: 100 },
    scopes: { type: 'string', length: 500 },
    keyHash: { type: 'string', length: 64, lazy: true },
    revokedAt: { type: 'Date', nullable: true },
    createdAt: { type: 'Date' },
  },
});

/** A user's consent: this partner may act on this user, within the partner's scopes. */
export class PartnerLink {
  id: string = randomUUID();
  partner!: Ref<Partner>;
  user!: Ref<User>;
  createdAt: Date = new Date();

  constructor(init: Pick<PartnerLink, 'partner' | 'user'>) {
    Object.assign(this, init);
  }
}

export const PartnerLinkSchema = new EntitySchema<PartnerLink>({
  class: PartnerLink,
  tableName: 'partner_links',
  uniques: [{ properties: ['partner', 'user'] }],
  properties: {
    id: { type: 'string', length: 36, primary: true },
    partner: { kind: 'm:1', entity: 'Partner', ref: true, deleteRule: 'cascade' },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    createdAt: { type: 'Date' },
  },
});

/** One partner call on behalf of a user (who, on whom, what, when). Ids are kept as plain strings: the trail outlives unlinks. */
export class PartnerAuditEntry {
  id: string = randomUUID();
  partnerId!: string;
  userId!: string;
  method!: string;
  path!: string;
  scope!: string;
  createdAt: Date = new Date();

  constructor(init: Pick<PartnerAuditEntry, 'partnerId' | 'userId' | 'method' | 'path' | 'scope'>) {
    Object.assign(this, init);
  }
}

export const PartnerAuditEntrySchema = new EntitySchema<PartnerAuditEntry>({
  class: PartnerAuditEntry,
  tableName: 'partner_audit',
  indexes: [{ properties: ['partnerId', 'createdAt'] }, { properties: ['userId', 'createdAt'] }],
  properties: {
    id: { type: 'string', length: 36, primary: true },
    partnerId: { type: 'string', length: 36 },
    userId: { type: 'string', length: 36 },
    method: { type: 'string', length: 10 },
    path: { type: 'string', length: 500 },
    scope: { type: 'string', length: 50 },
    createdAt: { type: 'Date' },
  },
});

export const authEntities = [RefreshTokenSchema, RecoveryCodeSchema, PartnerSchema, PartnerLinkSchema, PartnerAuditEntrySchema];
