import { createHash } from 'node:crypto';

/**
 * The pseudonymous id of an erased account: SHA-256 of its (random UUID) user id. It names the
 * account in the audit record and in the backups' erasure index without saying who it was; a
 * restore hashes each restored user id to find the accounts it must erase again.
 */
export function subjectHash(userId: string): string {
  return createHash('sha256').update(`assistant-user:${userId}`).digest('hex');
}
