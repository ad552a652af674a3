import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import { EncryptedText } from '../field-crypto';

export type CheckinSlot = 'morning' | 'evening';
export type IntegrationProvider = 'google' | 'microsoft' | 'notion';
export type IntegrationStatus = 'connected' | 'needs_reconnect';

/** A person's daily check-in times (local "HH:mm" in their zone); no row means the defaults. */
export class CheckinSettings {
  /** The user's id: one row per person. */
  userId!: string;
  morningTime = '08:00';
  eveningTime = '21:00';
  morningEnabled = true;
  eveningEnabled = true;
  updatedAt: Date = new Date();

  constructor(init: Pick<CheckinSettings, 'userId'> & Partial<CheckinSettings>) {
    Object.assign(this, init);
  }
}

export const CheckinSettingsSchema = new EntitySchema<CheckinSettings>({
  class: CheckinSettings,
  tableName: 'checkin_settings',
  properties: {
    userId: { type: 'string', length: 36, primary: true },
    morningTime: { type: 'string', length: 5 },
    eveningTime: { type: 'string', length: 5 },
    morningEnabled: { type: 'boolean' },
    eveningEnabled: { type: 'boolean' },
    updatedAt: { type: 'Date' },
  },
});

/** A connected account. Tokens are stored encrypted with the key ring (`enc:v1:…`), never in clear. */
export class IntegrationAccount {
  id: string = randomUUID();
  userId!: string;
  provider!: IntegrationProvider;
  accessToken!: string;
  refreshToken: string | null = null;
  expiresAt: Date | null = null;
  scope: string | null = null;
  status: IntegrationStatus = 'connected';
  /** When the person was asked to reconnect: asked once per lost consent. */
  reconnectNotifiedAt: Date | null = null;
  /** Provider settings as JSON (Notion: the page notes go to). */
  settings: string | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();

  constructor(init: Pick<IntegrationAccount, 'userId' | 'provider' | 'accessToken'> & Partial<IntegrationAccount>) {
    Object.assign(this, init);
  }
}

export const IntegrationAccountSchema = new EntitySchema<IntegrationAccount>({
  class: IntegrationAccount,
  tableName: 'integration_accounts',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    userId: { type: 'string', length: 36 },
    provider: { type: 'string', length: 16 },
    accessToken: { type: 'text' },
    refreshToken: { type: 'text', nullable: true },
    expiresAt: { type: 'Date', nullable: true },
    scope: { type: 'text', nullable: true },
    status: { type: 'string', length: 16 },
    reconnectNotifiedAt: { type: 'Date', nullable: true },
    settings: { type: 'text', nullable: true },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date', onUpdate: () => new Date() },
  },
});

/**
 * A pending OAuth step, stored by the SHA-256 of its secret: 'state' is the one-time OAuth
 * state (with the PKCE verifier, encrypted), 'link' the short-lived /connect/{token} link texted by SMS.
 */
export class OAuthRequest {
  /** hex SHA-256 of the state or link token. */
  id!: string;
  kind!: 'state' | 'link';
  userId!: string;
  provider!: IntegrationProvider;
  codeVerifier: string | null = null;
  expiresAt!: Date;
  usedAt: Date | null = null;
  createdAt: Date = new Date();

  constructor(init: Pick<OAuthRequest, 'id' | 'kind' | 'userId' | 'provider' | 'expiresAt'> & Partial<OAuthRequest>) {
    Object.assign(this, init);
  }
}

export const OAuthRequestSchema = new EntitySchema<OAuthRequest>({
  class: OAuthRequest,
  tableName: 'oauth_requests',
  properties: {
    id: { type: 'string', length: 64, primary: true },
    kind: { type: 'string', length: 8 },
    userId: { type: 'string', length: 36 },
    provider: { type: 'string', length: 16 },
    codeVerifier: { type: 'text', nullable: true },
    expiresAt: { type: 'Date' },
    usedAt: { type: 'Date', nullable: true },
    createdAt: { type: 'Date' },
  },
});

/** One assistant task mirrored in a provider's task list: the mapping that keeps a sync from duplicating. */
export class ExternalTaskLink {
  id: string = randomUUID();
  userId!: string;
  provider!: IntegrationProvider;
  /** Our task; null once the local task is gone (the remote deletion is then propagated). */
  taskId: string | null = null;
  externalId!: string;
  /** Keyed hash of title and status as last synced (no plaintext): tells a local change from none. */
  localHash!: string;
  /** The provider's `updated` of the item as last synced (ISO). */
  remoteUpdated!: string;
  syncedAt: Date = new Date();

  constructor(init: Pick<ExternalTaskLink, 'userId' | 'provider' | 'externalId' | 'localHash' | 'remoteUpdated'> & Partial<ExternalTaskLink>) {
    Object.assign(this, init);
  }
}

export const ExternalTaskLinkSchema = new EntitySchema<ExternalTaskLink>({
  class: ExternalTaskLink,
  tableName: 'external_task_links',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    userId: { type: 'string', length: 36 },
    provider: { type: 'string', length: 16 },
    taskId: { type: 'string', length: 36, nullable: true },
    externalId: { type: 'string', length: 255 },
    localHash: { type: 'text' },
    remoteUpdated: { type: 'string', length: 40 },
    syncedAt: { type: 'Date' },
  },
});

/** The audit trail of syncs: every create, update, delete and conflict resolution, one line each (`detail` quotes task titles: encrypted at rest). */
export class SyncAudit {
  id: string = randomUUID();
  userId!: string;
  provider!: IntegrationProvider;
  action!: string;
  detail!: string;
  createdAt: Date = new Date();

  constructor(init: Pick<SyncAudit, 'userId' | 'provider' | 'action' | 'detail'>) {
    Object.assign(this, init);
  }
}

export const SyncAuditSchema = new EntitySchema<SyncAudit>({
  class: SyncAudit,
  tableName: 'sync_audit',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    userId: { type: 'string', length: 36 },
    provider: { type: 'string', length: 16 },
    action: { type: 'string', length: 32 },
    detail: { type: new EncryptedText('sync_audit.detail') },
    createdAt: { type: 'Date' },
  },
});


/**
 * One running sync of a person's list with a provider: two syncs of the same list at once (the
 * 15-minute schedule, "synchronise mes tâches", a Notion database just chosen) would both create
 * the same new item. A row is the lock; `expiresAt` lets a crashed holder's lock be taken over.
 */
export class SyncLock {
  userId!: string;
  provider!: IntegrationProvider;
  holder!: string;
  expiresAt!: Date;

  constructor(init: SyncLock) {
    Object.assign(this, init);
  }
}

export const SyncLockSchema = new EntitySchema<SyncLock>({
  class: SyncLock,
  tableName: 'sync_locks',
  properties: {
    userId: { type: 'string', length: 36, primary: true },
    provider: { type: 'string', length: 16, primary: true },
    holder: { type: 'string', length: 36 },
    expiresAt: { type: 'Date' },
  },
});

export const integrationEntities = [CheckinSettingsSchema, IntegrationAccountSchema, OAuthRequestSchema, ExternalTaskLinkSchema, SyncAuditSchema, SyncLockSchema];
