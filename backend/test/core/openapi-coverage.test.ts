import * as shared from '@helios/shared';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

interface Parameter {
  name: string;
  in: string;
}
interface Operation {
  parameters?: (Parameter | { $ref: string })[];
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

/**
 * Pages served beside the API that are not API operations (the document and its viewer, the
 * public shared ticket page — HTML for people, beside its documented JSON twin).
 */
const NOT_OPERATIONS = new Set([
  'GET /shared/tickets/{urlKey}',
  'GET /docs',
  'GET /docs/init.js',
  'GET /openapi.json',
  'GET /healthz',
  'GET /readyz',
]);

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  /** Where a router is mounted (`router.use('/people', …)`). */
  rawPath?: unknown;
}

/**
 * Every route the Express app serves, as `METHOD /path/{param}`, found by walking its routers —
 * mount paths included (the API's routes sit in one router per first segment), except the API's
 * own `/api/v1`: the document's paths are relative to it.
 */
function servedRoutes(app: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of [layer.route.path].flat().filter((p): p is string => typeof p === 'string')) {
          const full = `${prefix}${path}`.replace(/(.)\/$/, '$1');
          for (const [method, on] of Object.entries(layer.route.methods))
            if (on && method !== '_all')
              out.add(`${method.toUpperCase()} ${full.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
        }
      } else if (layer.handle?.stack) {
        const mount =
          typeof layer.rawPath === 'string' && layer.rawPath !== '/' && layer.rawPath !== '/api/v1';
        walk(layer.handle.stack, mount ? `${prefix}${layer.rawPath as string}` : prefix);
      }
    }
  };
  walk((app as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}

/** Query keys of every list-filter and query schema the shared package exports (candidates to probe). */
function sharedQueryKeys(): Set<string> {
  const keys = new Set<string>();
  for (const [name, value] of Object.entries(shared))
    if (/(Query|Filters?)Schema$/.test(name) && value instanceof z.ZodObject)
      for (const key of Object.keys(value.shape as object)) keys.add(key);
  return keys;
}

const PATH_VALUES: Record<string, string> = {
  email: 'probe@acme.example',
  other: 'assets',
  threadId: 'probe-thread',
};

const unrecognized = (message: string): string[] =>
  /^Unrecognized keys?: /.test(message) ? [...message.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '') : [];

describe.each(backends)('the OpenAPI document covers exactly what is served, on %s', (backend) => {
  let h: ApiHarness;
  let admin: string;
  let doc: Doc;

  beforeAll(async () => {
    h = await startApi(backend);
    admin = (await h.user('admin')).key;
    doc = (await (await fetch(`${h.url}/api/v1/openapi.json`)).json()) as Doc;
  });
  afterAll(async () => {
    await h?.close();
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    );
  const queryOf = (op: Operation) =>
    (op.parameters ?? []).filter((p): p is Parameter => 'in' in p && p.in === 'query').map((p) => p.name);

  it('documents every served route and serves every documented one', () => {
    const served = [...servedRoutes(h.app)].filter((r) => !NOT_OPERATIONS.has(r));
    const documented = operations().map((o) => `${o.method} ${o.path}`);
    expect(
      served.filter((r) => !documented.includes(r)),
      'served, not documented',
    ).toEqual([]);
    expect(
      documented.filter((r) => !served.includes(r)),
      'documented, not served',
    ).toEqual([]);
    expect(documented).toContain('GET /custom-fields/{id}');
  });

  it('documents every query parameter a route accepts, and a route accepts every one it documents', async () => {
    const candidates = new Set([
      ...sharedQueryKeys(),
      ...operations().flatMap((o) => queryOf(o.op)),
      'assetType',
      'assignedToUserId',
      'folderId',
    ]);
    candidates.delete('cf.{field}');
    const problems: string[] = [];
    for (const { method, path, op } of operations()) {
      if (path.startsWith('/tickets/shared/') || path === '/auth/session') continue;
      // Path parameters that pass validation, so the answer is about the query.
      const url = path.replace(/\{([^}]+)\}/g, (_m, name: string) => PATH_VALUES[name] ?? '1');
      const documented = queryOf(op);
      const ask = async (query: URLSearchParams) => {
        const res = await fetch(`${h.url}/api/v1${url}?${query.toString()}`, {
          method,
          headers: { authorization: `Bearer ${admin}` },
          redirect: 'manual',
        });
        const text = await res.text();
        if (res.status !== 400) return [];
        const body = JSON.parse(text) as {
          error: { details?: { path: string; message: string }[]; message: string };
        };
        return [body.error.message, ...(body.error.details ?? []).map((d) => d.message)].flatMap(
          unrecognized,
        );
      };
      // Served but undocumented: every other known query key must be refused as unrecognized.
      const others = [...candidates].filter((k) => !documented.includes(k));
      if (others.length > 0) {
        const refused = new Set(
          await ask(new URLSearchParams(others.map((k): [string, string] => [k, 'x']))),
        );
        const accepted = others.filter((k) => !refused.has(k));
        if (accepted.length > 0)
          problems.push(`${method} ${path} accepts undocumented ${accepted.join(', ')}`);
      }
      // Documented but not served: none of the documented keys may be refused as unrecognized.
      if (documented.length > 0) {
        const query = new URLSearchParams(
          documented.map((k): [string, string] => [k === 'cf.{field}' ? 'cf.probe' : k, 'x']),
        );
        const refused = (await ask(query)).filter((k) => k !== 'cf.probe');
        if (refused.length > 0) problems.push(`${method} ${path} documents unserved ${refused.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('names a reusable schema for every resource and for errors', () => {
    const names = Object.keys(doc.components.schemas);
    for (const name of [
      'Error',
      'Asset',
      'User',
      'UserProfile',
      'Ticket',
      'TicketWithReplies',
      'TicketAttachment',
      'Group',
      'OrgUnit',
      'ImportResult',
      'Notification',
      'Expiring',
      'Links',
      'SearchResult',
      'PeopleContext',
      'FolderTreeNode',
    ])
      expect(names, name).toContain(name);
    expect(
      names.filter((n) => n.startsWith('__schema')),
      'unnamed reused schemas',
    ).toEqual([]);
    // Record answers refer to their component instead of repeating it inline.
    const inline: string[] = [];
    for (const { method, path, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        const schema = response.content?.['application/json']?.schema as
          | {
              properties?: {
                data?: { $ref?: string; items?: { $ref?: string }; type?: string; properties?: object };
              };
            }
          | undefined;
        if (status.startsWith('4') || status.startsWith('5')) {
          if ((schema as { $ref?: string } | undefined)?.$ref !== '#/components/schemas/Error')
            inline.push(`${method} ${path} ${status} error`);
          continue;
        }
        type Shape = { $ref?: string; type?: string; properties?: object };
        const data = schema?.properties?.data as (Shape & { items?: Shape }) | undefined;
        const item: Shape | undefined = data?.items ?? data;
        if (item && !item.$ref && item.type === 'object' && Object.keys(item.properties ?? {}).length > 3)
          inline.push(`${method} ${path} ${status}`);
      }
    }
    expect(inline).toEqual([]);
  });
});
