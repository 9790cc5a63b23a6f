import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ErrorBody, ErrorDetail } from '@helios/shared';
import { ZodError } from 'zod';
import type { Logger } from '../logger.ts';
import { isDatabaseUnavailable } from '../db/connection.ts';
import { redactUrl } from './redact-url.ts';
import { HttpError, notFound, payloadTooLarge, unavailable, validationFailed } from '../errors.ts';

/** PostgreSQL error fields we translate; pg's DatabaseError carries them. */
interface PgError {
  code: string;
  constraint?: string;
  detail?: string;
  column?: string;
}

const isPgError = (error: unknown): error is PgError =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { code?: unknown }).code === 'string' &&
  /^[0-9A-Z]{5}$/.test((error as { code: string }).code);

/** body-parser marks its errors with `type` and `status`. */
interface BodyParserError {
  type: string;
  status: number;
}
const isBodyParserError = (error: unknown): error is BodyParserError =>
  typeof error === 'object' && error !== null && typeof (error as { type?: unknown }).type === 'string';

/** ZodError → the contract's field errors (`path` dotted, e.g. `gmail.threadId`). */
export function zodDetails(error: ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** Maps anything thrown during a request to an HttpError, without leaking internals. */
export function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof ZodError) {
    const details = zodDetails(error);
    return validationFailed(
      details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; '),
      details,
    );
  }
  if (isBodyParserError(error)) {
    if (error.type === 'entity.parse.failed') return validationFailed('Malformed JSON in request body');
    if (error.type === 'entity.too.large') return payloadTooLarge();
    if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
      return validationFailed('Unsupported request body encoding');
    }
  }
  // A path whose %-encoding does not decode (`/vendors/%FF`): the router marks it a client error.
  if (error instanceof URIError) return validationFailed('Malformed percent-encoding in the request path');
  if (isDatabaseUnavailable(error)) return unavailable();
  if (isPgError(error)) {
    // Constraint violations are the client's doing (a duplicate, a dangling id, an invalid value);
    // everything else from the database is ours and stays a 500.
    switch (error.code) {
      case '23505':
        return new HttpError(409, 'conflict', 'A record with the same unique value already exists');
      case '23503':
        return validationFailed('A referenced record does not exist or is still referenced');
      case '23514':
      case '23502':
      case '22001':
      case '22003':
      case '22007':
      case '22008':
      case '22P02':
      case '22021':
      case '22P05':
      case '54000':
        return validationFailed('A value is out of range or of the wrong form');
      default:
        return undefined;
    }
  }
  return undefined;
}

/** Unknown routes get the error shape too. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(notFound(`No route for ${req.method} ${req.path}`));
};

/** The last middleware: every error leaves as `{ error: { code, message, details? } }`. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const httpError = toHttpError(error);
    if (httpError?.code === 'unavailable') {
      // Expected during a database restart or failover: one line, no stack.
      logger.warn(
        { method: req.method, path: req.path, reason: (error as Error).message },
        'database unavailable',
      );
    } else if (!httpError || httpError.status >= 500) {
      logger.error({ err: error, method: req.method, path: redactUrl(req.path) }, 'request failed');
    }
    const status = httpError?.status ?? 500;
    const body: ErrorBody = {
      error: httpError
        ? {
            code: httpError.code,
            message: httpError.message,
            ...(httpError.details && httpError.details.length > 0 ? { details: httpError.details } : {}),
          }
        : { code: 'internal', message: 'Internal server error' },
    };
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(httpError?.headers ?? {})) res.setHeader(name, value);
    res.status(status).json(body);
  };
}
