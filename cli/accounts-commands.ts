import { z } from 'zod';
import { e164 } from '../schemas/common';
import type { Orm } from '../schemas/db';
import { findUserByPhone, Partner, PartnerLink, RecoveryCode, RefreshToken, User, type UserRole } from '../schemas/entities';
import { createPartner, linkPartner, partnerScopes, unlinkPartner } from '../api/auth/partners';
import { ROLES } from '../api/auth/principal';
import { parseScopes } from '../api/auth/scopes';
import { hashPassword } from '../api/auth/secrets';

/** Accounts commands of the operator CLI (cli/admin.ts dispatches here). */
type Flags = Record<string, string | boolean | undefined>;
type Fail = (message: string) => Error;
export type CommandResult = { json: unknown; text: string };

export const ACCOUNTS_USAGE = `  user add … --password P          (sets the password the API login checks)
  user password --phone E164 --password P
  user role --phone E164 --role user|premium|admin
  user mfa-reset --phone E164        (lost phone and recovery codes: MFA off, sessions revoked)
  partner add --name N --scopes a,b  (prints the partner key once)
  partner list
  partner link --partner ID --phone E164
  partner unlink --partner ID --phone E164
  partner revoke --partner ID`;

/** NIST SP 800-63B: at least 8 characters, no composition rules; the upper bound keeps hashing cheap. */
export const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(200, 'must be at most 200 characters');

export async function passwordHashFromFlag(flags: Flags, fail: Fail): Promise<string | null> {
  if (flags.password === undefined) return null;
  const parsed = passwordSchema.safeParse(flags.password);
  if (!parsed.success) throw fail(`--password: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return hashPassword(parsed.data);
}

function need(flags: Flags, name: string, fail: Fail): string {
  const v = flags[name];
  if (typeof v !== 'string' || v === '') throw fail(`--${name} is required`);
  return v;
}

async function userByPhone(orm: Orm, flags: Flags, fail: Fail): Promise<User> {
  const parsed = e164.safeParse(need(flags, 'phone', fail));
  if (!parsed.success) throw fail(`--phone: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const user = await findUserByPhone(orm.em.fork(), parsed.data);
  if (!user) throw fail(`no user with phone ${parsed.data}`);
  return user;
}

async function partnerById(orm: Orm, flags: Flags, fail: Fail): Promise<Partner> {
  const id = need(flags, 'partner', fail);
  const partner = z.uuid().safeParse(id).success ? await orm.em.fork().findOne(Partner, { id }) : null;
  if (!partner) throw fail(`no partner ${id}`);
  return partner;
}

const partnerJson = (p: Partner, links?: number) => ({
  id: p.id,
  name: p.name,
  scopes: partnerScopes(p),
  revoked: p.revokedAt !== null,
  createdAt: p.createdAt.toISOString(),
  ...(links !== undefined ? { linkedUsers: links } : {}),
});

/** Runs an accounts command, or returns null when `command` is not one. */
export async function runAccountsCommand(command: string, orm: Orm, flags: Flags, fail: Fail): Promise<CommandResult | null> {
  switch (command) {
    case 'user password': {
      const user = await userByPhone(orm, flags, fail);
      if (flags.password === undefined) throw fail('--password is required');
      const hash = await passwordHashFromFlag(flags, fail);
      const em = orm.em.fork();
      await em.nativeUpdate(User, { id: user.id }, { passwordHash: hash });
      // A new password ends every session the old one opened.
      await em.nativeUpdate(RefreshToken, { user: user.id, revokedAt: null }, { revokedAt: new Date() });
      return { json: { id: user.id, passwordSet: true }, text: `password set for ${user.phone}; their sessions are revoked` };
    }
    case 'user mfa-reset': {
      const user = await userByPhone(orm, flags, fail);
      await orm.em.fork().transactional(async (em) => {
        await em.nativeUpdate(User, { id: user.id }, { mfaEnabled: false, totpSecret: null, totpLastStep: null });
        await em.nativeDelete(RecoveryCode, { user: user.id });
        await em.nativeUpdate(RefreshToken, { user: user.id, revokedAt: null }, { revokedAt: new Date() });
      });
      return { json: { id: user.id, mfaEnabled: false }, text: `MFA off for ${user.phone}, recovery codes deleted, sessions revoked` };
    }
    case 'user role': {
      const user = await userByPhone(orm, flags, fail);
      const role = need(flags, 'role', fail);
      if (!ROLES.includes(role as UserRole)) throw fail(`--role: must be one of ${ROLES.join(', ')}`);
      await orm.em.fork().nativeUpdate(User, { id: user.id }, { role: role as UserRole });
      return { json: { id: user.id, phone: user.phone, role }, text: `${user.phone} is now ${role} (tokens already issued keep the old role for up to 15 min)` };
    }
    case 'partner add': {
      const name = need(flags, 'name', fail).trim();
      if (name.length === 0 || name.length > 100) throw fail('--name: 1 to 100 characters');
      let scopes;
      try {
        scopes = parseScopes(need(flags, 'scopes', fail));
      } catch (err) {
        throw fail(`--scopes: ${(err as Error).message}`);
      }
      const { partner, key } = await createPartner(orm.em.fork(), name, scopes);
      return {
        json: { ...partnerJson(partner), key },
        text: `partner ${partner.id} added (${name}; ${scopes.join(', ')})\nkey (shown once, store it now): ${key}`,
      };
    }
    case 'partner list': {
      const em = orm.em.fork();
      const partners = await em.find(Partner, {}, { orderBy: { createdAt: 'asc' } });
      const rows = await Promise.all(partners.map(async (p) => partnerJson(p, await em.count(PartnerLink, { partner: p.id }))));
      const text = rows.length
        ? rows.map((p) => `${p.id}  ${p.name}  [${p.scopes.join(',')}]  ${p.linkedUsers} linked${p.revoked ? '  REVOKED' : ''}`).join('\n')
        : 'no partners';
      return { json: rows, text };
    }
    case 'partner link': {
      const partner = await partnerById(orm, flags, fail);
      const user = await userByPhone(orm, flags, fail);
      if (!(await linkPartner(orm.em.fork(), user.id, partner.id))) throw fail(`partner ${partner.id} is revoked`);
      return { json: { partnerId: partner.id, userId: user.id, linked: true }, text: `${partner.name} may now act for ${user.phone} (user id ${user.id})` };
    }
    case 'partner unlink': {
      const partner = await partnerById(orm, flags, fail);
      const user = await userByPhone(orm, flags, fail);
      const removed = await unlinkPartner(orm.em.fork(), user.id, partner.id);
      if (!removed) throw fail(`${partner.name} is not linked to ${user.phone}`);
      return { json: { partnerId: partner.id, userId: user.id, linked: false }, text: `${partner.name} unlinked from ${user.phone}` };
    }
    case 'partner revoke': {
      const partner = await partnerById(orm, flags, fail);
      await orm.em.fork().nativeUpdate(Partner, { id: partner.id }, { revokedAt: partner.revokedAt ?? new Date() });
      return { json: { id: partner.id, revoked: true }, text: `partner ${partner.id} revoked: its key no longer works` };
    }
    default:
      return null;
  }
}
