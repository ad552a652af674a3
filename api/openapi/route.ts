import type { ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { HttpProblem } from '../problem';
import { problemResponses, registerRoute } from './registry';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type AnyObject = z.ZodObject | undefined;
type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType | undefined> {
  method: Method;
  /** Full path in OpenAPI syntax (`/api/v1/reminders/{id}`); mounted on Express as `:id`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: RouteConfig['security'];
  params?: P;
  query?: Q;
  body?: B;
  /** Optional request headers, documented (e.g. X-On-Behalf-Of, Idempotency-Key). */
  headers?: z.ZodObject;
  /** Success responses. */
  responses: Record<string, ResponseConfig>;
  /** Problem statuses this route can answer besides 400 (and 401/429 when secured). */
  problems?: number[];
  /** Middleware run before validation (authentication, rate limits). */
  use?: RequestHandler[];
}

export interface RouteInput<P extends AnyObject, Q extends AnyObject, B extends z.ZodType | undefined> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
}

function issues(where: 'params' | 'query' | 'body', error: z.ZodError) {
  return error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
}

function parse<T extends z.ZodType | undefined>(where: 'params' | 'query' | 'body', schema: T, value: unknown): Out<T> {
  if (!schema) return undefined as Out<T>;
  const result = schema.safeParse(where === 'body' && value === undefined ? undefined : value);
  if (!result.success) throw new HttpProblem(400, 'Bad Request', `Invalid ${where === 'body' ? 'request body' : where}.`, issues(where, result.error));
  return result.data as Out<T>;
}

/**
 * Declares one route: registers it in the OpenAPI registry (so /openapi.json always lists every
 * mounted route, generated from the same schemas) and mounts it on `router`, validating params,
 * query and body with those schemas first. Validation failures are 400 problems whose
 * `errors[].path` names the field (`body.dueAt`, `query.limit`).
 */
export function defineRoute<P extends AnyObject = undefined, Q extends AnyObject = undefined, B extends z.ZodType | undefined = undefined>(
  router: Router,
  spec: RouteSpec<P, Q, B>,
  handler: (input: RouteInput<P, Q, B>, req: Request, res: Response) => Promise<void>,
): void {
  const secured = spec.security !== undefined && spec.security.length > 0;
  const problems = [...new Set([400, ...(secured ? [401, 403] : []), ...(spec.problems ?? []), ...(spec.body ? [413] : []), 429])].sort();
  registerRoute({
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: spec.tags,
    ...(spec.security ? { security: spec.security } : {}),
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.headers ? { headers: spec.headers } : {}),
      ...(spec.body ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } } : {}),
    },
    responses: { ...spec.responses, ...problemResponses(...problems) },
  });

  const expressPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
  router[spec.method](expressPath, ...(spec.use ?? []), async (req: Request, res: Response) => {
    const input = {
      params: parse('params', spec.params, req.params),
      query: parse('query', spec.query, req.query),
      body: parse('body', spec.body, req.body),
    } as RouteInput<P, Q, B>;
    await handler(input, req, res);
  });
}
