import { ref, type FilterQuery } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/common';
import type { Orm } from '../schemas/db';
import { Memory, User } from '../schemas/entities';
import { ErrorType } from '../schemas/errors';
import { fieldCrypto } from '../schemas/field-crypto';
import { isGoodMatch, matchedTermCount, normalizeForSearch, searchTerms } from '../language/search';
import type { Lang } from '../language/time';
import { consentGate } from './privacy/consent';

export interface MemoryServiceDeps {
  orm: Orm;
}

/** A fact longer than this is a document, not a memory; an SMS conversation fits well under it. */
export const MAX_FACT_LENGTH = 500;
export const MAX_MEMORIES_PER_USER = 500;
/** Candidates the full-text index returns before the word-coverage check re-ranks them. */
const CANDIDATES = 20;

interface Hit {
  id: string;
  text: string;
  matched: number;
}

export type RememberOutcome =
  | { status: 'remembered'; fact: string }
  | { status: 'empty' }
  | { status: 'too_long'; max: number }
  | { status: 'full'; max: number }
  /** Law 25: held until the person answers `ask`. */
  | { status: 'held'; ask: string };

export type ForgetOutcome = { status: 'forgotten'; facts: string[] } | { status: 'nothing' } | { status: 'too_many'; count: number };

/**
 * The person's long-term memory: facts in their own words (encrypted at rest, found through keyed
 * full-text tokens), for the SMS tools (activities/memory.ts), the AI model's context and the
 * REST api. Every query is scoped to the caller's userId, which never comes from message text.
 */
export function createMemoryService({ orm }: MemoryServiceDeps) {
  const postgres = orm.em.getPlatform() instanceof PostgreSqlPlatform;
  const crypto = fieldCrypto(orm);

  /**
   * The user's memories that match any meaningful word of `query`, best first: ranked by the
   * full-text index (bm25 / ts_rank), then by how many of the query's words they contain.
   * The index holds keyed tokens (schemas/field-crypto.ts): the query looks up the tokens of its
   * terms, and the word-coverage check runs on the decrypted facts.
   */
  async function search(userId: string, query: string, limit: number): Promise<{ hits: Hit[]; termCount: number }> {
    const terms = searchTerms(query);
    if (terms.length === 0) return { hits: [], termCount: 0 };
    const sql = postgres
      ? `select m.id, m.text from memories m, to_tsquery('simple', ?) q
         where m.user_id = ? and to_tsvector('simple', m.search_text) @@ q
         order by ts_rank(to_tsvector('simple', m.search_text), q) desc, m.created_at desc limit ?`
      : `select m.id, m.text from memories_fts f join memories m on m.id = f.memory_id
         where memories_fts match ? and m.user_id = ?
         order by bm25(memories_fts), m.created_at desc limit ?`;
    const tokens = [...new Set(terms.map((t) => crypto.memoryQueryToken(userId, t)))];
    const match = postgres ? tokens.join(' | ') : `{search_text} : (${tokens.map((t) => `"${t}"`).join(' OR ')})`;
    const rows: { id: string; text: string }[] = await orm.em.fork().getConnection().execute(sql, [match, userId, CANDIDATES]);
    const hits: Hit[] = rows.map((r) => {
      const text = crypto.decrypt('memories.text', r.text);
      return { id: r.id, text, matched: matchedTermCount(normalizeForSearch(text), terms) };
    });
    // Stable sort: equal coverage keeps the index's ranking.
    hits.sort((a, b) => b.matched - a.matched);
    return { hits: hits.slice(0, limit), termCount: terms.length };
  }

  const clampLimit = (limit: number | undefined) => Math.min(Math.max(Math.trunc(limit ?? 5), 1), CANDIDATES);

  return {
    /** "retiens que le code de mon casier est 4821". Saying the same fact twice stores it once (so does a retry). */
    async remember(input: { userId: string; language: Lang; fact: string }): Promise<RememberOutcome> {
      const fact = input.fact.trim().replace(/\s+/g, ' ');
      if (normalizeForSearch(fact) === '') return { status: 'empty' };
      if (fact.length > MAX_FACT_LENGTH) return { status: 'too_long', max: MAX_FACT_LENGTH };
      // Law 25: nothing is kept before the person said yes once (the fact is held until they answer).
      const ask = await consentGate(orm, { userId: input.userId, language: input.language, call: { tool: 'remember', fact } });
      if (ask) return { status: 'held', ask };
      const em = orm.em.fork();
      if ((await em.count(User, { id: input.userId })) === 0) {
        throw ApplicationFailure.nonRetryable(`no user ${input.userId}`, ErrorType.UserNotFound);
      }
      const memory = new Memory({ user: ref(em.getReference(User, input.userId)), text: fact, searchText: crypto.memorySearchText(input.userId, fact) });
      if ((await em.count(Memory, { user: input.userId, searchText: memory.searchText })) > 0) return { status: 'remembered', fact };
      if ((await em.count(Memory, { user: input.userId })) >= MAX_MEMORIES_PER_USER) return { status: 'full', max: MAX_MEMORIES_PER_USER };
      await em.persistAndFlush(memory);
      return { status: 'remembered', fact };
    },

    /** "c'est quoi le code de mon casier?": the best-covering facts (3 at most), none when no fact matches well. */
    async recall(input: { userId: string; query: string }): Promise<string[]> {
      const { hits, termCount } = await search(input.userId, input.query, 5);
      const best = hits[0];
      if (!best || !isGoodMatch(best.matched, termCount)) return [];
      return hits.filter((h) => h.matched === best.matched).slice(0, 3).map((h) => h.text);
    },

    /**
     * "oublie le code de mon casier". Deletes only facts that contain every meaningful word of
     * the request, and none at all when more than 3 do: "oublie code" must not wipe every code.
     */
    async forget(input: { userId: string; query: string }): Promise<ForgetOutcome> {
      const { hits, termCount } = await search(input.userId, input.query, CANDIDATES);
      const strong = hits.filter((h) => termCount > 0 && h.matched === termCount);
      if (strong.length === 0) return { status: 'nothing' };
      if (strong.length > 3) return { status: 'too_many', count: strong.length };
      await orm.em.fork().nativeDelete(Memory, { user: input.userId, id: { $in: strong.map((h) => h.id) } });
      return { status: 'forgotten', facts: strong.map((h) => h.text) };
    },

    /** Facts related to a message, for the AI model's context: loose (any word), best first. */
    async searchTexts(input: { userId: string; query: string; limit?: number }): Promise<string[]> {
      return (await search(input.userId, input.query, clampLimit(input.limit))).hits.map((h) => h.text);
    },

    /** The same search as memory ids (the REST api: the texts are encrypted at rest, ids are not). */
    async searchIds(input: { userId: string; query: string; limit?: number }): Promise<string[]> {
      return (await search(input.userId, input.query, clampLimit(input.limit))).hits.map((h) => h.id);
    },

    /** The best matches of `query` as rows, best first (REST api search). */
    async searchRows(input: { userId: string; query: string; limit: number }): Promise<Memory[]> {
      const ids = (await search(input.userId, input.query, clampLimit(input.limit))).hits.map((h) => h.id);
      const rows = ids.length ? await orm.em.fork().find(Memory, { user: input.userId, id: { $in: ids } }) : [];
      return ids.flatMap((id) => rows.filter((r) => r.id === id));
    },

    /** One page, newest first, before the (createdAt, id) cursor; `limit + 1` rows so the caller sees if more follow. */
    async page(query: { userId: string; before?: { createdAt: Date; id: string }; limit: number }): Promise<Memory[]> {
      const where: FilterQuery<Memory> = { user: query.userId };
      if (query.before) {
        const { createdAt, id } = query.before;
        where.$or = [{ createdAt: { $lt: createdAt } }, { createdAt, id: { $lt: id } }];
      }
      return orm.em.fork().find(Memory, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: query.limit + 1 });
    },

    async find(userId: string, id: string): Promise<Memory | null> {
      return orm.em.fork().findOne(Memory, { id, user: userId });
    },

    /** False when the person has no such memory. */
    async delete(userId: string, id: string): Promise<boolean> {
      return (await orm.em.fork().nativeDelete(Memory, { id, user: userId })) > 0;
    },
  };
}

export type MemoryService = ReturnType<typeof createMemoryService>;
