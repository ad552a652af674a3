import { temporal } from '@temporalio/proto';
import type { Connection } from '@temporalio/client';
import { REMINDER_STATUS, USER_ID } from '../workflows/contracts/search-attributes';

export { REMINDER_STATUS, USER_ID };

export const CUSTOM_SEARCH_ATTRIBUTES = [USER_ID, REMINDER_STATUS];

/** Registers the custom search attributes (idempotent: already-registered ones are skipped). */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = CUSTOM_SEARCH_ATTRIBUTES.filter((a) => !(a.name in customAttributes));
  if (missing.length === 0) return;
  const searchAttributes: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const a of missing) searchAttributes[a.name] = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (err) {
    // Two processes starting together may both try; the loser sees AlreadyExists.
    if (!/already exists/i.test(String((err as Error).message))) throw err;
  }
}
