import { google } from 'googleapis';
import type { IntegrationsConfig } from '../../schemas/config';

/**
 * Google Calendar, Tasks and YouTube Data through googleapis, `rootUrl` from GOOGLE_API_BASE_URL
 * (tests: the fake on 127.0.0.1). The access token comes from the account store, already fresh.
 */
export interface CalendarEvent {
  id: string;
  title: string;
  /** ISO instant; null for an all-day event. */
  start: string | null;
  end: string | null;
}

export interface RemoteTask {
  id: string;
  title: string;
  status: 'open' | 'done';
  updated: string;
  /**
   * A change stamp finer than `updated`, compared instead of it to detect a remote change when
   * the provider's modification time is coarse (Notion: minute granularity, see notion.ts).
   */
  version?: string;
  deleted: boolean;
}

function clientOptions(config: IntegrationsConfig, accessToken: string) {
  const auth = new google.auth.OAuth2();
  auth.setCredentials({ access_token: accessToken });
  return { auth, rootUrl: `${config.urls.googleApi}/`, retry: false, timeout: 15_000 };
}

export async function googleEvents(config: IntegrationsConfig, accessToken: string, from: Date, to: Date): Promise<CalendarEvent[]> {
  const calendar = google.calendar({ version: 'v3', ...clientOptions(config, accessToken) });
  const res = await calendar.events.list({
    calendarId: 'primary',
    timeMin: from.toISOString(),
    timeMax: to.toISOString(),
    singleEvents: true,
    orderBy: 'startTime',
    maxResults: 20,
  });
  return (res.data.items ?? [])
    .filter((e) => e.status !== 'cancelled')
    .map((e) => ({ id: e.id ?? '', title: e.summary ?? '(sans titre)', start: e.start?.dateTime ?? null, end: e.end?.dateTime ?? null }));
}

export async function googleCreateEvent(config: IntegrationsConfig, accessToken: string, ev: { title: string; start: string; end: string; timezone: string }): Promise<CalendarEvent> {
  const calendar = google.calendar({ version: 'v3', ...clientOptions(config, accessToken) });
  const res = await calendar.events.insert({
    calendarId: 'primary',
    requestBody: { summary: ev.title, start: { dateTime: ev.start, timeZone: ev.timezone }, end: { dateTime: ev.end, timeZone: ev.timezone } },
  });
  return { id: res.data.id ?? '', title: res.data.summary ?? ev.title, start: res.data.start?.dateTime ?? ev.start, end: res.data.end?.dateTime ?? ev.end };
}

/** The default task list ("@default"), every item including completed and deleted ones since `updatedMin`. */
export async function googleListTasks(config: IntegrationsConfig, accessToken: string): Promise<RemoteTask[]> {
  const tasks = google.tasks({ version: 'v1', ...clientOptions(config, accessToken) });
  const out: RemoteTask[] = [];
  let pageToken: string | undefined;
  do {
    const res = await tasks.tasks.list({ tasklist: '@default', showCompleted: true, showHidden: true, showDeleted: true, maxResults: 100, pageToken });
    for (const t of res.data.items ?? []) {
      if (!t.id) continue;
      out.push({ id: t.id, title: t.title ?? '', status: t.status === 'completed' ? 'done' : 'open', updated: t.updated ?? new Date(0).toISOString(), deleted: t.deleted === true });
    }
    pageToken = res.data.nextPageToken ?? undefined;
  } while (pageToken);
  return out;
}

export async function googleInsertTask(config: IntegrationsConfig, accessToken: string, task: { title: string; status: 'open' | 'done' }): Promise<RemoteTask> {
  const tasks = google.tasks({ version: 'v1', ...clientOptions(config, accessToken) });
  const res = await tasks.tasks.insert({ tasklist: '@default', requestBody: { title: task.title, status: task.status === 'done' ? 'completed' : 'needsAction' } });
  return { id: res.data.id!, title: res.data.title ?? task.title, status: res.data.status === 'completed' ? 'done' : 'open', updated: res.data.updated!, deleted: false };
}

export async function googlePatchTask(config: IntegrationsConfig, accessToken: string, id: string, task: { title: string; status: 'open' | 'done' }): Promise<RemoteTask> {
  const tasks = google.tasks({ version: 'v1', ...clientOptions(config, accessToken) });
  const res = await tasks.tasks.patch({ tasklist: '@default', task: id, requestBody: { title: task.title, status: task.status === 'done' ? 'completed' : 'needsAction' } });
  return { id, title: res.data.title ?? task.title, status: res.data.status === 'completed' ? 'done' : 'open', updated: res.data.updated!, deleted: false };
}

export async function googleDeleteTask(config: IntegrationsConfig, accessToken: string, id: string): Promise<void> {
  const tasks = google.tasks({ version: 'v1', ...clientOptions(config, accessToken) });
  await tasks.tasks.delete({ tasklist: '@default', task: id });
}

export interface Video {
  title: string;
  url: string;
  seconds: number;
}

/** ISO 8601 duration ("PT10M32S") → seconds. */
export function durationSeconds(iso: string): number {
  const m = /^P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(iso);
  if (!m) return 0;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

/**
 * search.list for embeddable videos, then videos.list for their durations; the ones closest to
 * the asked length first (a "10 min" video between 5 and 20 minutes: YouTube's `medium` is 4–20).
 */
export async function youtubeSearch(config: IntegrationsConfig, accessToken: string, query: string, minutes: number | null, lang: 'fr' | 'en'): Promise<Video[]> {
  const youtube = google.youtube({ version: 'v3', ...clientOptions(config, accessToken) });
  const search = await youtube.search.list({
    part: ['snippet'],
    q: query,
    type: ['video'],
    maxResults: 10,
    safeSearch: 'strict',
    relevanceLanguage: lang,
    ...(minutes !== null ? { videoDuration: minutes < 4 ? 'short' : minutes <= 20 ? 'medium' : 'long' } : {}),
  });
  const ids = (search.data.items ?? []).map((i) => i.id?.videoId).filter((id): id is string => !!id);
  if (ids.length === 0) return [];
  const details = await youtube.videos.list({ part: ['contentDetails', 'snippet'], id: ids });
  const videos = (details.data.items ?? []).map((v) => ({
    title: v.snippet?.title ?? '',
    url: `https://youtu.be/${v.id}`,
    seconds: durationSeconds(v.contentDetails?.duration ?? ''),
  }));
  if (minutes === null) return videos.slice(0, 2);
  return videos.sort((a, b) => Math.abs(a.seconds - minutes * 60) - Math.abs(b.seconds - minutes * 60)).slice(0, 2);
}
