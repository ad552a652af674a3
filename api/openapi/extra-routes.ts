import { z } from 'zod';
import { BEARER_JWT, problemResponses, registerRoute, USER_OR_PARTNER } from './registry';

/**
 * OpenAPI entries of the routers that validate with their own small zod schemas (numbers and
 * usage, integrations): the shapes below are the ones those handlers send.
 */
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const admin = [{ [BEARER_JWT]: [] }];
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).meta({ example: '2026-12' });

const Usage = z
  .object({
    phone: z.string(),
    month,
    messagesIn: z.int(),
    messagesOut: z.int(),
    segmentsIn: z.int(),
    segmentsOut: z.int(),
    failed: z.int().meta({ description: 'Outbound messages undelivered or failed' }),
    numbers: z.int().meta({ description: 'Numbers rented during the month' }),
    estimatedCost: z.number().meta({ description: 'USD, from SMS_PRICE_PER_SEGMENT_USD and NUMBER_PRICE_PER_MONTH_USD' }),
  })
  .meta({ id: 'Usage' });

const NumberRow = z.object({
  phoneNumber: z.string(),
  sid: z.string(),
  status: z.string(),
  userId: z.string().nullable(),
  areaCode: z.string().nullable(),
  purchasedAt: z.string(),
  assignedAt: z.string().nullable(),
  releasedAt: z.string().nullable(),
  releaseReason: z.string().nullable(),
});

const Provider = z.enum(['google', 'microsoft', 'notion']);
const ProviderParams = z.object({ provider: Provider });

export function registerNumbersRoutes(): void {
  registerRoute({
    method: 'post',
    path: '/api/v1/admin/users/{id}/number',
    tags: ['admin'],
    summary: 'Provision a dedicated number for a user (numberProvisioningWorkflow); admins only',
    security: admin,
    request: {
      params: z.object({ id: z.string() }),
      body: { required: false, content: { 'application/json': { schema: z.object({ areaCode: z.string().regex(/^[2-9]\d{2}$/).optional() }) } } },
    },
    responses: {
      200: json(z.object({ userId: z.string(), phoneNumber: z.string(), sid: z.string(), reused: z.literal(true), workflowId: z.string() }), 'The user already had this number'),
      201: json(z.object({ userId: z.string(), phoneNumber: z.string(), sid: z.string(), reused: z.literal(false), workflowId: z.string() }), 'A number was bought and assigned'),
      202: json(z.object({ workflowId: z.string(), status: z.literal('provisioning') }), 'Still running after 30 s'),
      ...problemResponses(400, 401, 403, 404, 409, 502),
    },
  });
  registerRoute({
    method: 'get',
    path: '/api/v1/admin/numbers',
    tags: ['admin'],
    summary: 'Every number bought, with its state; admins only',
    security: admin,
    responses: { 200: json(z.array(NumberRow), 'The numbers'), ...problemResponses(401, 403) },
  });
  registerRoute({
    method: 'get',
    path: '/api/v1/admin/usage',
    tags: ['admin'],
    summary: 'SMS usage and estimated cost per user for a month (one object with ?phone); admins only',
    security: admin,
    request: { query: z.object({ month: month.optional(), phone: z.string().optional() }) },
    responses: { 200: json(z.union([Usage, z.array(Usage)]), 'Usage'), ...problemResponses(400, 401, 403, 404) },
  });
  registerRoute({
    method: 'get',
    path: '/api/v1/usage',
    tags: ['me'],
    summary: "The caller's SMS usage and estimated cost for a month (partners: users:read)",
    security: USER_OR_PARTNER,
    request: { query: z.object({ month: month.optional() }) },
    responses: { 200: json(Usage, 'Usage'), ...problemResponses(400, 401, 403, 404) },
  });
}

const NotionTarget = z.object({ id: z.string(), title: z.string() });
export const NotionTargets = z.object({ pages: z.array(NotionTarget), databases: z.array(NotionTarget) }).meta({ id: 'NotionTargets' });
export const NotionSettingsView = z
  .object({
    pageId: z.string().nullable(),
    pageTitle: z.string().nullable(),
    databaseId: z.string().nullable(),
    databaseTitle: z.string().nullable(),
    titleProperty: z.string().nullable().meta({ description: 'The database property holding a task\'s title' }),
    doneProperty: z
      .object({ property: z.string(), type: z.enum(['checkbox', 'status', 'select']), done: z.array(z.string()).optional(), open: z.string().nullable().optional() })
      .nullable()
      .meta({ description: 'The database property holding "done": a checkbox, or status/select options meaning done (and the one written on reopening)' }),
  })
  .meta({ id: 'NotionSettings' });
const notionId = z.string().trim().min(1).max(64).regex(/^[0-9a-fA-F-]{32,36}$/, 'must be a Notion id (32 hex digits, dashes allowed)');
export const NotionSettingsBody = z
  .strictObject({ pageId: notionId.optional(), databaseId: notionId.optional() })
  .refine((b) => b.pageId !== undefined || b.databaseId !== undefined, { message: 'give pageId, databaseId or both' });

export function registerIntegrationRoutes(): void {
  registerRoute({
    method: 'get',
    path: '/api/v1/integrations',
    tags: ['integrations'],
    summary: 'The providers offered and whether each is connected (partners: integrations)',
    security: USER_OR_PARTNER,
    responses: {
      200: json(
        z.array(
          z.object({
            provider: Provider,
            connected: z.boolean(),
            status: z.string(),
            connectedAt: z.string().nullable(),
            settings: NotionSettingsView.nullable().meta({ description: 'Notion only: the chosen notes page and task database' }),
          }),
        ),
        'One entry per provider offered',
      ),
      ...problemResponses(401, 403),
    },
  });
  registerRoute({
    method: 'post',
    path: '/api/v1/integrations/{provider}/connect',
    tags: ['integrations'],
    summary: 'Start the OAuth flow (PKCE, one-time state): the URL of the provider\'s consent page',
    security: USER_OR_PARTNER,
    request: { params: ProviderParams },
    responses: { 200: json(z.object({ authorizationUrl: z.string() }), 'Open this URL'), ...problemResponses(401, 403, 404) },
  });
  registerRoute({
    method: 'delete',
    path: '/api/v1/integrations/{provider}',
    tags: ['integrations'],
    summary: 'Disconnect and revoke the provider\'s tokens',
    security: USER_OR_PARTNER,
    request: { params: ProviderParams },
    responses: { 204: { description: 'Disconnected' }, ...problemResponses(401, 403, 404) },
  });
}
