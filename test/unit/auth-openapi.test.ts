import { OpenApiGeneratorV3, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { expect } from 'chai';
import { authRoutes } from '../../api/auth/openapi-routes';

describe('the accounts routes in OpenAPI (generated from their zod schemas)', () => {
  it('registers every route and renders request and response schemas', () => {
    const registry = new OpenAPIRegistry();
    registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
    for (const route of authRoutes) registry.registerPath(route);
    const doc = new OpenApiGeneratorV3(registry.definitions).generateDocument({
      openapi: '3.0.3',
      info: { title: 'test', version: '1' },
    });
    expect(Object.keys(doc.paths ?? {})).to.include.members([
      '/api/v1/auth/login',
      '/api/v1/auth/refresh',
      '/api/v1/auth/logout',
      '/api/v1/auth/mfa/totp/enroll',
      '/api/v1/auth/mfa/totp/verify',
      '/api/v1/auth/mfa/challenge',
      '/api/v1/auth/mfa/sms',
      '/api/v1/me/partners',
      '/api/v1/me/partners/{partnerId}',
      '/api/v1/partner/links',
      '/api/v1/admin/users',
      '/api/v1/admin/users/{id}',
      '/api/v1/admin/audit',
    ]);
    const login = doc.paths!['/api/v1/auth/login']!.post!;
    const schema = JSON.stringify(login.requestBody);
    expect(schema).to.include('"phone"').and.include('"password"');
    expect(Object.keys(login.responses)).to.include.members(['200', '400', '401', '429']);
    const patch = doc.paths!['/api/v1/admin/users/{id}']!.patch!;
    expect(JSON.stringify(patch.parameters)).to.include('"in":"path"');
  });
});
