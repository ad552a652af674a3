import { createHash, createHmac, randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (node:crypto, no native add-on). Each hash carries its own salt and
 * parameters, `scrypt$N$r$p$salt$hash` (base64url), so the cost can be raised later: old hashes
 * still verify and are rehashed at the next login.
 * N=2^15, r=8 (32 MiB, ~50-100 ms on one core) follows OWASP's scrypt guidance.
 */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const maxmem = (N: number, r: number) => 256 * N * r;

export async function hashPassword(password: string, params = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LENGTH, { ...params, maxmem: maxmem(params.N, params.r) });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** A hash of a random password: verifying against it costs what a real check costs (no user-enumeration by timing). */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

/** Constant-time check; a malformed stored hash is simply "no match". */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([\w-]+)\$([\w-]+)$/.exec(stored);
  if (!m) return false;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (N > 2 ** 20 || r > 32 || p > 16) return false;
  const expected = Buffer.from(m[5]!, 'base64url');
  const key = await scryptAsync(password, Buffer.from(m[4]!, 'base64url'), expected.length, { N, r, p, maxmem: maxmem(N, r) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** True when a stored hash uses weaker parameters than today's (rehash on next successful login). */
export function needsRehash(stored: string): boolean {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$/.exec(stored);
  return !m || Number(m[1]) < SCRYPT_PARAMS.N || Number(m[2]) < SCRYPT_PARAMS.r || Number(m[3]) < SCRYPT_PARAMS.p;
}

/** SHA-256 hex of a high-entropy secret (refresh tokens, partner keys, recovery codes). */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Keyed hash for low-entropy short-lived secrets (6-digit SMS codes): a leaked store can't be brute-forced offline. */
export function hmac(key: string, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Six digits, uniformly random. */
export function randomDigits(n = 6): string {
  return Array.from({ length: n }, () => String(randomInt(10))).join('');
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `XXXX-XXXX-XXXX-XXXX` in Crockford base32: 80 random bits, easy to read aloud and type. */
export function recoveryCode(): string {
  const bytes = randomBytes(16);
  const chars = Array.from(bytes, (b) => CROCKFORD[b & 31]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** What a person types → the canonical form that was hashed (case, dashes, spaces and look-alikes forgiven). */
export function normalizeRecoveryCode(input: string): string {
  const raw = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return raw.length === 16 ? raw.match(/.{4}/g)!.join('-') : raw;
}
