import type { Orm } from '../../schemas/db';
import { normalizeForSearch } from '../../language/search';
import type { Lang } from '../../language/time';
import type { Logger } from '../../services/infra/logger';
import { type Accounts, NeedsReconnectError, reconnectText } from '../../services/integrations/accounts';
import { type Breakers, BrokenCircuitError } from '../../services/integrations/breaker';
import type { IntegrationDeps } from '../../services/integrations/deps';
import { isNotFound, notionDatabase, type NotionTarget, notionTargets, parseNotionSettings } from '../../services/integrations/notion';
import { saveNotionChoice } from '../../services/integrations/notion-settings';

export type TargetKind = 'page' | 'database';

/** Picks by number (1 = first of the listing) or by name: accents and case ignored, whole name first, then a unique partial match. */
export function pickTarget(list: NotionTarget[], choice: { name: string | null; number: number | null }): { found: NotionTarget } | { ambiguous: NotionTarget[] } | { none: true } {
  if (choice.number !== null) {
    const found = list[choice.number - 1];
    return found ? { found } : { none: true };
  }
  const wanted = normalizeForSearch(choice.name ?? '');
  if (!wanted) return { none: true };
  const exact = list.filter((t) => normalizeForSearch(t.title) === wanted);
  if (exact.length === 1) return { found: exact[0]! };
  const partial = exact.length > 1 ? exact : list.filter((t) => ` ${normalizeForSearch(t.title)} `.includes(` ${wanted} `) || normalizeForSearch(t.title).startsWith(wanted));
  if (partial.length === 1) return { found: partial[0]! };
  return partial.length > 1 ? { ambiguous: partial } : { none: true };
}

// Replies quote one name at most: the GSM layer reads `" … "` (quote, space … space, quote) as
// spaced guillemets and tightens it.

/** SMS-sized: 8 entries at most, titles cut at 40 characters. */
const SHOWN = 8;
const cut = (title: string) => (title.length > 40 ? `${title.slice(0, 37)}...` : title);

function numbered(list: NotionTarget[], chosenId: string | null | undefined, lang: Lang): string[] {
  const same = (a: string, b: string | null | undefined) => !!b && a.replace(/-/g, '') === b.replace(/-/g, '');
  const lines = list.slice(0, SHOWN).map((t, i) => `${i + 1}. ${cut(t.title)}${same(t.id, chosenId) ? (lang === 'fr' ? ' (choisie)' : ' (chosen)') : ''}`);
  if (list.length > SHOWN) lines.push(lang === 'fr' ? `(+${list.length - SHOWN} autres: écris le nom)` : `(+${list.length - SHOWN} more: text the name)`);
  return lines;
}

/** How to pick by number, as the person would text it. */
function example(kind: TargetKind, n: number, lang: Lang): string {
  if (kind === 'page') return lang === 'fr' ? `note dans la page ${n}` : `use page ${n} for my notes`;
  return lang === 'fr' ? `utilise la base ${n} pour mes tâches` : `use database ${n} for my tasks`;
}

export interface PickerDeps {
  orm: Orm;
  logger: Logger;
  integrations: IntegrationDeps | undefined;
  accounts: Accounts | null;
  breakers: Breakers;
  /** Starts a sync of the person's Notion database now (after a database is chosen). */
  startSync(userId: string): Promise<void>;
}

/** The SMS side of the picker: the activities behind "mes bases Notion" and "utilise la base Tâches pour mes tâches". */
export function createNotionPicker(deps: PickerDeps) {
  const offered = () => !!deps.integrations?.config.clients.notion;

  /** Calls Notion with the person's token (one forced refresh on a 401), through Notion's breaker. */
  async function withNotion<T>(userId: string, fn: (token: string) => Promise<T>): Promise<T> {
    return deps.breakers.run('notion', async () => {
      const token = await deps.accounts!.accessToken(userId, 'notion');
      if (!token) throw new NeedsReconnectError('notion');
      try {
        return await fn(token);
      } catch (err) {
        if ((err as { status?: unknown }).status !== 401) throw err;
        const fresh = await deps.accounts!.accessToken(userId, 'notion', { forceRefresh: true });
        if (!fresh) throw err;
        return fn(fresh);
      }
    });
  }

  function trouble(err: unknown, lang: Lang): { reply: string } {
    if (err instanceof NeedsReconnectError) return { reply: reconnectText('notion', lang) };
    if (err instanceof BrokenCircuitError) return { reply: lang === 'fr' ? 'Notion ne répond pas en ce moment. Réessaie dans quelques minutes.' : "Notion isn't answering right now. Try again in a few minutes." };
    throw err;
  }

  const notConnected = (fr: boolean) => ({ reply: fr ? 'Notion n\'est pas relié. Écris "connecte Notion" pour commencer.' : 'Notion is not connected. Text "connect Notion" to start.' });

  /** Tool: "mes pages Notion", "my Notion databases": numbered, SMS-sized. */
  async function listNotionTargets(input: { userId: string; language: Lang; kind: TargetKind | null }): Promise<{ reply: string }> {
    const fr = input.language === 'fr';
    const account = deps.accounts && offered() ? await deps.accounts.find(input.userId, 'notion') : null;
    if (!account) return notConnected(fr);
    let targets;
    try {
      targets = await withNotion(input.userId, (token) => notionTargets(deps.integrations!.config, token));
    } catch (err) {
      return trouble(err, input.language);
    }
    const settings = parseNotionSettings(account.settings);
    const parts: string[] = [];
    if (input.kind !== 'database') {
      parts.push(
        targets.pages.length
          ? [fr ? 'Tes pages Notion:' : 'Your Notion pages:', ...numbered(targets.pages, settings.pageId, input.language), `${fr ? 'Pour tes notes' : 'For your notes'}: "${example('page', 1, input.language)}"`].join('\n')
          : fr ? 'Aucune page Notion partagée avec l\'assistant.' : 'No Notion page shared with the assistant.',
      );
    }
    if (input.kind !== 'page') {
      parts.push(
        targets.databases.length
          ? [fr ? 'Tes bases Notion:' : 'Your Notion databases:', ...numbered(targets.databases, settings.databaseId, input.language), `${fr ? 'Pour tes tâches' : 'For your tasks'}: "${example('database', 1, input.language)}"`].join('\n')
          : fr ? 'Aucune base Notion partagée avec l\'assistant. Partage-lui une base dans Notion (menu ... > Connexions).' : 'No Notion database shared with the assistant. Share one with it in Notion (... menu > Connections).',
      );
    }
    return { reply: parts.join('\n\n') };
  }

  /** Tool: "utilise la base Tâches pour mes tâches", "note dans la page Journal", or by number. */
  async function chooseNotionTarget(input: { userId: string; language: Lang; kind: TargetKind; name: string | null; number: number | null }): Promise<{ reply: string }> {
    const fr = input.language === 'fr';
    const account = deps.accounts && offered() ? await deps.accounts.find(input.userId, 'notion') : null;
    if (!account) return notConnected(fr);
    const config = deps.integrations!.config;
    const what = input.kind === 'page' ? 'page' : fr ? 'base' : 'database';
    const wanted = input.number !== null ? String(input.number) : `"${input.name ?? ''}"`;
    try {
      const targets = await withNotion(input.userId, (token) => notionTargets(config, token));
      const list = input.kind === 'page' ? targets.pages : targets.databases;
      const picked = pickTarget(list, { name: input.name, number: input.number });
      if ('ambiguous' in picked) {
        const names = picked.ambiguous.slice(0, 5).map((t) => `${list.indexOf(t) + 1}. ${cut(t.title)}`).join('\n');
        const n = list.indexOf(picked.ambiguous[0]!) + 1;
        return { reply: `${fr ? `Plusieurs ${what}s correspondent:` : `Several ${what}s match:`}\n${names}\n${fr ? 'Choisis par numéro' : 'Pick by number'}: "${example(input.kind, n, input.language)}"` };
      }
      if ('none' in picked) {
        const known = numbered(list, null, input.language).join('\n');
        const head = fr ? `Je ne trouve pas de ${what} Notion ${wanted}.` : `I can't find a Notion ${what} ${wanted}.`;
        const tail = list.length ? `\n${fr ? `Tes ${what}s:` : `Your ${what}s:`}\n${known}` : fr ? " Vérifie qu'elle est partagée avec l'assistant dans Notion." : ' Check that it is shared with the assistant in Notion.';
        return { reply: head + tail };
      }
      if (input.kind === 'page') {
        await saveNotionChoice(deps.orm, input.userId, { page: picked.found });
        return { reply: fr ? `C'est noté: tes notes iront dans la page Notion "${cut(picked.found.title)}".` : `Done: your notes will go to the Notion page "${cut(picked.found.title)}".` };
      }
      const db = await withNotion(input.userId, (token) => notionDatabase(config, token, picked.found.id));
      if (!db.properties) {
        return {
          reply: fr
            ? `La base "${cut(db.title)}" n'a ni case à cocher Fait ni statut Terminé: ajoute une propriété case à cocher nommée Fait dans Notion, puis redemande.`
            : `The "${cut(db.title)}" database has no Done checkbox and no Done status: add a checkbox property named Done in Notion, then ask again.`,
        };
      }
      await saveNotionChoice(deps.orm, input.userId, { database: db });
      await deps.startSync(input.userId);
      return {
        reply: fr
          ? `C'est noté: ta liste de tâches se synchronise avec la base Notion "${cut(db.title)}" (fait = ${db.properties.doneProperty.property}). Première synchro lancée.`
          : `Done: your task list now syncs with the Notion database "${cut(db.title)}" (done = ${db.properties.doneProperty.property}). First sync started.`,
      };
    } catch (err) {
      if (isNotFound(err)) return { reply: fr ? `Cette ${what} n'est plus partagée avec l'assistant dans Notion.` : `That ${what} is no longer shared with the assistant in Notion.` };
      return trouble(err, input.language);
    }
  }

  return { listNotionTargets, chooseNotionTarget };
}
