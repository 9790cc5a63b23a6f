import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import {
  errorBodySchema,
  listQuerySchema,
  attachmentCreateSchema,
  credentialRevealSchema,
  feedbackSchema,
  replyCreateSchema,
  replySchema,
  ticketCreateSchema,
  ticketListQuerySchema,
  ticketSchema,
  ticketUpdateSchema,
  customFieldCreateSchema,
  customFieldListQuerySchema,
  customFieldSchema,
  customFieldUpdateSchema,
  expiringQuerySchema,
  expiringSchema,
  fileLinkCreateSchema,
  fileSchema,
  fileUploadFieldsSchema,
  linksSchema,
  peopleContextQuerySchema,
  peopleContextSchema,
  searchQuerySchema,
  searchResultSchema,
} from '@helios/shared';
import { z } from 'zod';
import type { Registry } from '../module.ts';

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
export function legacyOpenApiDocument(modules: Registry): { paths?: Record<string, object> } {
  const { resources } = modules;
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

  for (const def of resources) {
    const tag = def.name;
    const entity = def.responseSchema ?? z.object({ id: z.number().int() }).catchall(z.unknown());
    const base = `/${def.name}`;
    const one = `${base}/{id}`;
    path({
      method: 'get',
      path: base,
      tags: [tag],
      summary: `List ${def.name}`,
      request: { query: listQuerySchema.extend({ sort: z.string().optional() }) },
      responses: { 200: list(entity), 400: errors[400], 403: errors[403] },
    });
    path({
      method: 'get',
      path: one,
      tags: [tag],
      summary: `Get one (stamps last access)`,
      request: { params: idParams },
      responses: { 200: ok(entity), 404: errors[404] },
    });
    path({
      method: 'post',
      path: base,
      tags: [tag],
      summary: 'Create',
      request: { body: { content: json(def.createSchema) } },
      responses: { 201: ok(entity, 'Created'), 400: errors[400], 403: errors[403] },
    });
    path({
      method: 'patch',
      path: one,
      tags: [tag],
      summary: 'Update (partial)',
      request: { params: idParams, body: { content: json(def.updateSchema) } },
      responses: { 200: ok(entity), 400: errors[400], 403: errors[403], 404: errors[404] },
    });
    for (const action of ['archive', 'restore']) {
      path({
        method: 'post',
        path: `${one}/${action}`,
        tags: [tag],
        summary: action === 'archive' ? 'Archive' : 'Restore',
        request: { params: idParams },
        responses: { 200: ok(entity), 403: errors[403], 404: errors[404] },
      });
    }
    path({
      method: 'delete',
      path: one,
      tags: [tag],
      summary: 'Hard delete (admin)',
      request: { params: idParams },
      responses: { 204: { description: 'Deleted' }, 403: errors[403], 404: errors[404], 409: errors[409] },
    });
  }

  // Hand-written routes beside the generic records.
  const emailParams = z.object({ email: z.string() });
  path({
    method: 'get',
    path: '/expiring',
    tags: ['discovery'],
    summary: 'What expires in the next N days (and lapsed in the last 30)',
    request: { query: expiringQuerySchema },
    responses: { 200: ok(expiringSchema), 400: errors[400], 403: errors[403] },
  });
  path({
    method: 'get',
    path: '/search',
    tags: ['discovery'],
    summary: 'Search every resource the caller may read',
    request: { query: searchQuerySchema },
    responses: { 200: ok(z.array(searchResultSchema)), 400: errors[400] },
  });
  path({
    method: 'get',
    path: '/people/{email}/context',
    tags: ['discovery'],
    summary: "A person's card for the add-on: person, assets, licenses, tickets",
    request: { params: emailParams, query: peopleContextQuerySchema },
    responses: { 200: ok(peopleContextSchema), 400: errors[400], 403: errors[403] },
  });
  path({
    method: 'post',
    path: '/credentials/{id}/reveal',
    tags: ['credentials'],
    summary: 'Reveal password and current TOTP code (staff; audited every time)',
    request: { params: idParams },
    responses: { 200: ok(credentialRevealSchema), 404: errors[404] },
  });
  path({
    method: 'get',
    path: '/folders/tree',
    tags: ['folders'],
    summary: 'The folder tree with counts (staff)',
    // The tree schema is recursive; without named components it is described, not expanded.
    responses: {
      200: ok(
        z
          .array(z.record(z.string(), z.unknown()))
          .describe('Nested folders: { id, name, counts, children: [same] }'),
      ),
      403: errors[403],
    },
  });
  path({
    method: 'post',
    path: '/files',
    tags: ['files'],
    summary: 'Upload a file (multipart, field `file`) or register a Google Drive link (JSON)',
    request: {
      body: {
        content: {
          'multipart/form-data': {
            schema: fileUploadFieldsSchema.extend({ file: z.string().describe('binary') }),
          },
          'application/json': { schema: fileLinkCreateSchema },
        },
      },
    },
    responses: {
      201: ok(fileSchema, 'Created'),
      400: errors[400],
      403: errors[403],
      413: failure('File too large (payload_too_large)'),
    },
  });
  path({
    method: 'get',
    path: '/files/{id}/download',
    tags: ['files'],
    summary: 'Download the bytes (uploads) or 302 to Google Drive (links)',
    request: { params: idParams },
    responses: { 200: { description: 'The file' }, 302: { description: 'Drive link' }, 404: errors[404] },
  });
  path({
    method: 'get',
    path: '/custom-fields',
    tags: ['custom-fields'],
    summary: 'List custom fields (staff)',
    request: { query: customFieldListQuerySchema },
    responses: { 200: list(customFieldSchema), 403: errors[403] },
  });
  path({
    method: 'post',
    path: '/custom-fields',
    tags: ['custom-fields'],
    summary: 'Define a custom field (admin)',
    request: { body: { content: json(customFieldCreateSchema) } },
    responses: {
      201: ok(customFieldSchema, 'Created'),
      400: errors[400],
      403: errors[403],
      409: errors[409],
    },
  });
  path({
    method: 'patch',
    path: '/custom-fields/{id}',
    tags: ['custom-fields'],
    summary: 'Change a custom field (admin)',
    request: { params: idParams, body: { content: json(customFieldUpdateSchema) } },
    responses: { 200: ok(customFieldSchema), 400: errors[400], 403: errors[403], 409: errors[409] },
  });
  path({
    method: 'delete',
    path: '/custom-fields/{id}',
    tags: ['custom-fields'],
    summary: 'Delete a custom field and its values (admin)',
    request: { params: idParams },
    responses: { 204: { description: 'Deleted' }, 403: errors[403] },
  });
  const linkParams = z.object({
    resource: z.string(),
    id: z.string(),
    other: z.string(),
    otherId: z.string(),
  });
  path({
    method: 'get',
    path: '/{resource}/{id}/links',
    tags: ['links'],
    summary: 'Everything linked to a record, grouped by resource',
    request: { params: z.object({ resource: z.string(), id: z.string() }) },
    responses: { 200: ok(linksSchema), 404: errors[404] },
  });
  for (const method of ['put', 'delete'] as const) {
    path({
      method,
      path: '/{resource}/{id}/links/{other}/{otherId}',
      tags: ['links'],
      summary: method === 'put' ? 'Link two records (idempotent)' : 'Unlink two records',
      request: { params: linkParams },
      responses: { 204: { description: 'Done' }, 400: errors[400], 403: errors[403], 404: errors[404] },
    });
    path({
      method,
      path: '/{resource}/{id}/tags/{tagId}',
      tags: ['tags'],
      summary: method === 'put' ? 'Tag a user, asset or ticket' : 'Remove a tag',
      request: {
        params: z.object({
          resource: z.enum(['users', 'assets', 'tickets']),
          id: z.string(),
          tagId: z.string(),
        }),
      },
      responses: { 204: { description: 'Done' }, 400: errors[400], 403: errors[403], 404: errors[404] },
    });
  }

  // Tickets.
  const idempotencyHeader = z.object({ 'idempotency-key': z.string().max(200).optional() });
  path({
    method: 'post',
    path: '/tickets',
    tags: ['tickets'],
    summary:
      'Create a ticket (Idempotency-Key honoured; a Gmail message makes at most one ticket: 200 with the existing one)',
    request: { headers: idempotencyHeader, body: { content: json(ticketCreateSchema) } },
    responses: {
      201: ok(ticketSchema, 'Created'),
      200: ok(ticketSchema, 'The ticket this Gmail message already made'),
      400: errors[400],
      403: errors[403],
      409: errors[409],
    },
  });
  path({
    method: 'get',
    path: '/tickets',
    tags: ['tickets'],
    summary: 'List tickets the caller may read, newest first',
    request: { query: ticketListQuerySchema },
    responses: { 200: list(ticketSchema), 400: errors[400] },
  });
  path({
    method: 'get',
    path: '/tickets/{id}',
    tags: ['tickets'],
    summary: 'A ticket with the replies the caller may see (internal ones for staff only)',
    request: { params: idParams },
    responses: { 200: ok(ticketSchema.extend({ replies: z.array(replySchema) })), 404: errors[404] },
  });
  path({
    method: 'patch',
    path: '/tickets/{id}',
    tags: ['tickets'],
    summary: 'Change status, assignee, priority… (users: close their own only)',
    request: { params: idParams, body: { content: json(ticketUpdateSchema) } },
    responses: {
      200: ok(ticketSchema),
      400: errors[400],
      403: errors[403],
      404: errors[404],
      409: errors[409],
    },
  });
  for (const action of ['archive', 'restore']) {
    path({
      method: 'post',
      path: `/tickets/{id}/${action}`,
      tags: ['tickets'],
      summary: `${action === 'archive' ? 'Archive' : 'Restore'} (staff)`,
      request: { params: idParams },
      responses: { 200: ok(ticketSchema), 403: errors[403], 404: errors[404] },
    });
  }
  path({
    method: 'get',
    path: '/tickets/{id}/replies',
    tags: ['tickets'],
    summary: 'Replies the caller may see',
    request: { params: idParams },
    responses: { 200: list(replySchema), 404: errors[404] },
  });
  path({
    method: 'post',
    path: '/tickets/{id}/replies',
    tags: ['tickets'],
    summary: 'Reply (public or internal); a Gmail message is added once (200 with the existing reply)',
    request: { params: idParams, body: { content: json(replyCreateSchema) } },
    responses: {
      201: ok(replySchema, 'Created'),
      200: ok(replySchema),
      400: errors[400],
      403: errors[403],
      404: errors[404],
      409: errors[409],
    },
  });
  for (const method of ['put', 'delete'] as const) {
    path({
      method,
      path: '/tickets/{id}/watchers/{userId}',
      tags: ['tickets'],
      summary: method === 'put' ? 'Watch' : 'Stop watching',
      request: { params: z.object({ id: z.string(), userId: z.string() }) },
      responses: { 204: { description: 'Done' }, 400: errors[400], 403: errors[403], 404: errors[404] },
    });
  }
  path({
    method: 'post',
    path: '/tickets/{id}/attachments',
    tags: ['tickets'],
    summary: 'Attach a stored file or a Google Drive file (staff)',
    request: { params: idParams, body: { content: json(attachmentCreateSchema) } },
    responses: {
      201: ok(z.object({ ticketId: z.number().int(), fileId: z.number().int() }), 'Attached'),
      400: errors[400],
      403: errors[403],
      404: errors[404],
    },
  });
  path({
    method: 'post',
    path: '/tickets/{id}/feedback',
    tags: ['tickets'],
    summary: 'Rate a resolved ticket (requester, once)',
    request: { params: idParams, body: { content: json(feedbackSchema) } },
    responses: { 200: ok(ticketSchema), 400: errors[400], 403: errors[403], 409: errors[409] },
  });
  path({
    method: 'get',
    path: '/tickets/by-gmail-thread/{threadId}',
    tags: ['tickets'],
    summary: 'The ticket made from a Gmail thread',
    request: { params: z.object({ threadId: z.string() }) },
    responses: { 200: ok(ticketSchema), 404: errors[404] },
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
