import { randomUUID } from 'node:crypto';
import { EntitySchema, type EntityManager, type Ref } from '@mikro-orm/core';
import { EncryptedText, fieldCrypto } from '../field-crypto';
import type { User } from './user';

/**
 * A fact the person asked us to remember, in their words ("le code de mon casier est 4821"),
 * encrypted at rest. `searchText` is its blind search index: one keyed token per index term of the
 * normalised text (schemas/field-crypto.ts `memorySearchText`), derived at flush time; the
 * full-text index (FTS5 on SQLite, a tsvector index on PostgreSQL, see the migrations) is built on
 * those tokens, so the database never holds the words themselves.
 */
export class Memory {
  id: string = randomUUID();
  user!: Ref<User>;
  text!: string;
  searchText!: string;
  createdAt: Date = new Date();

  constructor(init: Pick<Memory, 'user' | 'text'> & Partial<Memory>) {
    Object.assign(this, init);
  }
}

const searchTextOf = (m: Memory, em: EntityManager) => fieldCrypto(em).memorySearchText(m.user.id, m.text);

export const MemorySchema = new EntitySchema<Memory>({
  class: Memory,
  tableName: 'memories',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    text: { type: new EncryptedText('memories.text') },
    searchText: { type: 'text', onCreate: searchTextOf, onUpdate: searchTextOf },
    createdAt: { type: 'Date' },
  },
});
