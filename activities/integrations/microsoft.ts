import type { IntegrationsConfig } from '../../schemas/config';
import type { CalendarEvent } from './google';

/** Microsoft Graph with plain fetch (MS_GRAPH_BASE_URL): Outlook calendar view and To Do. */
export class GraphError extends Error {
  override name = 'GraphError';
  constructor(readonly status: number, code: string) {
    super(`graph ${status} ${code}`);
  }
}

async function graph<T>(config: IntegrationsConfig, token: string, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${config.urls.msGraph}/v1.0${path}`, {
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

interface TodoTask {
  id: string;
  title: string;
  status: 'notStarted' | 'inProgress' | 'completed' | 'waitingOnOthers' | 'deferred';
}

/** The default To Do list's open tasks (titles), for the morning check-in and "ma liste". */
export async function todoOpenTasks(config: IntegrationsConfig, token: string): Promise<string[]> {
  const lists = await graph<{ value: Array<{ id: string; wellknownListName?: string }> }>(config, token, '/me/todo/lists');
  const list = lists.value.find((l) => l.wellknownListName === 'defaultList') ?? lists.value[0];
  if (!list) return [];
  const tasks = await graph<{ value: TodoTask[] }>(config, token, `/me/todo/lists/${encodeURIComponent(list.id)}/tasks?$filter=${encodeURIComponent("status ne 'completed'")}`);
  return tasks.value.map((t) => t.title);
}
