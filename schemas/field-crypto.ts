import { createHash, createHmac } from 'node:crypto';
import { type Platform, Type, type TransformContext } from '@mikro-orm/core';
import { type DataKey, KeyRing } from './keyring';
import { indexTerms, queryIndexTerm } from '../language/search';

/**
 * Field encryption for the database (see docs/security.md):
 * - sensitive text columns hold `enc:v1:<keyId>:<base64(iv|tag|ciphertext)>` (AES-256-GCM through
 *   the KeyRing of DATA_ENCRYPTION_KEYS, the column name as associated data so a value cannot be
 *   moved to another column); entities keep plaintext in memory, the `EncryptedText` type converts;
 * - exact lookups go through a blind index (HMAC-SHA256 of the value), e.g. `users.phone_hash`;
 * - memory search stores keyed hashes of its index terms instead of words.
 *
 * The blind-index key is random, generated once by the migration and stored in `data_keys`
 * encrypted by the key ring (re-wrapped by `keys rotate`): rotating DATA_ENCRYPTION_KEYS never
 * changes a hash, so lookups and the search index survive any rotation without a rebuild.
 */
export class FieldCrypto {
  readonly ring: KeyRing;
  #indexKey: Buffer | null = null;

  constructor(keys: DataKey[]) {
    this.ring = new KeyRing(keys);
  }

  encrypt(column: string, plaintext: string): string {
    const stored = this.ring.encryptText(plaintext, column);
    rememberPlaintext(stored, column, plaintext);
    return stored;
  }

  /** Rows written before encryption (or by a process without it) are read as they are. */
  decrypt(column: string, stored: string): string {
    if (!KeyRing.isEncryptedText(stored)) return stored;
    const plaintext = this.ring.decryptText(stored, column);
    rememberPlaintext(stored, column, plaintext);
    return plaintext;
  }

  /** True when `stored` is already encrypted with the current (first) key. */
  isCurrent(stored: string): boolean {
    return stored.startsWith(`enc:v1:${this.ring.currentKeyId}:`);
  }

  get hasIndexKey(): boolean {
    return this.#indexKey !== null;
  }

  setIndexKey(key: Buffer): void {
    if (key.length !== 32) throw new Error('the blind-index key must be 32 bytes');
    this.#indexKey = key;
  }

  /** The index key wrapped by the key ring, as stored in `data_keys`. */
  wrapIndexKey(key: Buffer): string {
    return this.ring.encryptText(key.toString('base64'), INDEX_KEY_AAD);
  }

  unwrapIndexKey(stored: string): Buffer {
    return Buffer.from(this.ring.decryptText(stored, INDEX_KEY_AAD), 'base64');
  }

  /** Keyed hash for exact lookups: hex HMAC-SHA256 over `<purpose>\0<value>`. */
  blindIndex(purpose: string, value: string): string {
    return createHmac('sha256', this.indexKey()).update(`${purpose}\0${value}`).digest('hex');
  }

  /** The stored search text of a memory: one keyed token per index term, salted with the user id. */
  memorySearchText(userId: string, text: string): string {
    return indexTerms(text).map((term) => this.searchToken(userId, term)).join(' ');
  }

  /** The token a query term (from `searchTerms`) looks up in the memory index. */
  memoryQueryToken(userId: string, term: string): string {
    return this.searchToken(userId, queryIndexTerm(term));
  }

  /**
   * 64 bits of HMAC written with the letters a–p: a plain word for FTS5's unicode61 tokenizer and
   * PostgreSQL's 'simple' parser alike (no digits, so never read as a number). Salted per user so
   * the same word has a different token for every person.
   */
  private searchToken(userId: string, term: string): string {
    const mac = createHmac('sha256', this.indexKey()).update(`memories.search_text\0${userId}\0${term}`).digest();
    let out = '';
    for (const byte of mac.subarray(0, 8)) out += String.fromCharCode(97 + (byte >> 4), 97 + (byte & 15));
    return out;
  }

  private indexKey(): Buffer {
    if (!this.#indexKey) throw new Error('the blind-index key is not loaded: the database is not migrated yet (npm run migrate)');
    return this.#indexKey;
  }
}

export const INDEX_KEY_ID = 'blind-index';
const INDEX_KEY_AAD = 'data_keys.blind-index';
/** Purpose label of the phone blind index (users.phone_hash). */
export const PHONE_INDEX = 'users.phone';

const registry = new WeakMap<Platform, FieldCrypto>();

/** Binds a FieldCrypto to one ORM (by its platform): each open database has its own key ring. */
export function registerFieldCrypto(platform: Platform, crypto: FieldCrypto): void {
  registry.set(platform, crypto);
}

type PlatformSource = Platform | { getPlatform(): Platform } | { em: { getPlatform(): Platform } };

/** The FieldCrypto of an ORM, an EntityManager or a platform. */
export function fieldCrypto(source: PlatformSource): FieldCrypto {
  const platform = 'em' in source ? source.em.getPlatform() : 'getPlatform' in source ? source.getPlatform() : source;
  const crypto = registry.get(platform);
  if (!crypto) throw new Error('no encryption keys for this database: open it with openDatabase(config.database)');
  return crypto;
}

/**
 * MikroORM's dirty check compares database forms, and AES-GCM with a random IV never encrypts the
 * same text twice the same way. So the type compares plaintexts instead, through this bounded
 * memory of "ciphertext → digest of its plaintext" filled on every encrypt and decrypt. A miss
 * only costs one needless UPDATE (same text, fresh ciphertext), never a lost change.
 */
const PLAINTEXT_DIGESTS = new Map<string, string>();
const MAX_DIGESTS = 20_000;

function rememberPlaintext(stored: string, column: string, plaintext: string): void {
  if (PLAINTEXT_DIGESTS.size >= MAX_DIGESTS) PLAINTEXT_DIGESTS.delete(PLAINTEXT_DIGESTS.keys().next().value!);
  PLAINTEXT_DIGESTS.set(stored, createHash('sha256').update(`${column}\0${plaintext}`).digest('base64'));
}

/**
 * A text column stored encrypted. The property keeps its plaintext in memory; a query condition on
 * it throws (ciphertexts are randomised: compare its blind index instead).
 */
export class EncryptedText extends Type<string | null, string | null> {
  constructor(readonly column: string) {
    super();
  }

  override convertToDatabaseValue(value: string | null, platform: Platform, context?: TransformContext): string | null {
    if (value === null || value === undefined) return value;
    if (context?.mode === 'query') throw new Error(`${this.column} is encrypted and cannot be used in a query condition; use its blind index`);
    return fieldCrypto(platform).encrypt(this.column, value);
  }

  override convertToJSValue(value: string | null, platform: Platform): string | null {
    if (value === null || value === undefined) return value;
    return fieldCrypto(platform).decrypt(this.column, value);
  }

  override compareValues(a: string | null, b: string | null): boolean {
    if (a === b) return true;
    if (a === null || b === null || a === undefined || b === undefined) return false;
    const da = PLAINTEXT_DIGESTS.get(a);
    return da !== undefined && da === PLAINTEXT_DIGESTS.get(b);
  }

  override compareAsType(): string {
    return 'string';
  }

  /** The raw value loaded is already comparable (compareValues decrypts by digest). */
  override ensureComparable(): boolean {
    return false;
  }

  override getColumnType(): string {
    return 'text';
  }
}

interface SqlRunner {
  execute(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Reads the wrapped blind-index key from `data_keys` into `crypto`; false when the table has none yet. */
export async function loadIndexKey(conn: SqlRunner, crypto: FieldCrypto): Promise<boolean> {
  let rows: { value: string }[];
  try {
    rows = (await conn.execute('select value from data_keys where id = ?', [INDEX_KEY_ID])) as { value: string }[];
  } catch {
    return false; // no data_keys table: the encryption migration has not run yet
  }
  const row = rows[0];
  if (!row) return false;
  crypto.setIndexKey(crypto.unwrapIndexKey(row.value));
  return true;
}
