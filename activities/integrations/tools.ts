import { ApplicationFailure } from '@temporalio/common';
import type { ProviderName } from '../../schemas/config';
import type { Orm } from '../../schemas/db';
import { IntegrationAccount, OAuthRequest, User } from '../../schemas/entities';
import { formatWhen, type Lang, zonedParts, formatClock } from '../../language/time';
import { localDay } from '../checkin';
import type { Logger } from '../../services/infra/logger';
import { type Accounts, NeedsReconnectError, reconnectText } from '../../services/integrations/accounts';
import { type Breakers, BrokenCircuitError } from '../../services/integrations/breaker';
import type { IntegrationDeps } from '../../services/integrations/deps';
import { type CalendarEvent, googleCreateEvent, googleEvents, youtubeSearch } from '../../services/integrations/google';
import { outlookCreateEvent, outlookEvents } from '../../services/integrations/microsoft';
import { notionAppend, notionTargetPage } from '../../services/integrations/notion';
import { randomToken, sha256hex } from '../../services/integrations/oauth';

/** Connect links texted by SMS live 15 minutes. */
export const CONNECT_LINK_TTL_MS = 15 * 60_000;
const NAMES: Record<ProviderName, string> = { google: 'Google', microsoft: 'Microsoft', notion: 'Notion' };

export interface ToolDeps {
  orm: Orm;
  logger: Logger;
  publicBaseUrl: string;
  integrations: IntegrationDeps | undefined;
  accounts: Accounts | null;
  breakers: Breakers;
}

/** Provider trouble as one short SMS: reconnect, or "not answering" (the breaker is open or the call failed). */
function trouble(err: unknown, provider: ProviderName, lang: Lang): { reply: string } {
  if (err instanceof NeedsReconnectError) return { reply: reconnectText(provider, lang) };
  if (err instanceof BrokenCircuitError) {
    return { reply: lang === 'fr' ? `${NAMES[provider]} ne répond pas en ce moment. Je réessaierai plus tard, pas besoin de redemander.` : `${NAMES[provider]} isn't answering right now. I'll try again later, no need to ask again.` };
  }
  throw err;
}

export function createIntegrationTools(deps: ToolDeps) {
  const now = () => deps.integrations?.now?.() ?? new Date();

  async function user(userId: string): Promise<User> {
    const u = await deps.orm.em.fork().findOne(User, { id: userId });
    if (!u) throw ApplicationFailure.nonRetryable(`no user ${userId}`, 'UserNotFound');
    return u;
  }

  const offered = (provider: ProviderName) => deps.integrations?.config.clients[provider] !== null && deps.integrations?.config.clients[provider] !== undefined;

  /** Calendar providers connected for this person, Google first. */
  async function calendars(userId: string): Promise<ProviderName[]> {
    if (!deps.accounts) return [];
    const connected = await deps.accounts.connected(userId);
    return (['google', 'microsoft'] as const).filter((p) => offered(p) && connected.some((a) => a.provider === p));
  }

  /**
   * No usable calendar: a calendar that lost its consent is named (reconnect); else the calendars
   * this deployment offers are suggested ("connecte mon calendrier Google"), or, with none
   * configured, the person is told calendars are not available (no link that would not work).
   */
  async function noCalendar(userId: string, lang: Lang, then: { fr: string; en: string }): Promise<{ reply: string }> {
    const lost = deps.accounts ? await deps.orm.em.fork().findOne(IntegrationAccount, { userId, provider: { $in: ['google', 'microsoft'] }, status: 'needs_reconnect' }) : null;
    if (lost && offered(lost.provider)) return { reply: reconnectText(lost.provider, lang) };
    const fr = lang === 'fr';
    const google = offered('google');
    const outlook = offered('microsoft');
    if (!google && !outlook) return { reply: fr ? "Le calendrier n'est pas disponible pour l'instant." : "Calendars aren't available yet." };
    const hint = google
      ? fr ? `"connecte mon calendrier Google"${outlook ? ' (ou Outlook)' : ''}` : `"connect my Google calendar"${outlook ? ' (or Outlook)' : ''}`
      : fr ? '"connecte Outlook"' : '"connect Outlook"';
    return { reply: fr ? `Aucun calendrier relié. Écris ${hint} ${then.fr}.` : `No calendar connected. Text ${hint} ${then.en}.` };
  }

  /**
   * Calls the provider with a valid access token; a 401 (token revoked or invalidated before its
   * expiry) gets one forced refresh and one more try — a refused refresh means reconnect.
   */
  async function withToken<T>(userId: string, provider: ProviderName, fn: (token: string) => Promise<T>): Promise<T> {
    const token = await deps.accounts!.accessToken(userId, provider);
    if (!token) throw new NeedsReconnectError(provider);
    try {
      return await fn(token);
    } catch (err) {
      if ((err as { status?: unknown }).status !== 401) throw err;
      deps.logger.warn('integration access token refused; refreshing once', { provider, userId });
      const fresh = await deps.accounts!.accessToken(userId, provider, { forceRefresh: true });
      if (!fresh) throw err;
      return fn(fresh);
    }
  }

  async function eventsOf(userId: string, provider: ProviderName, from: Date, to: Date): Promise<CalendarEvent[]> {
    const config = deps.integrations!.config;
    return deps.breakers.run(provider, async () => {
      if (!(await deps.accounts!.find(userId, provider))) return [];
      return withToken(userId, provider, (token) => (provider === 'google' ? googleEvents(config, token, from, to) : outlookEvents(config, token, from, to)));
    });
  }

  /** Today's events across connected calendars, for the morning check-in; null without a calendar. */
  async function calendarEvents(userId: string, from: Date, to: Date): Promise<{ title: string; start: string | null }[] | null> {
    const providers = await calendars(userId);
    if (providers.length === 0) return null;
    const lists = await Promise.all(providers.map((p) => eventsOf(userId, p, from, to)));
    return lists.flat().sort((a, b) => (a.start ?? '').localeCompare(b.start ?? ''));
  }

  /** Tool: "qu'est-ce que j'ai demain?", "what's on my calendar today". */
  async function agenda(input: { userId: string; language: Lang; day: 'today' | 'tomorrow' }): Promise<{ reply: string }> {
    const u = await user(input.userId);
    const fr = input.language === 'fr';
    const providers = await calendars(u.id);
    if (providers.length === 0) {
      return noCalendar(u.id, input.language, { fr: 'pour que je voie ta journée', en: 'so I can see your day' });
    }
    const at = input.day === 'today' ? now() : new Date(localDay(now(), u.timezone).end.getTime() + 60_000);
    const { start, end } = localDay(at, u.timezone);
    const events: CalendarEvent[] = [];
    for (const p of providers) {
      try {
        events.push(...(await eventsOf(u.id, p, start, end)));
      } catch (err) {
        return trouble(err, p, input.language);
      }
    }
    events.sort((a, b) => (a.start ?? '').localeCompare(b.start ?? ''));
    const dayName = input.day === 'today' ? (fr ? "aujourd'hui" : 'today') : fr ? 'demain' : 'tomorrow';
    if (events.length === 0) return { reply: fr ? `Rien à ton agenda ${dayName}.` : `Nothing on your calendar ${dayName}.` };
    const lines = events.slice(0, 8).map((e) => {
      if (!e.start) return `- ${fr ? 'journée' : 'all day'}: ${e.title.slice(0, 60)}`;
      const p = zonedParts(new Date(e.start), u.timezone);
      return `- ${formatClock(p.hour, p.minute, input.language)} ${e.title.slice(0, 60)}`;
    });
    const more = events.length > 8 ? [fr ? `(+${events.length - 8} autres)` : `(+${events.length - 8} more)`] : [];
    return { reply: [fr ? `Ton agenda ${dayName}:` : `Your calendar ${dayName}:`, ...lines, ...more].join('\n') };
  }

  /** Tool: "bloque 14h-15h pour mes impôts jeudi": in the first connected calendar. */
  async function createCalendarEvent(input: { userId: string; language: Lang; title: string; start: string; end: string }): Promise<{ reply: string }> {
    const u = await user(input.userId);
    const fr = input.language === 'fr';
    const [provider] = await calendars(u.id);
    if (!provider) {
      return noCalendar(u.id, input.language, { fr: 'et je pourrai bloquer du temps', en: 'and I can block time' });
    }
    try {
      const config = deps.integrations!.config;
      await deps.breakers.run(provider, () =>
        withToken(u.id, provider, (token) =>
          provider === 'google'
            ? googleCreateEvent(config, token, { title: input.title, start: input.start, end: input.end, timezone: u.timezone })
            : outlookCreateEvent(config, token, input),
        ),
      );
    } catch (err) {
      return trouble(err, provider, input.language);
    }
    const when = formatWhen(new Date(input.start), u.timezone, input.language, now());
    const endParts = zonedParts(new Date(input.end), u.timezone);
    const until = formatClock(endParts.hour, endParts.minute, input.language);
    return { reply: fr ? `C'est bloqué: ${input.title}, ${when} jusqu'à ${until}.` : `Blocked: ${input.title}, ${when} until ${until}.` };
  }

  /** Tool: "note ça dans Notion: …": appended as a paragraph to the chosen page. */
  async function noteToNotion(input: { userId: string; language: Lang; text: string }): Promise<{ reply: string }> {
    const fr = input.language === 'fr';
    if (!offered('notion')) return { reply: fr ? "Notion n'est pas disponible pour l'instant." : "Notion isn't available yet." };
    const account = deps.accounts ? await deps.accounts.find(input.userId, 'notion') : null;
    if (!account) return { reply: fr ? 'Notion n\'est pas relié. Écris "connecte Notion" pour commencer.' : 'Notion is not connected. Text "connect Notion" to start.' };
    try {
      const config = deps.integrations!.config;
      const chosen = account.settings ? ((JSON.parse(account.settings) as { pageId?: string }).pageId ?? null) : null;
      const page = await deps.breakers.run('notion', () =>
        withToken(input.userId, 'notion', async (token) => {
          const target = await notionTargetPage(config, token, chosen);
          if (target) await notionAppend(config, token, target, input.text);
          return target;
        }),
      );
      if (!page) return { reply: fr ? "Je ne vois aucune page Notion partagée avec l'assistant. Partage une page avec lui dans Notion." : 'I see no Notion page shared with the assistant. Share a page with it in Notion.' };
    } catch (err) {
      return trouble(err, 'notion', input.language);
    }
    return { reply: fr ? 'Noté dans Notion.' : 'Noted in Notion.' };
  }

  /** Tool: "trouve une vidéo de 10 min pour m'aider à me concentrer": one or two links with durations. */
  async function findVideo(input: { userId: string; language: Lang; query: string; minutes: number | null }): Promise<{ reply: string }> {
    const fr = input.language === 'fr';
    if (!offered('google')) return { reply: fr ? "La recherche YouTube n'est pas disponible pour l'instant." : "YouTube search isn't available yet." };
    const account = deps.accounts ? await deps.accounts.find(input.userId, 'google') : null;
    if (!account) return { reply: fr ? 'Pour chercher sur YouTube, relie ton compte Google: écris "connecte Google".' : 'To search YouTube, connect your Google account: text "connect Google".' };
    let videos;
    try {
      const config = deps.integrations!.config;
      videos = await deps.breakers.run('google', async () => {
        const token = await deps.accounts!.accessToken(input.userId, 'google');
        if (!token) throw new NeedsReconnectError('google');
        return youtubeSearch(config, token, input.query, input.minutes, input.language);
      });
    } catch (err) {
      return trouble(err, 'google', input.language);
    }
    if (videos.length === 0) return { reply: fr ? `Rien trouvé pour "${input.query}". Essaie d'autres mots.` : `Nothing found for "${input.query}". Try other words.` };
    const mmss = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    return { reply: videos.map((v) => `${v.title.slice(0, 50)} (${mmss(v.seconds)}) ${v.url}`).join('\n') };
  }

  /** Tool: "connecte mon calendrier Google": a one-time link (15 min) to PUBLIC_BASE_URL/connect/{token}. */
  async function createConnectLink(input: { userId: string; language: Lang; provider: ProviderName }): Promise<{ reply: string }> {
    const fr = input.language === 'fr';
    if (!offered(input.provider)) {
      return { reply: fr ? `${NAMES[input.provider]} n'est pas disponible pour l'instant.` : `${NAMES[input.provider]} isn't available yet.` };
    }
    const token = randomToken();
    const em = deps.orm.em.fork();
    await em.persistAndFlush(
      new OAuthRequest({ id: sha256hex(token), kind: 'link', userId: input.userId, provider: input.provider, expiresAt: new Date(now().getTime() + CONNECT_LINK_TTL_MS) }),
    );
    const url = `${deps.publicBaseUrl}/connect/${token}`;
    return { reply: fr ? `Pour relier ${NAMES[input.provider]}, ouvre ce lien (valide 15 min): ${url}` : `To connect ${NAMES[input.provider]}, open this link (valid 15 min): ${url}` };
  }

  return { agenda, createCalendarEvent, noteToNotion, findVideo, createConnectLink, calendarEvents, calendars, eventsOf, offered };
}
