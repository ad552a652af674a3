import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import { generateOpenApiDocument, registerRoute } from '../openapi/registry';

/** GET /openapi.json (generated from the registry at request time) and Swagger UI at /docs/ (local assets). */
export function createOpenApiRouter(): Router {
  const router = Router();
  registerRoute({
    method: 'get',
    path: '/openapi.json',
    tags: ['operations'],
    summary: 'This document (OpenAPI 3.0, generated from the zod schemas that validate the requests)',
    responses: { 200: { description: 'The OpenAPI document', content: { 'application/json': { schema: z.object({ openapi: z.string() }).loose() } } } },
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(generateOpenApiDocument());
  });
  const ui = { swaggerOptions: { url: '/openapi.json', persistAuthorization: false } };
  router.use('/docs', (req, res, next) => {
    // Swagger UI's page loads its assets relatively: /docs must become /docs/.
    if (req.originalUrl === '/docs') return res.redirect(301, '/docs/');
    next();
  });
  router.use('/docs', swaggerUi.serveFiles(undefined, ui), swaggerUi.setup(undefined, ui));
  return router;
}
