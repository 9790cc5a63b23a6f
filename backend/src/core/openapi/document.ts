import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { errorBodySchema } from '@helios/shared';
import {
  errorDescriptions,
  openApiPath,
  type RouteSpec,
  type SuccessSpec,
  type SuccessStatus,
  successBodySchema,
} from '../http/route.ts';

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });

function successResponse(spec: SuccessSpec) {
  if ('empty' in spec) return { description: spec.description };
  if ('content' in spec) {
    return {
      description: spec.description,
      content: Object.fromEntries(Object.entries(spec.content).map(([type, schema]) => [type, { schema }])),
    };
  }
  const body = successBodySchema(spec);
  if (body && 'page' in spec) {
    // Every list also answers `Accept: text/csv`: all rows of the filter, streamed (csv-export.ts).
    return {
      description: `${spec.description}; with \`Accept: text/csv\`, every matching row as CSV`,
      content: { ...json(body), 'text/csv': { schema: z.string() } },
    };
  }
  return { description: spec.description, ...(body ? { content: json(body) } : {}) };
}

function operationOf(route: RouteSpec): ZodOpenApiOperationObject {
  const responses: ZodOpenApiOperationObject['responses'] = {};
  for (const [status, spec] of Object.entries(route.responses) as [`${SuccessStatus}`, SuccessSpec][]) {
    responses[status] = successResponse(spec);
  }
  for (const status of route.errors) {
    responses[`${status}`] = { description: errorDescriptions[status], content: json(errorBodySchema) };
  }
  const content = {
    ...(route.body ? json(route.body) : {}),
    ...Object.fromEntries(
      Object.entries(route.bodyContent ?? {}).map(([type, schema]) => [type, { schema }]),
    ),
  };
  return {
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.public ? { security: [] } : { security: [{ bearer: [] }] }),
    requestParams: {
      ...(route.params ? { path: route.params as z.ZodObject } : {}),
      ...(route.query ? { query: route.query as z.ZodObject } : {}),
      ...(route.headers ? { header: route.headers } : {}),
    },
    ...(route.queryPatterns
      ? {
          parameters: route.queryPatterns.map((p) => ({
            name: p.name,
            in: 'query' as const,
            description: p.description,
            schema: { type: 'string' as const },
          })),
        }
      : {}),
    ...(Object.keys(content).length > 0 ? { requestBody: { content } } : {}),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the route declarations themselves (the same
 * zod schemas the routes validate with and the presenters answer in), so it cannot disagree with
 * what is served. Schemas that carry a `.meta({ id })` become named components.
 */
export function openApiDocument(routes: readonly RouteSpec[]): object {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operationOf(route) };
  }
  const document = createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Helios API',
      version: '1',
      description:
        'IT documentation and helpdesk for Google Workspace organizations. Contract: shared/design/api.md.',
    },
    servers: [{ url: '/api/v1' }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A Google ID token (the add-on) or a Helios API key (helios_…)',
        },
      },
    },
    paths,
  });
  return document;
}
