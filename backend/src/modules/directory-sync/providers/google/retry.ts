// The one retry policy for every Google call (google.md, "Retries"): exponential backoff with full
// jitter, `Retry-After` honoured, and exactly these errors retried:
//   - HTTP 429 (any reason),
//   - HTTP 403 whose reason is rateLimitExceeded / userRateLimitExceeded / quotaExceeded,
//   - HTTP 5xx,
//   - network failures without a response (connection reset / refused / dropped, socket hang up,
//     timeouts, a body cut off mid-stream) and TransientError.
// Everything else — 400, 401, 403 forbidden (or any other reason), 404, programming errors — fails
// at once. googleapis/gaxios' own retry is switched off (transport.ts), so this is the only policy.
import { setTimeout as delay } from 'node:timers/promises';

export interface RetryPolicy {
  /** Attempts in total, the first one included (google.md: 5–7). */
  maxAttempts: number;
  /** Backoff ceiling of the first retry; doubles per attempt (before jitter). */
  baseDelayMs: number;
  /** Upper bound of the backoff ceiling. */
  maxDelayMs: number;
  /**
   * A `Retry-After` longer than this is not waited out: the call fails at once (the next scheduled
   * run repairs), rather than holding a sync for an hour.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/** Google's legacy error reasons that mean "slow down", sent with 403. */
export const RETRYABLE_403_REASONS: readonly string[] = [
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'quotaExceeded',
];

/** Error codes (Node system errors, undici, node-fetch, DOMException names) of transient failures. */
export const RETRYABLE_NETWORK_CODES: readonly string[] = [
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  'TimeoutError',
];

const RETRYABLE_NETWORK_MESSAGES = /socket hang up|premature close|other side closed|ECONNRESET|ETIMEDOUT/i;

/** A failure known to be transient (e.g. a page whose JSON body was cut off). Always retried. */
export class TransientError extends Error {
  override name = 'TransientError';
}

export interface ErrorClassification {
  retryable: boolean;
  /** HTTP status when the server answered. */
  status?: number;
  /** Google's `error.errors[0].reason`, or the OAuth `error` code of a token response. */
  reason?: string;
  /** Network error code when there was no response. */
  code?: string;
  /** Delay the server asked for (`Retry-After`), in ms. */
  retryAfterMs?: number;
}

export interface RetryAttempt {
  /** The attempt that failed (1-based). */
  attempt: number;
  maxAttempts: number;
  /** How long the wrapper waits before the next attempt. */
  delayMs: number;
  error: unknown;
  classification: ErrorClassification;
}

export interface RetryOptions extends Partial<RetryPolicy> {
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests: uniform in [0, 1). */
  random?: () => number;
  /** Injectable for tests: epoch ms, for `Retry-After` HTTP dates. */
  now?: () => number;
  /** Called before each wait (for logging). */
  onRetry?: (attempt: RetryAttempt) => void;
}

/**
 * Runs `operation` until it succeeds, fails with a non-retryable error, or `maxAttempts` attempts
 * have failed; the last error is rethrown unchanged. `operation` gets the 1-based attempt number.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const policy = resolvePolicy(options);
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      const classification = classifyError(error, now());
      if (!classification.retryable || attempt >= policy.maxAttempts) throw error;
      const { retryAfterMs } = classification;
      if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) throw error;
      const jittered = backoffDelay(attempt, policy, random);
      const delayMs = retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
      options.onRetry?.({ attempt, maxAttempts: policy.maxAttempts, delayMs, error, classification });
      await sleep(delayMs);
    }
  }
}

export function resolvePolicy(options: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy: RetryPolicy = {
    maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
    baseDelayMs: options.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs,
  };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(`retry maxAttempts must be an integer >= 1 (got ${policy.maxAttempts})`);
  }
  for (const key of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    if (!Number.isFinite(policy[key]) || policy[key] < 0) {
      throw new RangeError(`retry ${key} must be a finite number >= 0 (got ${policy[key]})`);
    }
  }
  return policy;
}

/**
 * Full jitter ("Exponential Backoff And Jitter", AWS architecture blog): uniform in
 * [0, min(maxDelayMs, baseDelayMs · 2^(attempt−1))).
 */
export function backoffDelay(
  attempt: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms from `now`; undefined when absent/invalid. */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse alone would take "-5" as a year.
  if (!/^[A-Za-z]{3},? /.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Decides whether an error from a Google call (gaxios/googleapis or the network) is retryable. */
export function classifyError(error: unknown, now: number = Date.now()): ErrorClassification {
  if (error instanceof TransientError) return { retryable: true };
  const response = field(error, 'response');
  const status = numberOr(field(response, 'status')) ?? numberOr(field(error, 'status'));
  if (status !== undefined && status >= 100) {
    const reason = errorReason(field(response, 'data'));
    const retryAfterMs = parseRetryAfter(header(field(response, 'headers'), 'retry-after'), now);
    const retryable =
      status === 429 ||
      (status === 403 && reason !== undefined && RETRYABLE_403_REASONS.includes(reason)) ||
      (status >= 500 && status <= 599);
    return withoutUndefined({
      retryable,
      status,
      reason,
      retryAfterMs: retryable ? retryAfterMs : undefined,
    });
  }
  // No response: a network failure, a timeout — or a bug, which must not be retried.
  for (let current: unknown = error, depth = 0; current != null && depth < 6; depth++) {
    const code = field(current, 'code');
    if (typeof code === 'string' && RETRYABLE_NETWORK_CODES.includes(code)) return { retryable: true, code };
    const name = field(current, 'name');
    if (name === 'TimeoutError') return { retryable: true, code: 'TimeoutError' };
    if (name === 'AbortError') return { retryable: false, code: 'AbortError' };
    const message = field(current, 'message');
    if (typeof message === 'string' && RETRYABLE_NETWORK_MESSAGES.test(message)) {
      return withoutUndefined({ retryable: true, code: typeof code === 'string' ? code : undefined });
    }
    current = field(current, 'cause');
  }
  const code = field(error, 'code');
  return withoutUndefined({ retryable: false, code: typeof code === 'string' ? code : undefined });
}

/** `error.errors[0].reason` of a Google error body, or `error` of an OAuth token error body. */
export function errorReason(data: unknown): string | undefined {
  let body = data;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      return undefined;
    }
  }
  const error = field(body, 'error');
  if (typeof error === 'string') return error;
  const errors = field(error, 'errors');
  if (Array.isArray(errors)) {
    const reason = field(errors[0], 'reason');
    if (typeof reason === 'string') return reason;
  }
  return undefined;
}

function field(value: unknown, key: string): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
  return (value as Record<string, unknown>)[key];
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function header(headers: unknown, name: string): string | undefined {
  if (headers == null || typeof headers !== 'object') return undefined;
  const get = field(headers, 'get');
  if (typeof get === 'function') {
    const value: unknown = get.call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

/** The classification without its undefined fields (so it reads and compares cleanly). */
function withoutUndefined(value: ErrorClassification): ErrorClassification {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as unknown as ErrorClassification;
}

/** What a provider client logs on a retry (a pino logger fits). */
export interface RetryLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * One provider call under the retry policy, the way every provider client makes them: each retry
 * logged (operation, attempt, delay and the classified cause — never a secret), and the final
 * error wrapped by `wrap` with the number of attempts made.
 */
export async function retriedCall<T>(
  operation: string,
  fn: () => Promise<T>,
  options: {
    retry?: RetryOptions | undefined;
    logger?: RetryLogger | undefined;
    /** e.g. "Google request failed; retrying" */
    message: string;
    /** The error code to log when the classification has none (e.g. Graph's body code). */
    codeOf?: (error: unknown) => string | undefined;
    wrap: (operation: string, attempts: number, error: unknown) => Error;
  },
): Promise<T> {
  let attempts = 0;
  try {
    return await withRetry(
      (attempt) => {
        attempts = attempt;
        return fn();
      },
      {
        ...options.retry,
        onRetry: (info) => {
          options.logger?.warn(
            {
              operation,
              attempt: info.attempt,
              maxAttempts: info.maxAttempts,
              delayMs: info.delayMs,
              status: info.classification.status,
              reason: info.classification.reason,
              code: info.classification.code ?? options.codeOf?.(info.error),
            },
            options.message,
          );
          options.retry?.onRetry?.(info);
        },
      },
    );
  } catch (error) {
    throw options.wrap(operation, attempts, error);
  }
}
