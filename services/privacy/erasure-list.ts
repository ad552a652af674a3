import type { Orm } from '../../schemas/db';
import { AccountDeletion, ErasureFollowup, User } from '../../schemas/entities';
import { subjectHash } from './subject';
import { deleteUserRows } from './user-data';

export interface ErasureEntry {
  subjectHash: string;
  deletedAt: string;
}

/** The audit rows of a database, as erasure-index entries. */
export async function erasuresInDatabase(orm: Orm): Promise<ErasureEntry[]> {
  const rows = await orm.em.fork().find(AccountDeletion, {}, { orderBy: { deletedAt: 'asc' } });
  return rows.map((r) => ({ subjectHash: r.subjectHash, deletedAt: r.deletedAt.toISOString() }));
}

/**
 * After a restore: erases again every restored user whose hashed id is on the erasure list (they
 * asked to be forgotten after this backup was taken), keeps the audit rows, and queues their ids
 * so the next retention run stops the workflows a restored Temporal store brought back.
 */
export async function applyErasureList(orm: Orm, entries: ErasureEntry[]): Promise<{ reErased: number }> {
  const wanted = new Map(entries.map((e) => [e.subjectHash, e]));
  if (wanted.size === 0) return { reErased: 0 };
  const em = orm.em.fork();
  const users = await em.find(User, {}, { fields: ['id'] });
  const doomed = users.filter((u) => wanted.has(subjectHash(u.id))).map((u) => u.id);
  for (const id of doomed) {
    await deleteUserRows(orm, id);
    await em.fork().upsert(ErasureFollowup, new ErasureFollowup(id));
  }
  const known = new Set((await erasuresInDatabase(orm)).map((e) => e.subjectHash));
  const missing = [...wanted.values()].filter((e) => !known.has(e.subjectHash));
  for (const e of missing) {
    em.persist(new AccountDeletion({ subjectHash: e.subjectHash, requestedBy: 'index', counts: '{}', deletedAt: new Date(e.deletedAt || Date.now()) }));
  }
  await em.flush();
  return { reErased: doomed.length };
}
