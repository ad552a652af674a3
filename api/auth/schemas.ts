import { z } from 'zod';
import { e164 } from '../../schemas/common';
import { ROLES } from './principal';
import { SCOPES } from './scopes';

/**
 * Request and response bodies of the accounts routes (/api/v1/auth, /api/v1/me/partners,
 * /api/v1/admin), as plain zod objects: the routes validate with them and the OpenAPI generator
 * registers them as they are.
 */

// ---- requests
export const LoginRequest = z.object({ phone: e164, password: z.string().min(1).max(200) }).strict();
export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(200) }).strict();
export const LogoutRequest = RefreshRequest;
export const TotpVerifyRequest = z.object({ code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code from the app') }).strict();
export const MfaChallengeRequest = z
  .object({
    mfaToken: z.string().min(1).max(2000),
    /** A TOTP code, a 6-digit SMS code, or a recovery code (XXXX-XXXX-XXXX-XXXX). */
    code: z.string().min(6).max(40),
  })
  .strict();
export const MfaSmsRequest = z.object({ mfaToken: z.string().min(1).max(2000) }).strict();
export const LinkPartnerRequest = z.object({ partnerId: z.uuid() }).strict();
export const PartnerIdParams = z.object({ partnerId: z.uuid() });
export const UserIdParams = z.object({ id: z.uuid() });
export const AdminUserPatch = z.object({ role: z.enum(ROLES as [string, ...string[]]) }).strict();
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const AuditQuery = PageQuery.extend({ partnerId: z.uuid().optional(), userId: z.uuid().optional() });

// ---- responses
/** RFC 9457 body of every error (api/problem.ts). */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export const TokenPair = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
  tokenType: z.literal('Bearer'),
});
export const MfaRequired = z.object({ mfaRequired: z.literal(true), mfaToken: z.string(), expiresIn: z.number().int() });
export const LoginResponse = z.union([TokenPair, MfaRequired]);
export const TotpEnrollResponse = z.object({ secret: z.string(), otpauthUrl: z.string() });
export const TotpVerifyResponse = z.object({ mfaEnabled: z.literal(true), recoveryCodes: z.array(z.string()) });
export const MfaSmsResponse = z.object({ sent: z.literal(true), expiresIn: z.number().int() });
export const LinkedPartner = z.object({
  id: z.uuid(),
  name: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  linkedAt: z.iso.datetime(),
});
export const LinkedPartnerList = z.object({ items: z.array(LinkedPartner) });
export const PartnerLinkList = z.object({ items: z.array(z.object({ userId: z.uuid(), linkedAt: z.iso.datetime() })) });
export const AdminUser = z.object({
  id: z.uuid(),
  phone: z.string(),
  assistantNumber: z.string(),
  timezone: z.string(),
  language: z.string(),
  status: z.string(),
  role: z.enum(ROLES as [string, ...string[]]),
  mfaEnabled: z.boolean(),
  hasPassword: z.boolean(),
  createdAt: z.iso.datetime(),
});
export const AdminUserPage = z.object({ items: z.array(AdminUser), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
export const AuditEntry = z.object({
  id: z.uuid(),
  partnerId: z.uuid(),
  userId: z.uuid(),
  method: z.string(),
  path: z.string(),
  scope: z.string(),
  createdAt: z.iso.datetime(),
});
export const AuditPage = z.object({ items: z.array(AuditEntry), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

/** Every schema above, by the name the OpenAPI document should give it. */
export const authSchemas = {
  Problem,
  LoginRequest,
  RefreshRequest,
  LogoutRequest,
  TotpVerifyRequest,
  MfaChallengeRequest,
  MfaSmsRequest,
  LinkPartnerRequest,
  AdminUserPatch,
  TokenPair,
  MfaRequired,
  LoginResponse,
  TotpEnrollResponse,
  TotpVerifyResponse,
  MfaSmsResponse,
  LinkedPartner,
  LinkedPartnerList,
  PartnerLinkList,
  AdminUser,
  AdminUserPage,
  AuditEntry,
  AuditPage,
} as const;
