import { randomUUID } from 'node:crypto';
import { ref, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { ProviderName } from '../../schemas/config';
import type { Orm } from '../../schemas/db';
import { ExternalTaskLink, SyncAudit, SyncLock, Task, User } from '../../schemas/entities';
import { fieldCrypto } from '../../schemas/field-crypto';
import { normalizeForSearch } from '../../language/search';
import type { Accounts } from './accounts';
import type { Breakers } from './breaker';
import type { IntegrationDeps } from './deps';
import { googleDeleteTask, googleInsertTask, googleListTasks, googlePatchTask, type RemoteTask } from './google';

export interface SyncResult {
  status: 'synced' | 'not_connected' | 'needs_reconnect' | 'needs_setup';
  created: { local: number; remote: number };
  updated: { local: number; remote: number };
  deleted: { local: number; remote: number };
  conflicts: number;
}

export const emptySyncResult = (status: SyncResult['status']): SyncResult => ({
  status,
  created: { local: 0, remote: 0 },
  updated: { local: 0, remote: 0 },
  deleted: { local: 0, remote: 0 },
  conflicts: 0,
});

/**
 * One provider's task list, as the sync sees it. `updated` is the provider's own modification
 * stamp (compared for equality to detect a remote change, and as a time for last-writer-wins);
 * `deleted` marks tombstones for providers that keep them (Google Tasks with showDeleted, Notion's
 * archived pages); providers that forget deleted items simply stop listing them.
 */
export interface TaskListAdapter {
  /** Shown in audit lines and replies: "Google Tasks", "Microsoft To Do", "Notion". */
  readonly label: string;
  list(): Promise<RemoteTask[]>;
  insert(task: { title: string; status: 'open' | 'done' }): Promise<RemoteTask>;
  patch(id: string, task: { title: string; status: 'open' | 'done' }): Promise<RemoteTask>;
  remove(id: string): Promise<void>;
}

/** Builds the adapter for a connected account; null when the account still needs a choice (e.g. which Notion database). */
export type AdapterFactory = (ctx: { userId: string; token: string; settings: string | null }) => Promise<TaskListAdapter | null> | TaskListAdapter | null;

/** Links written before the hash was keyed held "status|title" in clear; still read as the same state. */
const legacyHashOf = (t: Pick<Task, 'title' | 'status'>) => `${t.status}|${t.title}`;
/** How long a sync may hold its list's lock before another may take it over (the activity times out at 2 min). */
const LOCK_MS = 3 * 60_000;
/** How long a sync waits for another sync of the same list to finish before giving up (retried by Temporal). */
const LOCK_WAIT_MS = 60_000;

/** Another sync of the same list is running and did not finish in time. */
export class SyncBusyError extends Error {
  override name = 'SyncBusyError';
  constructor(readonly provider: ProviderName) {
    super(`another ${provider} task sync is running`);
  }
}
/** What a link remembers of the remote item to detect its next change (RemoteTask.version when the provider's `updated` is too coarse). */
const stampOf = (r: RemoteTask) => r.version ?? r.updated;

/**
 * Two-way sync of the assistant's list with a provider's task list (Google Tasks' default list,
 * Microsoft To Do's default list, the Notion database the person picked). The mapping table
 * (external_task_links) is what keeps a sync from ever duplicating an item: each side's item is
 * created on the other side once, then only patched. A change on one side since the last sync
 * wins; a change on both is resolved last-writer-wins (our last change, tasks.updated_at, vs the provider's
 * `updated`) with an audit line; a deletion on either side deletes the other.
 */
export function createTaskSync(deps: { orm: Orm; integrations: IntegrationDeps; accounts: Accounts; breakers: Breakers; adapters?: Partial<Record<ProviderName, AdapterFactory>> }) {
  const config = deps.integrations.config;
  const now = deps.integrations.now ?? (() => new Date());
  const factories: Partial<Record<ProviderName, AdapterFactory>> = {
    google: ({ token }) => ({
      label: 'Google Tasks',
      list: () => googleListTasks(config, token),
      insert: (task) => googleInsertTask(config, token, task),
      patch: (id, task) => googlePatchTask(config, token, id, task),
      remove: (id) => googleDeleteTask(config, token, id),
    }),
    ...deps.adapters,
  };

  /** The providers whose task lists this deployment can sync. */
  const syncable = (): ProviderName[] => Object.keys(factories) as ProviderName[];

  /**
   * One sync at a time per person and list: a row in sync_locks is the lock (insert, or take over
   * one past its expiry); a second sync waits for the first, then runs on what it left, calling
   * `progress` while it waits (the activity's heartbeat).
   */
  async function sync(userId: string, provider: ProviderName, progress: () => void = () => undefined): Promise<SyncResult> {
    const holder = randomUUID();
    const deadline = Date.now() + LOCK_WAIT_MS;
    while (!(await acquire(userId, provider, holder))) {
      if (Date.now() > deadline) throw new SyncBusyError(provider);
      progress();
      await new Promise((r) => setTimeout(r, 250));
    }
    try {
      return await syncUnlocked(userId, provider);
    } finally {
      await deps.orm.em.fork().nativeDelete(SyncLock, { userId, provider, holder });
    }
  }

  async function acquire(userId: string, provider: ProviderName, holder: string): Promise<boolean> {
    const em = deps.orm.em.fork();
    const at = new Date();
    const expiresAt = new Date(at.getTime() + LOCK_MS);
    try {
      await em.insert(SyncLock, { userId, provider, holder, expiresAt });
      return true;
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
    }
    // A holder that crashed leaves its row: past its expiry, the first to update it wins.
    return (await em.nativeUpdate(SyncLock, { userId, provider, expiresAt: { $lt: at } }, { holder, expiresAt })) === 1;
  }

  async function syncUnlocked(userId: string, provider: ProviderName): Promise<SyncResult> {
    const result = emptySyncResult('synced');
    const factory = factories[provider];
    if (!factory) return emptySyncResult('not_connected');
    const token = await deps.accounts.accessToken(userId, provider);
    if (!token) return emptySyncResult('not_connected');
    const account = await deps.accounts.find(userId, provider);
    let adapter = await factory({ userId, token, settings: account?.settings ?? null });
    if (!adapter) return emptySyncResult('needs_setup');
    // Every provider call goes through the provider's breaker; a 401 (token revoked early, clock
    // skew) refreshes the token once and retries with a fresh adapter.
    const call = async <T>(fn: (a: TaskListAdapter) => Promise<T>): Promise<T> =>
      deps.breakers.run(provider, async () => {
        try {
          return await fn(adapter!);
        } catch (err) {
          if ((err as { status?: unknown; code?: unknown }).status !== 401) throw err;
          const fresh = await deps.accounts.accessToken(userId, provider, { forceRefresh: true });
          const rebuilt = fresh ? await factory({ userId, token: fresh, settings: account?.settings ?? null }) : null;
          if (!rebuilt) throw err;
          adapter = rebuilt;
          return fn(adapter);
        }
      });
    const label = adapter.label;
    const em = deps.orm.em.fork();
    const audit = (action: string, detail: string) => em.persist(new SyncAudit({ userId, provider, action, detail }));
    // A keyed hash (the blind-index key): the link tells a local change from none without holding the title.
    const hashOf = (t: Pick<Task, 'title' | 'status'>) => fieldCrypto(em).blindIndex('task-sync', `${t.status}|${t.title}`);

    const remote = await call((a) => a.list());
    const remoteById = new Map(remote.map((r) => [r.id, r]));
    const links = await em.find(ExternalTaskLink, { userId, provider });
    const tasks = await em.find(Task, { user: userId }, { orderBy: { position: 'asc' } });
    const taskById = new Map(tasks.map((t) => [t.id, t]));
    const linkedTasks = new Set(links.map((l) => l.taskId).filter((id): id is string => !!id));
    const linkedRemote = new Set(links.map((l) => l.externalId));

    for (const link of links) {
      const task = link.taskId ? taskById.get(link.taskId) : undefined;
      const item = remoteById.get(link.externalId);
      if (!item || item.deleted) {
        if (task) {
          em.remove(task);
          result.deleted.local += 1;
          audit('delete_local', `"${task.title}" deleted in ${label}`);
        }
        em.remove(link);
        continue;
      }
      if (!task) {
        await call((a) => a.remove(item.id));
        result.deleted.remote += 1;
        audit('delete_remote', `"${item.title}" deleted here`);
        em.remove(link);
        continue;
      }
      const localChanged = hashOf(task) !== link.localHash && legacyHashOf(task) !== link.localHash;
      const remoteChanged = stampOf(item) !== link.remoteUpdated;
      let winner: 'local' | 'remote' | null = localChanged ? 'local' : remoteChanged ? 'remote' : null;
      if (localChanged && remoteChanged) {
        const localAt = (task.updatedAt ?? task.completedAt ?? task.createdAt).getTime();
        winner = localAt >= new Date(item.updated).getTime() ? 'local' : 'remote';
        result.conflicts += 1;
        audit('conflict', `"${task.title}": changed on both sides, ${winner === 'local' ? 'assistant' : label} is newer and wins (last writer wins)`);
      }
      if (winner === 'local') {
        const patched = await call((a) => a.patch(item.id, { title: task.title, status: task.status }));
        link.remoteUpdated = stampOf(patched);
        result.updated.remote += 1;
        audit('update_remote', `"${task.title}" ${task.status}`);
      } else if (winner === 'remote') {
        applyRemote(task, item);
        link.remoteUpdated = stampOf(item);
        result.updated.local += 1;
        audit('update_local', `"${item.title}" ${item.status}`);
      }
      link.localHash = hashOf(task);
      link.syncedAt = now();
    }

    let position = tasks.reduce((max, t) => Math.max(max, t.position), 0);
    const user = em.getReference(User, userId);
    for (const item of remote) {
      if (item.deleted || linkedRemote.has(item.id) || !item.title.trim()) continue;
      // An unlinked local task with the same title is the same item (e.g. a first sync): link, don't copy.
      const twin = tasks.find((t) => !linkedTasks.has(t.id) && t.status === item.status && normalizeForSearch(t.title) === normalizeForSearch(item.title));
      let task = twin;
      if (!task) {
        position += 1;
        task = new Task({ user: ref(user), title: item.title.trim(), position, status: item.status, completedAt: item.status === 'done' ? new Date(item.updated) : null });
        em.persist(task);
        result.created.local += 1;
        audit('create_local', `"${item.title}" from ${label}`);
      } else {
        audit('link', `"${item.title}" already on both sides`);
      }
      linkedTasks.add(task.id);
      em.persist(new ExternalTaskLink({ userId, provider, taskId: task.id, externalId: item.id, localHash: hashOf(task), remoteUpdated: stampOf(item) }));
    }
    for (const task of tasks) {
      if (linkedTasks.has(task.id) || task.status !== 'open') continue;
      const created = await call((a) => a.insert({ title: task.title, status: task.status }));
      em.persist(new ExternalTaskLink({ userId, provider, taskId: task.id, externalId: created.id, localHash: hashOf(task), remoteUpdated: stampOf(created) }));
      result.created.remote += 1;
      audit('create_remote', `"${task.title}" to ${label}`);
      // Flush per item: a crash after the provider call must not lose the mapping of what was created.
      await em.flush();
    }
    await em.flush();
    return result;
  }

  return { sync, syncable };
}

function applyRemote(task: Task, item: RemoteTask): void {
  task.title = item.title.trim() || task.title;
  if (item.status !== task.status) {
    task.status = item.status;
    task.completedAt = item.status === 'done' ? new Date(item.updated) : null;
  }
}
