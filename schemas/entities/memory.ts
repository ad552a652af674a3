import { randomUUID } from 'node:crypto';
import { EntitySchema, type Ref } from '@mikro-orm/core';
import { normalizeForSearch } from '../../workflows/lib/text-search';
import type { User } from './user';

/**
 * A fact the person asked us to remember, in their words ("le code de mon casier est 4821").
 * `searchText` is its normalised form (lowercase, no accents, no punctuation); the full-text
 * index (FTS5 on SQLite, a tsvector index on PostgreSQL, see the migration) is built on it.
 */
export class Memory {
  id: string = randomUUID();
  user!: Ref<User>;
  text!: string;
  searchText!: string;
  createdAt: Date = new Date();

  constructor(init: Pick<Memory, 'user' | 'text'> & Partial<Memory>) {
    Object.assign(this, init);
    this.searchText ??= normalizeForSearch(this.text);
  }
}

export const MemorySchema = new EntitySchema<Memory>({
  class: Memory,
  tableName: 'memories',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    text: { type: 'text' },
    searchText: { type: 'text' },
    createdAt: { type: 'Date' },
  },
});
