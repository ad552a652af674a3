import { ref } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/common';
import type { Orm } from '../schemas/db';
import { Memory, User } from '../schemas/entities';
import { ErrorType } from '../schemas/errors';
import { fieldCrypto } from '../schemas/field-crypto';
import { isGoodMatch, matchedTermCount, normalizeForSearch, searchTerms } from '../workflows/lib/text-search';
import { toSecondPerson } from '../workflows/lib/reminder-texts';
import type { Lang } from '../workflows/lib/time';
import { consentGate } from '../services/privacy/consent';

export interface MemoryDeps {
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

/**
 * The long-term memory tools: remember, recall and forget a fact in the person's words, and
 * searchMemories for the AI model's context. Every query is scoped to the caller's userId.
 */
export function createMemoryActivities({ orm }: MemoryDeps) {
  const postgres = orm.em.getPlatform() instanceof PostgreSqlPlatform;
  const crypto = fieldCrypto(orm);

  /**
   * The user's memories that match any meaningful word of `query`, best first: ranked by the
   * full-text index (bm25 / ts_rank), then by how many of the query's words they contain.
   * Always filtered on `userId`, which comes from the workflow, never from message text.
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

  /** Tool: "retiens que le code de mon casier est 4821". Saying the same fact twice stores it once. */
  async function remember(input: { userId: string; language: Lang; fact: string }): Promise<{ reply: string }> {
    const t = memoryTexts(input.language);
    const fact = input.fact.trim().replace(/\s+/g, ' ');
    if (normalizeForSearch(fact) === '') return { reply: t.empty };
    if (fact.length > MAX_FACT_LENGTH) return { reply: t.tooLong(MAX_FACT_LENGTH) };
    // Law 25: nothing is kept before the person said yes once (the fact is held until they answer).
    const ask = await consentGate(orm, { userId: input.userId, language: input.language, call: { tool: 'remember', fact } });
    if (ask) return { reply: ask };
    const em = orm.em.fork();
    if ((await em.count(User, { id: input.userId })) === 0) {
      throw ApplicationFailure.nonRetryable(`no user ${input.userId}`, ErrorType.UserNotFound);
    }
    const memory = new Memory({ user: ref(em.getReference(User, input.userId)), text: fact, searchText: crypto.memorySearchText(input.userId, fact) });
    // Also what makes an activity retry after a successful insert harmless.
    if ((await em.count(Memory, { user: input.userId, searchText: memory.searchText })) > 0) return { reply: t.remembered(fact) };
    if ((await em.count(Memory, { user: input.userId })) >= MAX_MEMORIES_PER_USER) return { reply: t.full(MAX_MEMORIES_PER_USER) };
    await em.persistAndFlush(memory);
    return { reply: t.remembered(fact) };
  }

  /** Tool: "c'est quoi le code de mon casier?". `matches` are the facts quoted in the reply. */
  async function recall(input: { userId: string; language: Lang; query: string }): Promise<{ reply: string; matches: string[] }> {
    const { hits, termCount } = await search(input.userId, input.query, 5);
    const best = hits[0];
    if (!best || !isGoodMatch(best.matched, termCount)) return { reply: memoryTexts(input.language).nothing, matches: [] };
    const matches = hits.filter((h) => h.matched === best.matched).slice(0, 3).map((h) => h.text);
    return { reply: memoryTexts(input.language).recalled(matches), matches };
  }

  /**
   * Tool: "oublie le code de mon casier". Deletes only facts that contain every meaningful word
   * of the request, and none at all when more than 3 do: "oublie code" must not wipe every code.
   */
  async function forget(input: { userId: string; language: Lang; query: string }): Promise<{ reply: string }> {
    const t = memoryTexts(input.language);
    const { hits, termCount } = await search(input.userId, input.query, CANDIDATES);
    const strong = hits.filter((h) => termCount > 0 && h.matched === termCount);
    if (strong.length === 0) return { reply: t.nothingToForget };
    if (strong.length > 3) return { reply: t.tooManyToForget(strong.length) };
    await orm.em.fork().nativeDelete(Memory, { user: input.userId, id: { $in: strong.map((h) => h.id) } });
    return { reply: t.forgotten(strong.map((h) => h.text)) };
  }

  /** Facts related to a message, for the AI model's context: loose (any word), best first. */
  async function searchMemories(input: { userId: string; query: string; limit?: number }): Promise<string[]> {
    const limit = Math.min(Math.max(Math.trunc(input.limit ?? 5), 1), CANDIDATES);
    return (await search(input.userId, input.query, limit)).hits.map((h) => h.text);
  }

  /** Same search, as memory ids (for the REST API: the texts are encrypted at rest, ids are not). */
  async function searchMemoryIds(input: { userId: string; query: string; limit?: number }): Promise<string[]> {
    const limit = Math.min(Math.max(Math.trunc(input.limit ?? 5), 1), CANDIDATES);
    return (await search(input.userId, input.query, limit)).hits.map((h) => h.id);
  }

  return { remember, recall, forget, searchMemories, searchMemoryIds };
}

/** "j'ai garé ma voiture au niveau 3" → "tu as garé ta voiture au niveau 3"; "I'm …" → "you're …". */
const FIRST_PERSON: Record<Lang, [RegExp, string][]> = {
  fr: [[/\bj['’]ai\b/gi, 'tu as'], [/\bje suis\b/gi, 'tu es'], [/\bj['’]étais\b/gi, 'tu étais']],
  en: [[/\bI['’]m\b/g, "you're"], [/\bI am\b/g, 'you are'], [/\bI was\b/g, 'you were'], [/\bI['’]ve\b/g, "you've"]],
};

/**
 * A fact as the assistant says it back, in the second person. A French "je …" whose verb we
 * cannot conjugate is quoted as said rather than garbled ("tu gare").
 */
function spoken(fact: string, lang: Lang): string {
  let out = fact.replace(/[\s.!?;:,]+$/, '');
  if (out.length > 160) out = `${out.slice(0, 157)}...`;
  for (const [pattern, replacement] of FIRST_PERSON[lang]) out = out.replace(pattern, replacement);
  if (lang === 'fr' && /(^|[^\p{L}])(je(?!\p{L})|j['’])/iu.test(out)) return `"${out}"`;
  return toSecondPerson(out, lang);
}

/** Every SMS of the memory tools, French and English: GSM-7 only, no emojis. */
function memoryTexts(lang: Lang) {
  const fr = lang === 'fr';
  const list = (facts: string[]) => (facts.length === 1 ? ` ${spoken(facts[0] ?? '', lang)}.` : `\n${facts.map((f) => `- ${spoken(f, lang)}`).join('\n')}`);
  return {
    remembered: (fact: string) => (fr ? `C'est noté: ${spoken(fact, lang)}.` : `Got it, I'll remember: ${spoken(fact, lang)}.`),
    empty: fr ? 'Dis-moi quoi retenir, par exemple: le code de mon casier est 4821.' : 'Tell me what to remember, for example: my bike lock combo is 7309.',
    tooLong: (max: number) =>
      fr ? `C'est trop long pour une note (${max} caractères max). Garde l'essentiel.` : `That's too long for a note (${max} characters max). Keep the key part.`,
    full: (max: number) =>
      fr
        ? `J'ai déjà ${max} notes pour toi, c'est le maximum. Écris "oublie" et ce qui ne sert plus pour faire de la place.`
        : `I already keep ${max} notes for you, the maximum. Text "forget" and what you no longer need to make room.`,
    recalled: (facts: string[]) => `${fr ? "Tu m'as dit:" : 'You told me:'}${list(facts)}`,
    nothing: fr ? "Je n'ai rien noté là-dessus." : "I don't have anything about that.",
    forgotten: (facts: string[]) => `${fr ? "C'est oublié:" : 'Forgotten:'}${list(facts)}`,
    nothingToForget: fr ? "Je n'ai rien trouvé à oublier là-dessus." : "I found nothing to forget about that.",
    tooManyToForget: (n: number) =>
      fr
        ? `${n} notes correspondent. Précise un peu plus ce que je dois oublier.`
        : `${n} notes match. Tell me a bit more precisely what to forget.`,
  };
}
