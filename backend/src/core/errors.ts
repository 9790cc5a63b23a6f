import type { ErrorCode, ErrorDetail } from '@helios/shared';

/**
 * An error that becomes an HTTP response with the contract's error shape. Throw one of the
 * factories below from anywhere in a request; the error handler renders it.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  readonly headers: Record<string, string> | undefined;
  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    details?: ErrorDetail[],
    headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

export const validationFailed = (message: string, details?: ErrorDetail[]): HttpError =>
  new HttpError(400, 'validation_failed', message, details);
export const invalidLink = (message: string): HttpError => new HttpError(400, 'invalid_link', message);
export const unauthenticated = (message = 'Authentication required'): HttpError =>
  new HttpError(401, 'unauthenticated', message, undefined, { 'WWW-Authenticate': 'Bearer' });
export const forbidden = (message = 'You are not allowed to do this'): HttpError =>
  new HttpError(403, 'forbidden', message);
export const notFound = (message = 'Not found'): HttpError => new HttpError(404, 'not_found', message);
export const conflict = (message: string): HttpError => new HttpError(409, 'conflict', message);
export const payloadTooLarge = (message = 'Request body is too large'): HttpError =>
  new HttpError(413, 'payload_too_large', message);
export const rateLimited = (retryAfterSeconds: number): HttpError =>
  new HttpError(429, 'rate_limited', `Too many requests; retry in ${retryAfterSeconds} s`, undefined, {
    'Retry-After': String(retryAfterSeconds),
  });

/** The database cannot be reached (a restart, a failover): try again shortly. */
export const unavailable = (retryAfterSeconds = 5): HttpError =>
  new HttpError(503, 'unavailable', 'The database is unavailable right now; try again shortly', undefined, {
    'Retry-After': String(retryAfterSeconds),
  });

/** Work the request waited on ran past its time limit and was stopped (the add-on preview's 30 s). */
export const timedOut = (message: string): HttpError => new HttpError(504, 'timed_out', message);
