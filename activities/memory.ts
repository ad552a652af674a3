import { createMemoryService, type MemoryService, type MemoryServiceDeps } from '../services/memory';
import { toSecondPerson } from '../language/texts/reminders';
import type { Lang } from '../language/time';

export type MemoryDeps = MemoryServiceDeps;

/**
 * The long-term memory tools over the memory service (services/memory.ts): remember, recall and
 * forget a fact in the person's words, and searchMemories for the AI model's context.
 */
export function createMemoryActivities(deps: MemoryDeps | { memory: MemoryService }) {
  const memory = 'memory' in deps ? deps.memory : createMemoryService(deps);

  /** Tool: "retiens que le code de mon casier est 4821". */
  async function remember(input: { userId: string; language: Lang; fact: string }): Promise<{ reply: string }> {
    const t = memoryTexts(input.language);
    const done = await memory.remember(input);
    switch (done.status) {
      case 'remembered':
        return { reply: t.remembered(done.fact) };
      case 'empty':
        return { reply: t.empty };
      case 'too_long':
        return { reply: t.tooLong(done.max) };
      case 'full':
        return { reply: t.full(done.max) };
      case 'held':
        return { reply: done.ask };
    }
  }

  /** Tool: "c'est quoi le code de mon casier?". `matches` are the facts quoted in the reply. */
  async function recall(input: { userId: string; language: Lang; query: string }): Promise<{ reply: string; matches: string[] }> {
    const matches = await memory.recall(input);
    if (matches.length === 0) return { reply: memoryTexts(input.language).nothing, matches: [] };
    return { reply: memoryTexts(input.language).recalled(matches), matches };
  }

  /** Tool: "oublie le code de mon casier". */
  async function forget(input: { userId: string; language: Lang; query: string }): Promise<{ reply: string }> {
    const t = memoryTexts(input.language);
    const done = await memory.forget(input);
    if (done.status === 'nothing') return { reply: t.nothingToForget };
    if (done.status === 'too_many') return { reply: t.tooManyToForget(done.count) };
    return { reply: t.forgotten(done.facts) };
  }

  /** Facts related to a message, for the AI model's context: loose (any word), best first. */
  async function searchMemories(input: { userId: string; query: string; limit?: number }): Promise<string[]> {
    return memory.searchTexts(input);
  }

  /** Same search, as memory ids. */
  async function searchMemoryIds(input: { userId: string; query: string; limit?: number }): Promise<string[]> {
    return memory.searchIds(input);
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
