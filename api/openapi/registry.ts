import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV3, type RouteConfig, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// `.openapi()` on zod schemas (registry.register needs it); schemas elsewhere use zod's own `.meta()`.
extendZodWithOpenApi(z);

/**
 * The one OpenAPI registry of the api. Every route module registers its paths here, from the
 * same zod schemas that validate its requests, and GET /openapi.json generates the document
 * from it: nothing is written by hand. Routes defined with `defineRoute` (./route.ts) are
 * registered by that call; a module that mounts routes its own way calls `registerRoute` once
 * per route.
 */
export const openApiRegistry = new OpenAPIRegistry();

/** Security scheme names, for `security: [{ [BEARER_JWT]: [] }]` in a route's config. */
export const BEARER_JWT = 'bearerAuth';
export const PARTNER_KEY = 'partnerKey';

openApiRegistry.registerComponent('securitySchemes', BEARER_JWT, {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: 'An access token from POST /api/v1/auth/login (15 minutes; renew it with POST /api/v1/auth/refresh).',
});
openApiRegistry.registerComponent('securitySchemes', PARTNER_KEY, {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'partner key',
  description:
    'A partner key (`Authorization: Bearer <key>`), acting on a user who linked the partner, named by the ' +
    '`X-On-Behalf-Of` header (the user id), within the key\'s scopes (e.g. reminders:write).',
});

/** Users with an access token, or partners with a key: what every resource route accepts. */
export const USER_OR_PARTNER: RouteConfig['security'] = [{ [BEARER_JWT]: [] }, { [PARTNER_KEY]: [] }];

/** RFC 9457 problem details (api/problem.ts): the body of every error. */
export const ProblemSchema = openApiRegistry.register(
  'Problem',
  z
    .object({
      type: z.string().meta({ example: '/problems/bad-request' }),
      title: z.string().meta({ example: 'Bad Request' }),
      status: z.int().meta({ example: 400 }),
      detail: z.string().optional(),
      errors: z
        .array(z.object({ path: z.string().meta({ example: 'body.dueAt' }), message: z.string() }))
        .optional()
        .meta({ description: 'Validation errors, one per field; `path` starts with body, query or params.' }),
    })
    .meta({ description: 'RFC 9457 problem details (application/problem+json).' }),
);

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: validation errors name each field (`errors[].path`), malformed JSON included.',
  401: 'Missing, expired or invalid credentials.',
  403: 'Authenticated, but not allowed (role, or a partner key without the scope).',
  404: 'No such resource for this user (another user\'s ids are not found either).',
  409: 'The resource is in a state that does not allow this (e.g. a reminder already cancelled).',
  413: 'Request body over 100 kB.',
  429: 'Rate limit exceeded: retry after the number of seconds in Retry-After.',
  503: 'A dependency (Temporal) did not answer in time; retry.',
};

/** Problem responses for the given statuses, for a route config's `responses`. */
export function problemResponses(...statuses: number[]): Record<string, ResponseConfig> {
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: ProblemSchema } },
        ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } } : {}),
      } satisfies ResponseConfig,
    ]),
  );
}

const registered = new Set<string>();
let cached: { size: number; doc: ReturnType<OpenApiGeneratorV3['generateDocument']> } | null = null;

/**
 * Registers one route (OpenAPI path syntax: `/api/v1/reminders/{id}`). Idempotent per method and
 * path, so a router factory called for several apps in one process (tests) registers it once.
 */
export function registerRoute(config: RouteConfig): void {
  const key = `${config.method} ${config.path}`;
  if (registered.has(key)) return;
  registered.add(key);
  // Any /api request can be malformed (JSON body, query, path): every operation documents its 400.
  openApiRegistry.registerPath({ ...config, responses: { ...problemResponses(400), ...config.responses } });
}

/** The OpenAPI 3.0 document of everything registered so far (regenerated when routes are added). */
export function generateOpenApiDocument(): ReturnType<OpenApiGeneratorV3['generateDocument']> {
  const size = openApiRegistry.definitions.length;
  if (cached?.size === size) return cached.doc;
  const doc = new OpenApiGeneratorV3(openApiRegistry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'Assistant TDAH API',
      version: '1.0.0',
      description:
        'REST API of the SMS-first assistant for adults with ADHD. Authenticate with a bearer access token (users) ' +
        'or a partner key plus `X-On-Behalf-Of` (partners). Errors are RFC 9457 problem details. Lists are ' +
        'cursor-paginated: pass `nextCursor` back as `cursor`. See docs/api.md.',
    },
    servers: [{ url: '/' }],
  });
  cached = { size, doc };
  return doc;
}
