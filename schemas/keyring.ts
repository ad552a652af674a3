import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface DataKey {
  id: string;
  /** 32 bytes: AES-256-GCM. */
  key: Buffer;
}

export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

/**
 * The data-at-rest key ring (DATA_ENCRYPTION_KEYS): the first key encrypts, every key decrypts,
 * so a new key is rotated in by putting it first and an old one retired once nothing uses it.
 * Used by the Temporal payload codec, encrypted database fields and stored OAuth tokens.
 */
export class KeyRing {
  readonly #keys: Map<string, Buffer>;
  readonly #current: DataKey;

  constructor(keys: DataKey[]) {
    if (keys.length === 0) throw new Error('KeyRing needs at least one key');
    for (const k of keys) if (k.key.length !== 32) throw new Error(`key ${k.id} is not 32 bytes`);
    this.#keys = new Map(keys.map((k) => [k.id, k.key]));
    this.#current = keys[0]!;
  }

  get currentKeyId(): string {
    return this.#current.id;
  }

  hasKey(id: string): boolean {
    return this.#keys.has(id);
  }

  /** AES-256-GCM with a random 96-bit IV; `aad` binds the ciphertext to its context (e.g. a column). */
  encryptBytes(plaintext: Uint8Array, aad?: string): { keyId: string; data: Buffer } {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#current.key, iv);
    if (aad) cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { keyId: this.#current.id, data: Buffer.concat([iv, cipher.getAuthTag(), body]) };
  }

  decryptBytes(keyId: string, data: Uint8Array, aad?: string): Buffer {
    const key = this.#keys.get(keyId);
    if (!key) throw new DecryptionError(`unknown encryption key id "${keyId}"`);
    const buf = Buffer.from(data);
    if (buf.length < 28) throw new DecryptionError('ciphertext too short');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      if (aad) decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]);
    } catch {
      throw new DecryptionError('ciphertext failed authentication');
    }
  }

  /** Text form for database columns: `enc:v1:<keyId>:<base64(iv|tag|ciphertext)>`. */
  encryptText(plaintext: string, aad?: string): string {
    const { keyId, data } = this.encryptBytes(Buffer.from(plaintext, 'utf8'), aad);
    return `enc:v1:${keyId}:${data.toString('base64')}`;
  }

  decryptText(stored: string, aad?: string): string {
    const m = /^enc:v1:([\w-]+):([A-Za-z0-9+/=]+)$/.exec(stored);
    if (!m) throw new DecryptionError('not an encrypted value');
    return this.decryptBytes(m[1]!, Buffer.from(m[2]!, 'base64'), aad).toString('utf8');
  }

  static isEncryptedText(value: string): boolean {
    return value.startsWith('enc:v1:');
  }
}
