import { ref } from '@mikro-orm/core';
import type { ProviderName } from '../../schemas/config';
import type { Orm } from '../../schemas/db';
import { ExternalTaskLink, SyncAudit, Task, User } from '../../schemas/entities';
import { normalizeForSearch } from '../../workflows/lib/text-search';
import type { Accounts } from './accounts';
import type { Breakers } from './breaker';
import type { IntegrationDeps } from './deps';
import { googleDeleteTask, googleInsertTask, googleListTasks, googlePatchTask, type RemoteTask } from './google';

export interface SyncResult {
  status: 'synced' | 'not_connected' | 'needs_reconnect';
  created: { local: number; remote: number };
  updated: { local: number; remote: number };
  deleted: { local: number; remote: number };
  conflicts: number;
}

const hashOf = (t: Pick<Task, 'title' | 'status'>) => `${t.status}|${t.title}`;

/**
 * Two-way sync of the assistant's list with Google Tasks' default list. The mapping table
 * (external_task_links) is what keeps a sync from ever duplicating an item: each side's item is
 * created on the other side once, then only patched. A change on one side since the last sync
 * wins; a change on both is resolved last-writer-wins (our completion time vs Google's `updated`)
 * with an audit line; a deletion on either side deletes the other.
 */
export function createTaskSync(deps: { orm: Orm; integrations: IntegrationDeps; accounts: Accounts; breakers: Breakers }) {
  const config = deps.integrations.config;
  const now = deps.integrations.now ?? (() => new Date());

  async function syncGoogleTasks(userId: string): Promise<SyncResult> {
    const result: SyncResult = { status: 'synced', created: { local: 0, remote: 0 }, updated: { local: 0, remote: 0 }, deleted: { local: 0, remote: 0 }, conflicts: 0 };
    const provider: ProviderName = 'google';
    const token = await deps.accounts.accessToken(userId, provider);
    if (!token) return { ...result, status: 'not_connected' };
    const call = <T>(fn: () => Promise<T>) => deps.breakers.run(provider, fn);
    const em = deps.orm.em.fork();
    const audit = (action: string, detail: string) => em.persist(new SyncAudit({ userId, provider, action, detail }));

    const remote = await call(() => googleListTasks(config, token));
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
          audit('delete_local', `"${task.title}" deleted in Google Tasks`);
        }
        em.remove(link);
        continue;
      }
      if (!task) {
        await call(() => googleDeleteTask(config, token, item.id));
        result.deleted.remote += 1;
        audit('delete_remote', `"${item.title}" deleted here`);
        em.remove(link);
        continue;
      }
      const localChanged = hashOf(task) !== link.localHash;
      const remoteChanged = item.updated !== link.remoteUpdated;
      let winner: 'local' | 'remote' | null = localChanged ? 'local' : remoteChanged ? 'remote' : null;
      if (localChanged && remoteChanged) {
        const localAt = (task.completedAt ?? task.createdAt).getTime();
        winner = localAt >= new Date(item.updated).getTime() ? 'local' : 'remote';
        result.conflicts += 1;
        audit('conflict', `"${task.title}": changed on both sides, ${winner === 'local' ? 'assistant' : 'Google Tasks'} is newer and wins (last writer wins)`);
      }
      if (winner === 'local') {
        const patched = await call(() => googlePatchTask(config, token, item.id, { title: task.title, status: task.status }));
        link.remoteUpdated = patched.updated;
        result.updated.remote += 1;
        audit('update_remote', `"${task.title}" ${task.status}`);
      } else if (winner === 'remote') {
        applyRemote(task, item);
        link.remoteUpdated = item.updated;
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
        audit('create_local', `"${item.title}" from Google Tasks`);
      } else {
        audit('link', `"${item.title}" already on both sides`);
      }
      linkedTasks.add(task.id);
      em.persist(new ExternalTaskLink({ userId, provider, taskId: task.id, externalId: item.id, localHash: hashOf(task), remoteUpdated: item.updated }));
    }
    for (const task of tasks) {
      if (linkedTasks.has(task.id) || task.status !== 'open') continue;
      const created = await call(() => googleInsertTask(config, token, { title: task.title, status: task.status }));
      em.persist(new ExternalTaskLink({ userId, provider, taskId: task.id, externalId: created.id, localHash: hashOf(task), remoteUpdated: created.updated }));
      result.created.remote += 1;
      audit('create_remote', `"${task.title}" to Google Tasks`);
      // Flush per item: a crash after the provider call must not lose the mapping of what was created.
      await em.flush();
    }
    await em.flush();
    return result;
  }

  return { syncGoogleTasks };
}

function applyRemote(task: Task, item: RemoteTask): void {
  task.title = item.title.trim() || task.title;
  if (item.status !== task.status) {
    task.status = item.status;
    task.completedAt = item.status === 'done' ? new Date(item.updated) : null;
  }
}
