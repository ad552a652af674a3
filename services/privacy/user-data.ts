import type { EntityMetadata } from '@mikro-orm/core';
import type { Orm } from '../../schemas/db';
import { User } from '../../schemas/entities';

/**
 * Every entity that belongs to a user, found from the ORM's metadata (a many-to-one to User), so
 * export and erasure cover tables added by later modules without being edited.
 */
export function userOwnedEntities(orm: Orm): EntityMetadata[] {
  return Object.values(orm.getMetadata().getAll()).filter(
    (meta) => meta.className !== 'User' && Object.values(meta.properties).some((p) => p.kind === 'm:1' && p.type === 'User'),
  );
}

/** The property of `meta` pointing at User ("user" for every table so far). */
export function userProperty(meta: EntityMetadata): string {
  const prop = Object.values(meta.properties).find((p) => p.kind === 'm:1' && p.type === 'User');
  if (!prop) throw new Error(`${meta.className} has no relation to User`);
  return prop.name;
}

/** Deletes a user's rows everywhere, children first, then the user, in one transaction. Counts by table. */
export async function deleteUserRows(orm: Orm, userId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await orm.em.fork().transactional(async (em) => {
    for (const meta of userOwnedEntities(orm)) {
      counts[meta.tableName] = await em.nativeDelete(meta.className, { [userProperty(meta)]: userId });
    }
    counts.users = await em.nativeDelete(User, { id: userId });
  });
  return counts;
}
