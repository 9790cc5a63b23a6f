import fc from 'fast-check';
import { sql } from 'kysely';
import type { ApiHarness } from './app.ts';

/**
 * Hostile requests for every operation of the OpenAPI document: path parameters that are valid
 * ids, junk, broken %-encodings and NUL bytes; query strings with declared and undeclared keys,
 * repeated keys and `__proto__`; bodies that are random JSON, the declared fields with random
 * values, huge strings, deep nesting, malformed JSON or the wrong media type; random headers and
 * credentials. Each answer must be below 500, and a refused request must change nothing.
 */

interface Operation {
  method: string;
  /** OpenAPI path, `/tickets/{id}`. */
  path: string;
  params: string[];
  query: string[];
  bodyKeys: string[];
  hasBody: boolean;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, OperationObject>>;
}
interface OperationObject {
  parameters?: { name: string; in: string }[];
  requestBody?: {
    content?: Record<string, { schema?: { properties?: Record<string, unknown>; $ref?: string } }>;
  };
}

/** Every operation of the document, with the names it declares. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = op.parameters ?? [];
      const json = op.requestBody?.content?.['application/json']?.schema;
      ops.push({
        method: method.toUpperCase(),
        path,
        params: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodyKeys: Object.keys(json?.properties ?? {}),
        hasBody: op.requestBody !== undefined,
      });
    }
  }
  return ops;
}

const junkText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '%',
    '%FF',
    '%00',
    '%2e%2e%2f',
    '..',
    '\u0000',
    'null',
    'undefined',
    'NaN',
    'true',
  ),
  fc.constantFrom('__proto__', 'constructor', "'; DROP TABLE vendors; --", '<script>alert(1)</script>', '-0'),
  fc.constantFrom('0', '-1', '1.5', '1e3', '2147483648', '99999999999999999999', 'Infinity', '0x10'),
);

/** A path segment: mostly something plausible, sometimes raw bytes that do not decode. */
const segment = (valid: readonly string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...valid) },
    { weight: 2, arbitrary: junkText.map((v) => encodeURIComponent(v)) },
    { weight: 1, arbitrary: fc.constantFrom('%FF', '%C0%AF', '%00', '%', '%E2%82', 'a%2Fb') },
  );

const deepJson = fc.integer({ min: 50, max: 3000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));

/** A request body: [content-type, raw text]. */
const body = (keys: string[]) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .dictionary(fc.constantFrom(...(keys.length ? keys : ['name'])), fc.jsonValue({ maxDepth: 3 }))
        .map((o) => ['application/json', JSON.stringify(o)] as const),
    },
    {
      weight: 2,
      arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ['application/json', JSON.stringify(v)] as const),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...(keys.length ? keys : ['name']))
        .map((k) => ['application/json', JSON.stringify({ [k]: 'x'.repeat(200_000) })] as const),
    },
    { weight: 1, arbitrary: deepJson.map((t) => ['application/json', t] as const) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('{', '{"a":}', 'nul', '\u0000', '{"__proto__":{"admin":true}}', '{"name":"a\\u0000b"}')
        .map((t) => ['application/json', t] as const),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom(
          'text/plain',
          'application/xml',
          'multipart/form-data',
          'application/x-www-form-urlencoded',
          'text/csv',
        ),
        fc.string({ maxLength: 100 }),
      ),
    },
  );

const queryString = (declared: string[]) =>
  fc
    .array(
      fc.tuple(
        fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...(declared.length ? declared : ['q'])) },
          {
            weight: 1,
            arbitrary: fc.constantFrom('__proto__', 'cf.x', 'limit', 'cursor', 'sort', 'archived', 'x'),
          },
        ),
        fc.oneof(
          junkText,
          fc.constantFrom('-1', '0', '201', '1000000', 'all', 'true', 'id', '-id', 'eyJ2IjoxfQ'),
        ),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));

export interface FuzzOptions {
  /** Valid values to put in path parameters, by parameter name (`id`, `email`, …). */
  valid: Record<string, string[]>;
  /** Credentials to send (an admin's, a user's…); undefined sends none. */
  tokens: (string | undefined)[];
  runs: number;
  seed?: number;
}

export interface FuzzFinding {
  request: string;
  status: number;
  problem: string;
}

/** Everything a refused request must leave untouched, in one round trip. */
async function fingerprint(h: ApiHarness): Promise<string> {
  const { rows } = await sql<Record<string, number>>`
    SELECT (SELECT count(*) FROM audit_logs)::int AS audit,
           (SELECT count(*) FROM organization_users)::int AS users,
           (SELECT count(*) FROM vendors)::int AS vendors,
           (SELECT count(*) FROM assets)::int AS assets,
           (SELECT count(*) FROM credentials)::int AS credentials,
           (SELECT count(*) FROM tickets)::int AS tickets,
           (SELECT count(*) FROM ticket_replies)::int AS replies,
           (SELECT count(*) FROM files)::int AS files,
           (SELECT count(*) FROM tags)::int AS tags,
           (SELECT count(*) FROM api_keys)::int AS keys,
           (SELECT count(*) FROM idempotency_keys)::int AS idem,
           (SELECT coalesce(max(updated_at), 'epoch')::text FROM tickets) AS ticket_change`.execute(
    h.t.handle.db,
  );
  return JSON.stringify(rows[0]);
}

/** Sends `runs` hostile requests, one at a time; returns what broke the rules. */
export async function fuzzApi(h: ApiHarness, doc: OpenApiDoc, o: FuzzOptions): Promise<FuzzFinding[]> {
  const ops = operationsOf(doc).filter((op) => !op.path.startsWith('/openapi'));
  const findings: FuzzFinding[] = [];
  const request = fc.constantFrom(...ops).chain((op) =>
    fc.record({
      op: fc.constant(op),
      segments: fc.tuple(...op.params.map((p) => segment(o.valid[p] ?? o.valid.id ?? ['1']))),
      query: queryString(op.query),
      body:
        op.hasBody || op.method !== 'GET'
          ? fc.option(body(op.bodyKeys), { nil: undefined })
          : fc.constant(undefined),
      token: fc.constantFrom(...o.tokens),
      idempotencyKey: fc.option(junkText, { nil: undefined }),
    }),
  );
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      let path = r.op.path;
      r.op.params.forEach((name, i) => {
        path = path.replace(`{${name}}`, r.segments[i] ?? '1');
      });
      const url = `${h.url}/api/v1${path}${r.query ? `?${r.query}` : ''}`;
      const headers: Record<string, string> = {};
      if (r.token) headers.authorization = `Bearer ${r.token}`;
      if (r.body) headers['content-type'] = r.body[0];
      if (r.idempotencyKey !== undefined)
        headers['idempotency-key'] = encodeURIComponent(r.idempotencyKey).slice(0, 300);
      const before = await fingerprint(h);
      const res = await fetch(url, { method: r.op.method, headers, ...(r.body ? { body: r.body[1] } : {}) });
      await res.arrayBuffer();
      const described = `${r.op.method} ${url.slice(h.url.length)}${r.body ? ` ${r.body[0]} ${r.body[1].slice(0, 120)}` : ''}`;
      if (res.status >= 500) findings.push({ request: described, status: res.status, problem: '5xx' });
      if (res.status >= 400 && (await fingerprint(h)) !== before)
        findings.push({ request: described, status: res.status, problem: 'a refused request changed data' });
      return true;
    }),
    { numRuns: o.runs, ...(o.seed !== undefined ? { seed: o.seed } : {}), endOnFailure: false },
  );
  return findings;
}
