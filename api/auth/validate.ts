import type { z } from 'zod';
import { HttpProblem } from '../problem';

/** Parses with zod or throws a 400 problem listing every field path ("phone", "items.0.text"). */
export function parseOr400<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' | 'path' = 'body'): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((i) => ({
    path: i.path.length ? i.path.map(String).join('.') : where,
    message: i.message,
  }));
  throw new HttpProblem(400, 'Bad Request', `Invalid request ${where}.`, errors);
}
