import type { ErrorBody, ErrorCode } from '@helios/shared';

/** An API refusal with the contract's error shape (code, message, per-field details). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network';
  readonly details: { path: string; message: string }[];
  constructor(
    status: number,
    code: ErrorCode | 'network',
    message: string,
    details: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface Envelope<T> {
  data: T;
  nextCursor?: string | null;
}

/**
 * One fetch for the whole console: same origin, the session cookie rides along (credentials:
 * 'same-origin'), JSON in and out, and failures become ApiError with the server's own message so
 * every error state can say what happened.
 */
export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<Envelope<T>> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(
      0,
      'network',
      'Helios cannot be reached. Check that the server is running, then retry.',
    );
  }
  if (response.status === 204) return { data: undefined as T };
  const text = await response.text();
  const json: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    if (isErrorBody(json)) {
      const { code, message, details } = json.error;
      throw new ApiError(response.status, code, message, details ?? []);
    }
    throw new ApiError(response.status, 'internal', `The server answered ${response.status}.`);
  }
  return json as Envelope<T>;
}

// A shape check rather than errorBodySchema.parse: it keeps zod out of the first screen's bundle
// (forms load it with their page); the server's answers are already checked against the schema.
function isErrorBody(value: unknown): value is ErrorBody {
  const error = (value as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const isUnauthenticated = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 401;
