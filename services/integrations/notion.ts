import { createHash } from 'node:crypto';
import { Client, collectPaginatedAPI } from '@notionhq/client';
import type { IntegrationsConfig } from '../../schemas/config';
import { normalizeForSearch } from '../../language/search';
import type { RemoteTask } from './google';
import type { AdapterFactory, TaskListAdapter } from './task-sync';

/**
 * Notion through @notionhq/client (`baseUrl` = NOTION_API_BASE_URL, the client sends the
 * Notion-Version header itself: 2025-09-03 for the installed 5.x, the version where databases
 * hold "data sources" — rows are queried through /v1/data_sources/{id}/query and created under a
 * data_source_id parent). Notes go to the page the person picked, or else to the first page the
 * integration was granted; the task list syncs with the database the person picked.
 */
function client(config: IntegrationsConfig, token: string): Client {
  return new Client({ auth: token, baseUrl: config.urls.notionApi, timeoutMs: 15_000 });
}

/** How the sync reads and writes "done" in the chosen database. */
export type NotionDoneProperty =
  | { property: string; type: 'checkbox' }
  /** A status or select property: `done` are the option names meaning done; `open` is written when a task is reopened. */
  | { property: string; type: 'status' | 'select'; done: string[]; open: string | null };

/** IntegrationAccount.settings of Notion (JSON): the notes page, the task database and its property mapping. */
export interface NotionSettings {
  pageId?: string;
  pageTitle?: string;
  databaseId?: string;
  databaseTitle?: string;
  /** The database's (first) data source, the one rows are queried from and created in. */
  dataSourceId?: string;
  titleProperty?: string;
  doneProperty?: NotionDoneProperty;
}

export function parseNotionSettings(text: string | null | undefined): NotionSettings {
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as NotionSettings) : {};
  } catch {
    return {};
  }
}

/** Everything needed to sync tasks with a database, or null when none is chosen yet. */
export function notionTaskTarget(settings: NotionSettings): Required<Pick<NotionSettings, 'dataSourceId' | 'titleProperty' | 'doneProperty'>> | null {
  const { dataSourceId, titleProperty, doneProperty } = settings;
  return dataSourceId && titleProperty && doneProperty ? { dataSourceId, titleProperty, doneProperty } : null;
}

interface RichText {
  plain_text?: string;
}
interface PropertySchema {
  name?: string;
  type: string;
  status?: { options: { id: string; name: string }[]; groups: { name: string; option_ids: string[] }[] };
  select?: { options: { id: string; name: string }[] };
}
interface PageLike {
  object: string;
  id: string;
  last_edited_time?: string;
  in_trash?: boolean;
  archived?: boolean;
  parent?: { type: string; database_id?: string; data_source_id?: string };
  properties?: Record<string, { type: string; title?: RichText[]; checkbox?: boolean; status?: { name: string } | null; select?: { name: string } | null }>;
}
interface DataSourceLike {
  object: string;
  id: string;
  title?: RichText[];
  parent?: { type: string; database_id?: string };
  properties?: Record<string, PropertySchema>;
}

const plain = (rt: RichText[] | undefined) => (rt ?? []).map((t) => t.plain_text ?? '').join('');
const pageTitle = (p: PageLike) => plain(Object.values(p.properties ?? {}).find((v) => v.type === 'title')?.title);
/** Database rows are pages too; the notes page is a page of its own. */
const isDatabaseRow = (p: PageLike) => p.parent?.type === 'database_id' || p.parent?.type === 'data_source_id';

/** The page notes go to: the chosen one, else the first page (not a database row) shared with the integration. */
export async function notionTargetPage(config: IntegrationsConfig, token: string, chosen: string | null): Promise<string | null> {
  if (chosen) return chosen;
  const found = await client(config, token).search({ filter: { property: 'object', value: 'page' }, page_size: 100 });
  return (found.results as PageLike[]).find((p) => !isDatabaseRow(p))?.id ?? null;
}

export async function notionAppend(config: IntegrationsConfig, token: string, pageId: string, text: string): Promise<void> {
  await client(config, token).blocks.children.append({
    block_id: pageId,
    children: [{ object: 'block', type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content: text.slice(0, 2000) } }] } }],
  });
}

export interface NotionTarget {
  id: string;
  title: string;
}

/** At most this many search results per kind: the picker is for a person's handful of pages. */
const MAX_SEARCH = 300;
const byTitle = (a: NotionTarget, b: NotionTarget) => normalizeForSearch(a.title).localeCompare(normalizeForSearch(b.title)) || a.id.localeCompare(b.id);

/**
 * The pages and databases shared with the integration (Notion search), sorted by title so that
 * "la base 2" means the same one from one SMS to the next. Pages exclude database rows; a
 * database appears once even with several data sources.
 */
export async function notionTargets(config: IntegrationsConfig, token: string): Promise<{ pages: NotionTarget[]; databases: NotionTarget[] }> {
  const c = client(config, token);
  const all = async (value: 'page' | 'data_source') => {
    const out: unknown[] = [];
    let cursor: string | undefined;
    do {
      const res = await c.search({ filter: { property: 'object', value }, page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) });
      out.push(...res.results);
      cursor = res.has_more && res.next_cursor ? res.next_cursor : undefined;
    } while (cursor && out.length < MAX_SEARCH);
    return out;
  };
  const pages = (await all('page')) as PageLike[];
  const sources = (await all('data_source')) as DataSourceLike[];
  const databases = new Map<string, NotionTarget>();
  for (const s of sources) {
    const id = s.parent?.type === 'database_id' && s.parent.database_id ? s.parent.database_id : s.id;
    if (!databases.has(id)) databases.set(id, { id, title: plain(s.title) || '(sans titre)' });
  }
  return {
    pages: pages.filter((p) => p.object === 'page' && !isDatabaseRow(p)).map((p) => ({ id: p.id, title: pageTitle(p) || '(sans titre)' })).sort(byTitle),
    databases: [...databases.values()].sort(byTitle),
  };
}

/** Notion said the object is not there, or not shared with the integration. */
export const isNotFound = (err: unknown) => (err as { status?: unknown }).status === 404 || (err as { code?: unknown }).code === 'validation_error';

/** A page the person picked for notes: its canonical id and title (throws Notion's 404 when not shared). */
export async function notionPage(config: IntegrationsConfig, token: string, pageId: string): Promise<NotionTarget> {
  const page = (await client(config, token).pages.retrieve({ page_id: pageId })) as PageLike;
  return { id: page.id, title: pageTitle(page) || '(sans titre)' };
}

const DONE_WORDS = ['done', 'fait', 'faite', 'fini', 'finie', 'termine', 'terminee', 'complete', 'completed', 'complet', 'completee', 'checked', 'coche', 'cochee', 'ok', 'regle', 'reglee'];
const OPEN_WORDS = ['to do', 'todo', 'a faire', 'not started', 'pas commence', 'open', 'ouvert', 'ouverte', 'en attente'];
const isWord = (name: string, words: string[]) => words.includes(normalizeForSearch(name).replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim());

/**
 * Which properties hold a task's title and its "done" state: the title property, then a checkbox
 * named like done ("Done", "Fait", "Terminé"…) or else the only checkbox, else a status property
 * (its Complete group), else a select with a done-like option. Null when nothing can hold "done".
 */
export function detectTaskProperties(properties: Record<string, PropertySchema>): { titleProperty: string; doneProperty: NotionDoneProperty } | null {
  const entries = Object.entries(properties).map(([name, p]) => ({ name: p.name ?? name, p }));
  const title = entries.find((e) => e.p.type === 'title');
  if (!title) return null;
  const checkboxes = entries.filter((e) => e.p.type === 'checkbox');
  const checkbox = checkboxes.find((e) => isWord(e.name, DONE_WORDS)) ?? (checkboxes.length === 1 ? checkboxes[0] : undefined);
  if (checkbox) return { titleProperty: title.name, doneProperty: { property: checkbox.name, type: 'checkbox' } };
  for (const e of entries.filter((x) => x.p.type === 'status')) {
    const status = e.p.status;
    if (!status) continue;
    const group = (name: string) => status.groups.find((g) => normalizeForSearch(g.name) === name)?.option_ids ?? [];
    const nameOf = (id: string) => status.options.find((o) => o.id === id)?.name;
    const done = group('complete').map(nameOf).filter((n): n is string => !!n);
    const doneNames = done.length ? done : status.options.filter((o) => isWord(o.name, DONE_WORDS)).map((o) => o.name);
    const open = group('to do').map(nameOf).find((n): n is string => !!n) ?? status.options.find((o) => !doneNames.includes(o.name))?.name ?? null;
    if (doneNames.length) return { titleProperty: title.name, doneProperty: { property: e.name, type: 'status', done: doneNames, open } };
  }
  for (const e of entries.filter((x) => x.p.type === 'select')) {
    const options = e.p.select?.options ?? [];
    const done = options.filter((o) => isWord(o.name, DONE_WORDS)).map((o) => o.name);
    if (done.length) return { titleProperty: title.name, doneProperty: { property: e.name, type: 'select', done, open: options.find((o) => isWord(o.name, OPEN_WORDS))?.name ?? null } };
  }
  return null;
}

export interface NotionDatabaseInfo {
  databaseId: string;
  title: string;
  dataSourceId: string;
  /** Null: no property can hold "done" (the person must add a checkbox). */
  properties: { titleProperty: string; doneProperty: NotionDoneProperty } | null;
}

/** A database the person picked for tasks: its data source and the detected properties (throws Notion's 404 when not shared). */
export async function notionDatabase(config: IntegrationsConfig, token: string, databaseId: string): Promise<NotionDatabaseInfo> {
  const c = client(config, token);
  const db = (await c.databases.retrieve({ database_id: databaseId })) as { id: string; title?: RichText[]; data_sources?: { id: string; name: string }[] };
  const first = db.data_sources?.[0];
  if (!first) throw Object.assign(new Error('This database has no data source.'), { status: 404, code: 'object_not_found' });
  const source = (await c.dataSources.retrieve({ data_source_id: first.id })) as DataSourceLike;
  return { databaseId: db.id, title: plain(db.title) || first.name || '(sans titre)', dataSourceId: source.id, properties: detectTaskProperties(source.properties ?? {}) };
}

// ---- the task list adapter ----------------------------------------------------------------

/**
 * Notion's last_edited_time has minute granularity: a change made in the same minute as the last
 * sync's write (or as the previous edit) leaves it unchanged, and comparing it alone would miss
 * that change for good. The change stamp the sync compares is therefore last_edited_time plus a
 * short hash of what we sync (title and done state); `updated` stays the real time for
 * last-writer-wins (to the minute, which is all Notion gives).
 */
export const notionVersion = (lastEdited: string, title: string, status: 'open' | 'done') =>
  `${lastEdited}#${createHash('sha256').update(`${status}|${title}`).digest('hex').slice(0, 10)}`;

function statusOf(page: PageLike, done: NotionDoneProperty): 'open' | 'done' {
  const value = page.properties?.[done.property];
  if (!value) throw new Error(`The Notion database has no "${done.property}" property any more; choose the database again.`);
  if (done.type === 'checkbox') return value.checkbox === true ? 'done' : 'open';
  const option = done.type === 'status' ? value.status : value.select;
  return option && done.done.includes(option.name) ? 'done' : 'open';
}

function toRemote(page: PageLike, target: NonNullable<ReturnType<typeof notionTaskTarget>>): RemoteTask {
  const titleValue = page.properties?.[target.titleProperty];
  if (!titleValue) throw new Error(`The Notion database has no "${target.titleProperty}" property any more; choose the database again.`);
  const title = plain(titleValue.title);
  const status = statusOf(page, target.doneProperty);
  const updated = page.last_edited_time ?? new Date(0).toISOString();
  return { id: page.id, title, status, updated, version: notionVersion(updated, title, status), deleted: page.in_trash === true || page.archived === true };
}

function propertiesOf(task: { title: string; status: 'open' | 'done' }, target: NonNullable<ReturnType<typeof notionTaskTarget>>) {
  const d = target.doneProperty;
  const props: Record<string, unknown> = { [target.titleProperty]: { title: [{ type: 'text', text: { content: task.title.slice(0, 2000) } }] } };
  if (d.type === 'checkbox') props[d.property] = { checkbox: task.status === 'done' };
  else if (task.status === 'done') props[d.property] = { [d.type]: { name: d.done[0]! } };
  else if (d.open !== null) props[d.property] = { [d.type]: { name: d.open } };
  else if (d.type === 'select') props[d.property] = { select: null };
  return props;
}

/** The sync's view of the chosen database; null (→ 'needs_setup') until the person picks one. */
export function notionTaskAdapter(config: IntegrationsConfig): AdapterFactory {
  return ({ token, settings }): TaskListAdapter | null => {
    const target = notionTaskTarget(parseNotionSettings(settings));
    if (!target) return null;
    const c = client(config, token);
    return {
      label: 'Notion',
      async list() {
        // Rows in the trash are not returned by a query: the sync reads their absence as a deletion.
        const rows = (await collectPaginatedAPI(c.dataSources.query, { data_source_id: target.dataSourceId, page_size: 100 })) as PageLike[];
        return rows.filter((r) => r.object === 'page').map((r) => toRemote(r, target));
      },
      async insert(task) {
        const page = (await c.pages.create({ parent: { type: 'data_source_id', data_source_id: target.dataSourceId }, properties: propertiesOf(task, target) as never })) as PageLike;
        return toRemote(page, target);
      },
      async patch(id, task) {
        const page = (await c.pages.update({ page_id: id, properties: propertiesOf(task, target) as never })) as PageLike;
        return toRemote(page, target);
      },
      async remove(id) {
        // Notion "deletes" by moving to the trash; a page already gone is deleted enough.
        try {
          await c.pages.update({ page_id: id, in_trash: true });
        } catch (err) {
          if ((err as { status?: unknown }).status !== 404) throw err;
        }
      },
    };
  };
}
