import { errorBodySchema } from '@helios/shared';
import { type Request, type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import { actorOf } from './context.ts';
import { validationFailed } from '../errors.ts';
import { parse } from './validate.ts';
import { CSV_PAGE_SIZE, csvColumns, streamCsv, wantsCsv } from './csv-export.ts';

/**
 * One declaration per route: method, path, input schemas, the responses it may give and the
 * handler. The same declaration mounts the Express route (validating params, query and body before
 * the handler runs), documents it in the OpenAPI document, and lets tests check every live response
 * against its schema. A route that is served is therefore documented, and the other way round.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Error statuses a route documents (all carry the one error shape). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503 | 504;

/** What a success response carries. */
export type SuccessSpec =
  /** `{ data: <schema> }` */
  | { description: string; data: z.ZodType }
  /** `{ data: [<schema>], nextCursor }` */
  | { description: string; page: z.ZodType }
  /** No JSON body (204, a redirect, …). */
  | { description: string; empty: true }
  /** Another media type (a download, CSV): documented, not checked as JSON. */
  | { description: string; content: Record<string, z.ZodType> };

export type SuccessStatus = 200 | 201 | 202 | 204 | 302;

/** The validated input a handler receives. */
export interface RouteInput<P, Q, B> {
  req: Request;
  res: Response;
  /** The authenticated caller (routes marked `public` have none: reading it throws 401). */
  actor: Actor;
  params: P;
  query: Q;
  body: B;
}

/** What a handler returns; the route layer turns it into the contract's envelope. */
export type Reply =
  | { status: 200 | 201 | 202; data: unknown; nextCursor?: undefined }
  | { status: 200; data: unknown[]; nextCursor: string | null }
  | { status: 204 }
  /** The handler wrote the response itself (a stream, a redirect). */
  | { status: 'sent' };

export const ok = (data: unknown): Reply => ({ status: 200, data });
export const created = (data: unknown): Reply => ({ status: 201, data });
export const accepted = (data: unknown): Reply => ({ status: 202, data });
export const page = (data: unknown[], nextCursor: string | null): Reply => ({
  status: 200,
  data,
  nextCursor,
});
export const noContent = (): Reply => ({ status: 204 });
export const sent = (): Reply => ({ status: 'sent' });

type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : Record<string, never>;

export interface RouteSpec<P extends Schema = Schema, Q extends Schema = Schema, B extends Schema = Schema> {
  method: HttpMethod;
  /** Express syntax: `/tickets/:id`. */
  path: string;
  /** OpenAPI tag (usually the resource). */
  tag: string;
  summary: string;
  description?: string;
  /** Served without authentication (the public ticket view); everything else needs an actor. */
  public?: true;
  params?: P;
  /** Without one, the route takes no query parameters (an unknown one is a 400). */
  query?: Q;
  body?: B;
  /** Request media types other than JSON, for the document (`multipart/form-data`, `text/csv`). */
  bodyContent?: Record<string, z.ZodType>;
  /** Request headers the route reads, for the document. */
  headers?: z.ZodObject;
  /** Extra query parameters the schema cannot describe (`cf.<field>`), for the document. */
  queryPatterns?: { name: string; description: string }[];
  responses: Partial<Record<SuccessStatus, SuccessSpec>>;
  errors: ErrorStatus[];
  /** Middleware run before validation (e.g. a route's own rate limit). */
  use?: RequestHandler[];
  handle(input: RouteInput<Out<P>, Out<Q>, Out<B>>): Promise<Reply>;
}

/**
 * Declares a route. The generic parameters are inferred from the schemas, so the handler's
 * `params`, `query` and `body` are typed by them.
 */
export function defineRoute<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}

const noQuery = z.object({}).strict();

/** `/tickets/:id` → `/tickets/{id}` (OpenAPI's path syntax). */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const segmentsOf = (path: string) => path.split('/').filter(Boolean);
const isParam = (segment: string) => segment.startsWith(':');

/**
 * Precedence, made explicit instead of left to mount order: among paths that could match the same
 * URL (same number of segments), the one with a literal segment where the other has a parameter
 * wins (`/folders/tree` before `/folders/:id`, `/tickets/shared/:key` before `/tickets/:id/replies`).
 */
export function byPrecedence(a: RouteSpec, b: RouteSpec): number {
  const sa = segmentsOf(a.path);
  const sb = segmentsOf(b.path);
  if (sa.length !== sb.length) return sa.length - sb.length;
  for (let i = 0; i < sa.length; i++) {
    const pa = isParam(sa[i] ?? '');
    const pb = isParam(sb[i] ?? '');
    if (pa !== pb) return pa ? 1 : -1;
  }
  return 0;
}

/** Refuses two declarations of one method and path shape (`/x/:id` and `/x/:key` are one shape). */
export function assertUnique(routes: readonly RouteSpec[]): void {
  const seen = new Map<string, RouteSpec>();
  for (const route of routes) {
    const key = `${route.method.toUpperCase()} /${segmentsOf(route.path)
      .map((s) => (isParam(s) ? ':' : s))
      .join('/')}`;
    const other = seen.get(key);
    if (other)
      throw new Error(`Two routes declare ${key}: "${other.summary}" and "${route.summary}" (${route.tag})`);
    seen.set(key, route);
  }
}

/**
 * Finds what in a response its schema does not allow: a parse failure, or a key the schema would
 * strip (a field no presenter should send). Returns a message, or undefined when it conforms.
 */
export function responseMismatch(schema: z.ZodType, value: unknown): string | undefined {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    return parsed.error.issues
      .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
      .join('; ');
  }
  return extraKey(parsed.data, value, '');
}

function extraKey(parsed: unknown, raw: unknown, path: string): string | undefined {
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    for (let i = 0; i < raw.length; i++) {
      const found = extraKey(parsed[i], raw[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (raw !== null && typeof raw === 'object' && parsed !== null && typeof parsed === 'object') {
    for (const [key, value] of Object.entries(raw)) {
      if (value === undefined) continue;
      const at = path ? `${path}.${key}` : key;
      if (!Object.hasOwn(parsed, key)) return `${at}: not in the response schema`;
      const found = extraKey((parsed as Record<string, unknown>)[key], value, at);
      if (found) return found;
    }
  }
  return undefined;
}

/** The JSON schema of a success response (its envelope included), or undefined for non-JSON. */
export function successBodySchema(spec: SuccessSpec): z.ZodType | undefined {
  if ('data' in spec) return z.object({ data: spec.data });
  if ('page' in spec) return z.object({ data: z.array(spec.page), nextCursor: z.string().nullable() });
  return undefined;
}

export interface MountOptions {
  /** Check every JSON response against its declared schema (tests): a mismatch is a 500. */
  checkResponses?: boolean;
  /** Middleware run before each of these routes (not before unmatched requests passing through). */
  guards?: RequestHandler[];
}

/**
 * An Express router serving the routes, in precedence order — one sub-router per first path
 * segment (`/people`, `/assets`…; no route starts with a parameter): Express tries a router's
 * layers one by one, and a request walked past all ~200 routes' patterns before reaching its own.
 */
export function mountRoutes(routes: readonly RouteSpec[], options: MountOptions = {}): Router {
  assertUnique(routes);
  const router = Router();
  const groups = new Map<string, Router>();
  for (const route of [...routes].sort(byPrecedence)) {
    const [first = '', ...rest] = segmentsOf(route.path);
    let group = groups.get(first);
    if (!group) {
      group = Router({ mergeParams: true });
      groups.set(first, group);
      router.use(`/${first}`, group);
    }
    group[route.method](
      `/${rest.join('/')}`,
      ...(options.guards ?? []),
      ...(route.use ?? []),
      handlerOf(route, options),
    );
  }
  return router;
}

// Keys that name JavaScript's object machinery, not data: refused wherever they appear in input.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses input no schema should have to think about: a NUL character in any string (PostgreSQL
 * cannot store it in text) and keys like `__proto__`. Walks params, query and body; a 400 names
 * the first offending place.
 */
function refuseHostileInput(input: unknown, at: string, depth = 0): void {
  if (depth > 64)
    throw validationFailed(`${at}: nested too deeply`, [{ path: at, message: 'nested too deeply' }]);
  if (typeof input === 'string') {
    if (input.includes('\u0000'))
      throw validationFailed(`${at}: must not contain NUL characters`, [
        { path: at, message: 'must not contain NUL characters' },
      ]);
    return;
  }
  if (input === null || typeof input !== 'object') return;
  for (const [key, value] of Object.entries(input)) {
    const path = at ? `${at}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key) || key.includes('\u0000'))
      throw validationFailed(`${path}: not an accepted key`, [{ path, message: 'not an accepted key' }]);
    refuseHostileInput(value, path, depth + 1);
  }
}

/** Whether a route's query pages by `limit` and `cursor` (the CSV export then walks every page). */
const pagesByCursor = (route: RouteSpec): boolean =>
  route.query instanceof z.ZodObject && 'limit' in route.query.shape && 'cursor' in route.query.shape;

/**
 * `Accept: text/csv` on a list: the list's own handler, asked page after page with the caller's
 * filters (their `limit` and `cursor` aside: the export is every matching row), streamed as CSV.
 */
async function exportCsv(
  route: RouteSpec,
  recordSchema: z.ZodType,
  input: RouteInput<unknown, unknown, unknown>,
): Promise<void> {
  const { req, res } = input;
  const raw = { ...(req.query as Record<string, unknown>) };
  const paged = pagesByCursor(route);
  const literal = segmentsOf(route.path).filter((s) => !isParam(s));
  await streamCsv(res, {
    filename: `${literal.at(-1) ?? 'export'}.csv`,
    columns: csvColumns(recordSchema),
    async nextPage(cursor) {
      const { cursor: _ignored, limit: _alsoIgnored, ...filters } = raw;
      const query = paged ? { ...filters, limit: String(CSV_PAGE_SIZE), ...(cursor ? { cursor } : {}) } : raw;
      // Handlers that read `req.query` themselves (the users directory) see the same page.
      Object.defineProperty(req, 'query', { value: query, configurable: true, writable: true });
      const reply = await route.handle({
        ...input,
        req,
        res,
        actor: input.actor,
        query: parse(route.query ?? noQuery, query),
      } as RouteInput<never, never, never>);
      if (reply.status !== 200 || !Array.isArray(reply.data)) throw new Error(`${route.path} is not a list`);
      return { data: reply.data, nextCursor: paged ? reply.nextCursor : null };
    },
  });
}

function handlerOf(route: RouteSpec, options: MountOptions): RequestHandler {
  const listed = route.responses[200];
  const recordSchema = listed && 'page' in listed ? listed.page : undefined;
  return async (req, res) => {
    refuseHostileInput(req.params, '');
    refuseHostileInput(req.query, '');
    refuseHostileInput(req.body, '');
    const params = route.params ? parse(route.params, req.params) : {};
    if (recordSchema && wantsCsv(req)) {
      await exportCsv(route, recordSchema, {
        req,
        res,
        get actor() {
          return actorOf(req);
        },
        params,
        query: undefined,
        body: undefined,
      });
      return;
    }
    const query = parse(route.query ?? noQuery, req.query);
    const body = route.body ? parse(route.body, req.body ?? {}) : undefined;
    const input: RouteInput<unknown, unknown, unknown> = {
      req,
      res,
      get actor() {
        return actorOf(req);
      },
      params,
      query,
      body,
    };
    const reply = await route.handle(input as RouteInput<never, never, never>);
    if (reply.status === 'sent') return;
    if (reply.status === 204) {
      res.status(204).end();
      return;
    }
    const payload =
      reply.nextCursor === undefined
        ? { data: reply.data }
        : { data: reply.data, nextCursor: reply.nextCursor };
    if (options.checkResponses) {
      const spec = route.responses[reply.status];
      const schema = spec ? successBodySchema(spec) : undefined;
      const problem = schema
        ? responseMismatch(schema, JSON.parse(JSON.stringify(payload)))
        : `undeclared status ${reply.status}`;
      if (problem)
        throw new Error(`${route.method.toUpperCase()} ${route.path} → ${reply.status}: ${problem}`);
    }
    res.status(reply.status).json(payload);
  };
}

/** The error responses of the document: every one has the one error shape. */
export const errorDescriptions: Record<ErrorStatus, string> = {
  400: 'Invalid input (validation_failed, invalid_link)',
  401: 'Missing or invalid credentials (unauthenticated)',
  403: 'Not allowed (forbidden)',
  404: 'No such record, or not visible to you (not_found)',
  409: 'Duplicate or stale state (conflict)',
  413: 'Too large (payload_too_large)',
  429: 'Too many requests (rate_limited), see Retry-After',
  503: 'The database cannot be reached (unavailable), see Retry-After',
  504: 'Work the request waited on ran past its time limit and was stopped (timed_out)',
};

export { errorBodySchema };
