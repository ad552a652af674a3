import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { generateOpenApiDocument } from '../openapi/registry';

/** GET /openapi.json (generated from the registry at request time) and Swagger UI at /docs/ (local assets). */
export function createOpenApiRouter(): Router {
  const router = Router();
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
