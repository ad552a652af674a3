import { HttpProblem } from './problem';

/**
 * Opaque keyset cursors: base64url of [sort value, id] of the last item of a page. Keyset, not
 * offset, so a page never repeats or skips an item when new ones arrive meanwhile.
 */
export function encodeCursor(value: string | number, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor<T extends 'string' | 'number'>(cursor: string, kind: T): [T extends 'string' ? string : number, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === kind && typeof parsed[1] === 'string') {
      if (kind === 'string' && Number.isNaN(Date.parse(parsed[0] as string))) throw new Error('bad date');
      return parsed as [T extends 'string' ? string : number, string];
    }
  } catch {
    // fall through to the 400 below
  }
  throw new HttpProblem(400, 'Bad Request', 'Invalid query.', [{ path: 'query.cursor', message: 'not a cursor returned by this list' }]);
}

/** Given `limit + 1` rows, the page and the cursor of the next one (null when this is the last). */
export function pageOf<T>(rows: T[], limit: number, key: (row: T) => [string | number, string]): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const kept = rows.slice(0, limit);
  const [value, id] = key(kept[kept.length - 1]!);
  return { rows: kept, nextCursor: encodeCursor(value, id) };
}
