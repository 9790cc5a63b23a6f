// The UrlFetchApp client for /api/v1: identity token as bearer, JSON in and out, every answer parsed
// with a zod schema, every failure turned into a HeliosError. Apps Script's UrlFetchApp has no
// per-request timeout option, so each invocation gets a time budget instead: no new request starts
// once it is spent, which keeps callbacks well inside the 30 s add-on limit.
import { logError } from '../log.ts';
import type { z } from 'zod';
import { HeliosError } from './errors.ts';
import { errorBodySchema } from './schemas.ts';

export const BACKEND_URL_PROPERTY = 'HELIOS_BACKEND_URL';
const PLACEHOLDER_HOST = 'helios.example.com';
const BUDGET_MS = 20_000;

let deadline = Number.POSITIVE_INFINITY;

/** Starts the time budget of one trigger or callback invocation. */
export function startInvocation(now = Date.now()): void {
  deadline = now + BUDGET_MS;
}

/** `https://host[:port][/path]` without a trailing slash, or an explanation of what is wrong. */
export function normalizeBackendUrl(input: string): { url: string } | { problem: string } {
  const trimmed = input
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/api\/v1$/, '');
  const match = /^(https?):\/\/([A-Za-z0-9.-]+)(:\d{1,5})?(\/[^\s?#]*)?$/.exec(trimmed);
  if (!match) return { problem: 'Enter the server address like https://helios.example.org' };
  const [, scheme, host = ''] = match;
  const loopback = host === 'localhost' || host === '127.0.0.1';
  if (scheme !== 'https' && !loopback) return { problem: 'The address must start with https://' };
  return { url: trimmed };
}

/** The configured backend (script property, else the build-time default), or null. */
export function backendUrl(): string | null {
  let stored: string | null = null;
  try {
    stored = PropertiesService.getScriptProperties().getProperty(BACKEND_URL_PROPERTY);
  } catch (error) {
    logError('reading script properties failed', error);
  }
  const candidate =
    stored ?? (typeof HELIOS_DEFAULT_BACKEND_URL === 'string' ? HELIOS_DEFAULT_BACKEND_URL : '');
  if (!candidate) return null;
  const normalized = normalizeBackendUrl(candidate);
  if ('problem' in normalized) return null;
  if (!stored && normalized.url.includes(PLACEHOLDER_HOST)) return null;
  return normalized.url;
}

export function saveBackendUrl(url: string): void {
  PropertiesService.getScriptProperties().setProperty(BACKEND_URL_PROPERTY, url);
}

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Query = Record<string, string | number | undefined>;

export interface ApiRequest<T> {
  method: Method;
  path: string;
  query?: Query;
  /** JSON body. */
  body?: unknown;
  /** multipart/form-data body (blob values are file parts). */
  form?: Record<string, string | GasBlob>;
  idempotencyKey?: string;
  schema: z.ZodType<T>;
}

export const get = <T>(path: string, schema: z.ZodType<T>, query?: Query): ApiRequest<T> => ({
  method: 'get',
  path,
  schema,
  ...(query ? { query } : {}),
});

export const send = <T>(
  method: Method,
  path: string,
  body: unknown,
  schema: z.ZodType<T>,
  idempotencyKey?: string,
): ApiRequest<T> => ({ method, path, body, schema, ...(idempotencyKey ? { idempotencyKey } : {}) });

export type Settled<T> = { ok: true; value: T } | { ok: false; error: HeliosError };

/** `a/b` path segments, each URI-encoded. */
export const path = (...segments: (string | number)[]): string =>
  segments.map((s) => encodeURIComponent(String(s))).join('/');

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

function identityToken(): string {
  let token = '';
  try {
    token = ScriptApp.getIdentityToken();
  } catch (error) {
    logError('getIdentityToken failed', error);
  }
  if (!token) {
    throw new HeliosError(
      'unauthenticated',
      'No Google identity token: the add-on needs the openid and userinfo.email scopes.',
    );
  }
  return token;
}

function toFetch(base: string, token: string, req: ApiRequest<unknown>): GasFetchRequest {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  if (req.idempotencyKey) headers['Idempotency-Key'] = req.idempotencyKey;
  const fetch: GasFetchRequest = {
    url: `${base}/api/v1/${req.path}${queryString(req.query)}`,
    method: req.method,
    headers,
    muteHttpExceptions: true,
    followRedirects: false,
  };
  if (req.form) fetch.payload = req.form;
  else if (req.body !== undefined) {
    fetch.contentType = 'application/json';
    fetch.payload = JSON.stringify(req.body);
  }
  return fetch;
}

function header(response: GasHttpResponse, name: string): string | undefined {
  const headers = response.getHeaders();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function kindOf(status: number): HeliosError['kind'] {
  if (status === 400) return 'validation';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  return 'server';
}

function interpret<T>(req: ApiRequest<T>, response: GasHttpResponse): { value: T; status: number } {
  const status = response.getResponseCode();
  const text = response.getContentText();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (status >= 200 && status < 300) {
    const parsed = req.schema.safeParse(status === 204 ? undefined : json);
    if (parsed.success) return { value: parsed.data, status };
    logError(`unexpected answer to ${req.method} ${req.path}`, parsed.error.message);
    throw new HeliosError('bad_response', `Unexpected answer to ${req.method.toUpperCase()} ${req.path}`, {
      status,
    });
  }
  const body = errorBodySchema.safeParse(json);
  const retryAfter = Number(header(response, 'retry-after'));
  if (status < 400 || (status === 404 && !body.success)) {
    // Not Helios answering: a redirect to a login page, a proxy, a wrong path.
    throw new HeliosError(
      'unreachable',
      `The server answered HTTP ${status} but is not a Helios API. Check the server address in Settings.`,
      { status },
    );
  }
  throw new HeliosError(kindOf(status), `HTTP ${status} from ${req.method.toUpperCase()} ${req.path}`, {
    status,
    ...(body.success ? { serverMessage: body.data.error.message, code: body.data.error.code } : {}),
    ...(body.success && body.data.error.details ? { details: body.data.error.details } : {}),
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  });
}

function unreachable(base: string, error: unknown): HeliosError {
  const raw = error instanceof Error ? error.message : String(error);
  logError(`fetch to ${base} failed`, raw);
  const host = base.replace(/^https?:\/\//, '');
  const allowlist = /whitelist|allowlist|permission to call/i.test(raw)
    ? ' The add-on’s manifest (urlFetchWhitelist) does not allow this address: rebuild it with HELIOS_ADDON_BACKEND_URL.'
    : ' The server may be down or the address in Settings may be wrong. Try again in a minute; if it keeps failing, tell your IT admin.';
  return new HeliosError('unreachable', `Could not connect to ${host}.${allowlist}`);
}

function checkBudget(): void {
  if (Date.now() > deadline) throw new HeliosError('timeout', 'Out of time for this action.');
}

function requireBase(base?: string): string {
  const url = base ?? backendUrl();
  if (!url) throw new HeliosError('not_configured', 'No Helios server configured.');
  return url;
}

/** One request; throws HeliosError. `base` overrides the configured server (Settings' test). */
export function call<T>(req: ApiRequest<T>, base?: string): T {
  return callWithStatus(req, base).value;
}

/** One request, with the HTTP status of its success (200 vs 201 tells found from created). */
export function callWithStatus<T>(req: ApiRequest<T>, base?: string): { value: T; status: number } {
  const url = requireBase(base);
  checkBudget();
  const token = identityToken();
  const { url: target, ...params } = toFetch(url, token, req);
  let response: GasHttpResponse;
  try {
    response = UrlFetchApp.fetch(target, params);
  } catch (error) {
    throw unreachable(url, error);
  }
  return interpret(req, response);
}

/** Several requests in parallel (UrlFetchApp.fetchAll), each settled on its own. */
export function callAll<T extends readonly ApiRequest<unknown>[]>(
  reqs: T,
): { [K in keyof T]: Settled<T[K] extends ApiRequest<infer R> ? R : never> } {
  type Out = { [K in keyof T]: Settled<T[K] extends ApiRequest<infer R> ? R : never> };
  if (reqs.length === 0) return [] as unknown as Out;
  const url = requireBase();
  checkBudget();
  const token = identityToken();
  let responses: GasHttpResponse[];
  try {
    responses = UrlFetchApp.fetchAll(reqs.map((r) => toFetch(url, token, r)));
  } catch (error) {
    throw unreachable(url, error);
  }
  return reqs.map((req, i): Settled<unknown> => {
    const response = responses[i];
    if (!response) return { ok: false, error: new HeliosError('bad_response', 'missing response') };
    try {
      return { ok: true, value: interpret(req, response).value };
    } catch (error) {
      if (error instanceof HeliosError) return { ok: false, error };
      throw error;
    }
  }) as unknown as Out;
}

/** The value, or the error thrown. */
export function unwrap<T>(settled: Settled<T>): T {
  if (settled.ok) return settled.value;
  throw settled.error;
}
