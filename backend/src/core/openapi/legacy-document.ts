import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import {
  errorBodySchema,
  googleSettingsInputSchema,
  googleSettingsSchema,
  syncRunSchema,
} from '@helios/shared';
import { z } from 'zod';

const idParams = z.object({ id: z.string().regex(/^\d+$/) });
const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
const ok = (schema: z.ZodType, description = 'OK') => ({
  description,
  content: json(z.object({ data: schema })),
});
const list = (schema: z.ZodType) => ({
  description: 'A page',
  content: json(z.object({ data: z.array(schema), nextCursor: z.string().nullable() })),
});

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the routes validate
 * with (shared/) and from the resource registry, so it cannot disagree with the code.
 */
export function legacyOpenApiDocument(): { paths?: Record<string, object> } {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A Google ID token (the add-on) or a Helios API key (helios_…)',
  });
  // Schemas are inlined: naming components needs zod-to-openapi's `.openapi()` patch, which does not
  // reach zod 4's mixin-built schema classes when the library loads as CommonJS.
  const error = errorBodySchema;
  const failure = (description: string) => ({ description, content: json(error) });
  const errors = {
    400: failure('Invalid input (validation_failed, invalid_link)'),
    401: failure('Missing or invalid credentials (unauthenticated)'),
    403: failure('Not allowed (forbidden)'),
    404: failure('No such record, or not visible to you (not_found)'),
    409: failure('Duplicate or stale state (conflict)'),
    429: failure('Too many requests (rate_limited), see Retry-After'),
  };
  const security = [{ [bearer.name]: [] }];
  const path = (config: Omit<RouteConfig, 'security'>) => registry.registerPath({ ...config, security });

  // Google Workspace (admin).
  path({
    method: 'get',
    path: '/settings/google',
    tags: ['google'],
    summary: 'The Google connection (never the key, only its client email)',
    responses: { 200: ok(googleSettingsSchema), 403: errors[403] },
  });
  path({
    method: 'put',
    path: '/settings/google',
    tags: ['google'],
    summary: 'Store the service-account key (encrypted), admin to impersonate, customer id',
    request: { body: { content: json(googleSettingsInputSchema) } },
    responses: { 200: ok(googleSettingsSchema), 400: errors[400], 403: errors[403] },
  });
  path({
    method: 'post',
    path: '/sync/google',
    tags: ['google'],
    summary: 'Queue a sync (one at a time: a second request gets the running one)',
    responses: {
      202: ok(
        z.object({ runId: z.number().int(), status: z.string(), alreadyRunning: z.boolean() }),
        'Accepted',
      ),
      403: errors[403],
      404: errors[404],
    },
  });
  path({
    method: 'get',
    path: '/sync/runs',
    tags: ['google'],
    summary: 'Sync runs, newest first',
    request: { query: z.object({ limit: z.string().optional(), cursor: z.string().optional() }) },
    responses: { 200: list(syncRunSchema), 403: errors[403] },
  });
  path({
    method: 'get',
    path: '/sync/runs/{id}',
    tags: ['google'],
    summary: 'One run: status, phase, progress, counts per phase, errors, duration',
    request: { params: idParams },
    responses: { 200: ok(syncRunSchema), 404: errors[404] },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Helios API',
      version: '1',
      description:
        'IT documentation and helpdesk for Google Workspace organizations. Contract: shared/design/api.md.',
    },
    servers: [{ url: '/api/v1' }],
  }) as { paths?: Record<string, object> };
}
