import type { IntegrationsConfig } from '../../schemas/config';
import type { CalendarEvent, RemoteTask } from './google';
import type { AdapterFactory, TaskListAdapter } from './task-sync';

/** Microsoft Graph with plain fetch (MS_GRAPH_BASE_URL): Outlook calendar view and To Do. */
export class GraphError extends Error {
  override name = 'GraphError';
  constructor(readonly status: number, code: string) {
    super(`graph ${status} ${code}`);
  }
}

/**
 * One Graph request: `path` under /v1.0, or an absolute `@odata.nextLink`, followed only when it
 * points at the configured Graph base (the bearer token never goes anywhere else).
 */
async function graph<T>(config: IntegrationsConfig, token: string, path: string, init: RequestInit = {}): Promise<T> {
  const url = /^https?:\/\//.test(path) ? path : `${config.urls.msGraph}/v1.0${path}`;
  if (new URL(url).origin !== new URL(config.urls.msGraph).origin) throw new GraphError(502, 'foreignNextLink');
  const response = await fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', prefer: 'outlook.timezone="UTC"', ...(init.headers ?? {}) },
    signal: AbortSignal.timeout(15_000),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
    throw new GraphError(response.status, body.error?.code ?? 'error');
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

interface GraphEvent {
  id: string;
  subject?: string;
  isAllDay?: boolean;
  isCancelled?: boolean;
  start?: { dateTime: string; timeZone: string };
  end?: { dateTime: string; timeZone: string };
}

/** Graph returns "2026-12-03T14:00:00.0000000" in the zone asked by the Prefer header (UTC here). */
const utcIso = (value: string | undefined) => (value ? new Date(`${value.replace(/\.\d+$/, '')}Z`).toISOString() : null);

export async function outlookEvents(config: IntegrationsConfig, token: string, from: Date, to: Date): Promise<CalendarEvent[]> {
  const query = new URLSearchParams({ startDateTime: from.toISOString(), endDateTime: to.toISOString(), $orderby: 'start/dateTime', $top: '20' });
  const res = await graph<{ value: GraphEvent[] }>(config, token, `/me/calendarView?${query.toString()}`);
  return res.value
    .filter((e) => !e.isCancelled)
    .map((e) => ({ id: e.id, title: e.subject ?? '(sans titre)', start: e.isAllDay ? null : utcIso(e.start?.dateTime), end: e.isAllDay ? null : utcIso(e.end?.dateTime) }));
}

export async function outlookCreateEvent(config: IntegrationsConfig, token: string, ev: { title: string; start: string; end: string }): Promise<CalendarEvent> {
  const created = await graph<GraphEvent>(config, token, '/me/events', {
    method: 'POST',
    body: JSON.stringify({
      subject: ev.title,
      start: { dateTime: ev.start.replace('Z', ''), timeZone: 'UTC' },
      end: { dateTime: ev.end.replace('Z', ''), timeZone: 'UTC' },
    }),
  });
  return { id: created.id, title: created.subject ?? ev.title, start: ev.start, end: ev.end };
}

type TodoStatus = 'notStarted' | 'inProgress' | 'completed' | 'waitingOnOthers' | 'deferred';

interface TodoTask {
  id: string;
  title?: string;
  status: TodoStatus;
  /** ISO with 7 fractional digits ("2026-12-02T10:15:20.0791793Z"); changes on every edit. */
  lastModifiedDateTime?: string;
}

interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

/** Every item of a Graph collection, following `@odata.nextLink` (server-driven paging). */
async function allPages<T>(config: IntegrationsConfig, token: string, path: string): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined = path;
  while (next) {
    const page: Page<T> = await graph<Page<T>>(config, token, next);
    out.push(...page.value);
    next = page['@odata.nextLink'];
  }
  return out;
}

/** The id of the default To Do list ("Tasks", wellknownListName `defaultList`); the first list if none is marked. */
async function todoDefaultListId(config: IntegrationsConfig, token: string): Promise<string | null> {
  const lists = await allPages<{ id: string; wellknownListName?: string }>(config, token, '/me/todo/lists');
  return (lists.find((l) => l.wellknownListName === 'defaultList') ?? lists[0])?.id ?? null;
}

const tasksPath = (listId: string) => `/me/todo/lists/${encodeURIComponent(listId)}/tasks`;

/** The default To Do list's open tasks (titles), all pages: a read-only view (the sync brings To Do tasks into "ma liste"). */
export async function todoOpenTasks(config: IntegrationsConfig, token: string): Promise<string[]> {
  const listId = await todoDefaultListId(config, token);
  if (!listId) return [];
  const tasks = await allPages<TodoTask>(config, token, `${tasksPath(listId)}?$filter=${encodeURIComponent("status ne 'completed'")}&$top=100`);
  return tasks.map((t) => t.title ?? '');
}

/**
 * Microsoft To Do's default list as a task list for the two-way sync (activities/integrations/
 * task-sync.ts). Graph keeps no tombstones: a task deleted in To Do simply stops being listed,
 * which the sync reads as a deletion of a linked item. `lastModifiedDateTime` is the `updated`
 * stamp. To Do has more states than done/open: an open task that To Do shows "in progress" keeps
 * that state when we patch its title (it is remembered from the listing of the same sync).
 */
export function todoTaskAdapter(config: IntegrationsConfig): AdapterFactory {
  return ({ token }): TaskListAdapter => {
    let listId: string | null = null;
    const seen = new Map<string, TodoStatus>();
    async function defaultList(): Promise<string> {
      listId ??= await todoDefaultListId(config, token);
      if (!listId) throw new GraphError(404, 'noDefaultTodoList');
      return listId;
    }
    const toRemote = (t: TodoTask): RemoteTask => ({
      id: t.id,
      title: t.title ?? '',
      status: t.status === 'completed' ? 'done' : 'open',
      updated: t.lastModifiedDateTime ?? new Date(0).toISOString(),
      deleted: false,
    });
    const statusFor = (id: string | null, status: 'open' | 'done'): TodoStatus => {
      if (status === 'done') return 'completed';
      const before = id ? seen.get(id) : undefined;
      return before && before !== 'completed' ? before : 'notStarted';
    };
    return {
      label: 'Microsoft To Do',
      async list() {
        const tasks = await allPages<TodoTask>(config, token, `${tasksPath(await defaultList())}?$top=100`);
        for (const t of tasks) seen.set(t.id, t.status);
        return tasks.map(toRemote);
      },
      async insert(task) {
        const created = await graph<TodoTask>(config, token, tasksPath(await defaultList()), { method: 'POST', body: JSON.stringify({ title: task.title, status: statusFor(null, task.status) }) });
        return toRemote(created);
      },
      async patch(id, task) {
        const patched = await graph<TodoTask>(config, token, `${tasksPath(await defaultList())}/${encodeURIComponent(id)}`, {
          method: 'PATCH',
          body: JSON.stringify({ title: task.title, status: statusFor(id, task.status) }),
        });
        return toRemote(patched);
      },
      async remove(id) {
        try {
          await graph<void>(config, token, `${tasksPath(await defaultList())}/${encodeURIComponent(id)}`, { method: 'DELETE' });
        } catch (err) {
          // Already gone (deleted in To Do since our listing): the goal is reached.
          if (!(err instanceof GraphError && err.status === 404)) throw err;
        }
      },
    };
  };
}
