// The retry policy of every Google call (google.md, "Retries"), against a fake operation: which
// failures are retried, how many attempts, Retry-After, and the jittered backoff bounds. The last
// block classifies the errors the real transport (gaxios) raises, from a loopback server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gaxios } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backoffDelay,
  classifyError,
  DEFAULT_RETRY_POLICY,
  errorReason,
  parseRetryAfter,
  resolvePolicy,
  TransientError,
  withRetry,
  type RetryAttempt,
  type RetryOptions,
} from '../src/modules/directory-sync/providers/google/retry.ts';

/** An error shaped like gaxios' GaxiosError for an HTTP answer. */
function httpError(status: number, reason?: string, headers: Record<string, string> = {}): Error {
  const error = new Error(`Request failed with status code ${status}`);
  const data =
    reason === undefined
      ? ''
      : { error: { code: status, message: reason, errors: [{ message: reason, domain: 'global', reason }] } };
  return Object.assign(error, { status, response: { status, data, headers: new Headers(headers) } });
}

/** An error shaped like a network failure (no response). */
function networkError(code: string, message = `connect ${code}`): Error {
  return Object.assign(new Error(`request to https://admin.googleapis.com failed, reason: ${message}`), {
    code,
  });
}

interface Harness {
  options: RetryOptions;
  sleeps: number[];
  retries: RetryAttempt[];
}

function harness(overrides: RetryOptions = {}): Harness {
  const sleeps: number[] = [];
  const retries: RetryAttempt[] = [];
  return {
    sleeps,
    retries,
    options: {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      now: () => Date.parse('2026-01-01T00:00:00Z'),
      onRetry: (attempt) => retries.push(attempt),
      ...overrides,
    },
  };
}

/** A fake operation that fails with the given errors in turn, then answers `ok`. */
function failing(...errors: unknown[]) {
  let calls = 0;
  const operation = async (attempt: number) => {
    calls++;
    expect(attempt).toBe(calls);
    const error = errors.shift();
    if (error !== undefined) throw error;
    return 'ok';
  };
  return { operation, calls: () => calls };
}

/** Runs an operation that always fails with `error`; returns how many attempts were made. */
async function attemptsFor(error: unknown, overrides: RetryOptions = {}): Promise<number> {
  const { options } = harness(overrides);
  let calls = 0;
  await expect(
    withRetry(async () => {
      calls++;
      throw error;
    }, options),
  ).rejects.toBe(error);
  return calls;
}

describe('Google retry policy: what is retried', () => {
  it.each([
    ['429 rateLimitExceeded', httpError(429, 'rateLimitExceeded')],
    ['429 without a body', httpError(429)],
    ['403 rateLimitExceeded', httpError(403, 'rateLimitExceeded')],
    ['403 userRateLimitExceeded', httpError(403, 'userRateLimitExceeded')],
    ['403 quotaExceeded', httpError(403, 'quotaExceeded')],
    ['500 backendError', httpError(500, 'backendError')],
    ['502 without a body', httpError(502)],
    ['503 backendError', httpError(503, 'backendError')],
    ['504', httpError(504)],
    ['599', httpError(599)],
    ['ECONNRESET', networkError('ECONNRESET', 'socket hang up')],
    ['ECONNREFUSED', networkError('ECONNREFUSED')],
    ['ETIMEDOUT', networkError('ETIMEDOUT')],
    ['EPIPE', networkError('EPIPE')],
    ['EAI_AGAIN', networkError('EAI_AGAIN')],
    ['undici socket error', networkError('UND_ERR_SOCKET', 'other side closed')],
    ['premature close', networkError('ERR_STREAM_PREMATURE_CLOSE', 'Premature close')],
    ['socket hang up without a code', new Error('socket hang up')],
    [
      'a timeout (DOMException)',
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
    ],
    [
      'a network code on the cause',
      new Error('fetch failed', {
        cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      }),
    ],
    ['a TransientError', new TransientError('body cut off')],
  ])('retries %s until the attempts run out (6 by default)', async (_name, error) => {
    expect(classifyError(error).retryable).toBe(true);
    expect(await attemptsFor(error)).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
  });

  it.each([
    ['400 invalid', httpError(400, 'invalid')],
    ['400 invalid_grant (token endpoint)', httpError(400)],
    ['401 authError', httpError(401, 'authError')],
    ['403 forbidden', httpError(403, 'forbidden')],
    ['403 insufficientPermissions', httpError(403, 'insufficientPermissions')],
    ['403 dailyLimitExceeded (not in the list)', httpError(403, 'dailyLimitExceeded')],
    ['403 without a reason', httpError(403)],
    ['404 notFound', httpError(404, 'notFound')],
    ['408', httpError(408)],
    ['409 duplicate', httpError(409, 'duplicate')],
    ['412', httpError(412, 'conditionNotMet')],
    ['a programming error', new TypeError('Cannot read properties of undefined')],
    ['an unknown network code', networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND admin.googleapis.com')],
    ['a user abort', new DOMException('This operation was aborted', 'AbortError')],
    ['a string', 'boom'],
    ['null', null],
  ])('fails at once on %s', async (_name, error) => {
    expect(classifyError(error).retryable).toBe(false);
    expect(await attemptsFor(error)).toBe(1);
  });

  it('reads the reason where googleapis puts it: response.data.error.errors[0].reason', () => {
    expect(classifyError(httpError(403, 'quotaExceeded'))).toEqual({
      retryable: true,
      status: 403,
      reason: 'quotaExceeded',
    });
    expect(classifyError(httpError(403, 'forbidden'))).toEqual({
      retryable: false,
      status: 403,
      reason: 'forbidden',
    });
    // Only the first error counts.
    const mixed = httpError(403, 'forbidden');
    (
      mixed as unknown as { response: { data: { error: { errors: unknown[] } } } }
    ).response.data.error.errors.push({
      reason: 'rateLimitExceeded',
    });
    expect(classifyError(mixed).retryable).toBe(false);
  });

  it('understands error bodies left as text and OAuth token errors', () => {
    expect(errorReason(JSON.stringify({ error: { errors: [{ reason: 'userRateLimitExceeded' }] } }))).toBe(
      'userRateLimitExceeded',
    );
    expect(errorReason({ error: 'invalid_grant', error_description: 'Invalid JWT' })).toBe('invalid_grant');
    expect(errorReason('<html>Bad gateway</html>')).toBeUndefined();
    expect(errorReason(undefined)).toBeUndefined();
    expect(errorReason({ error: { code: 500 } })).toBeUndefined();
    const text = httpError(403);
    (text as unknown as { response: { data: unknown } }).response.data = JSON.stringify({
      error: { errors: [{ reason: 'rateLimitExceeded' }] },
    });
    expect(classifyError(text).retryable).toBe(true);
  });

  it('stops retrying as soon as the error becomes non-retryable', async () => {
    const { options, sleeps } = harness();
    const forbidden = httpError(403, 'forbidden');
    const fake = failing(httpError(503, 'backendError'), httpError(429), forbidden, httpError(503));
    await expect(withRetry(fake.operation, options)).rejects.toBe(forbidden);
    expect(fake.calls()).toBe(3);
    expect(sleeps).toHaveLength(2);
  });
});

describe('Google retry policy: attempts and outcome', () => {
  it('returns the first success without waiting', async () => {
    const { options, sleeps } = harness();
    const fake = failing();
    await expect(withRetry(fake.operation, options)).resolves.toBe('ok');
    expect(fake.calls()).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('recovers after retryable failures and reports each retry', async () => {
    const { options, sleeps, retries } = harness();
    const fake = failing(httpError(503, 'backendError'), networkError('ECONNRESET'), httpError(429));
    await expect(withRetry(fake.operation, options)).resolves.toBe('ok');
    expect(fake.calls()).toBe(4);
    expect(sleeps).toHaveLength(3);
    expect(
      retries.map((r) => [r.attempt, r.maxAttempts, r.classification.status ?? r.classification.code]),
    ).toEqual([
      [1, 6, 503],
      [2, 6, 'ECONNRESET'],
      [3, 6, 429],
    ]);
    expect(retries.map((r) => r.delayMs)).toEqual(sleeps);
  });

  it('succeeds on the very last attempt', async () => {
    const { options } = harness();
    const errors = Array.from({ length: 5 }, () => httpError(500));
    const fake = failing(...errors);
    await expect(withRetry(fake.operation, options)).resolves.toBe('ok');
    expect(fake.calls()).toBe(6);
  });

  it('rethrows the last error unchanged when the attempts run out', async () => {
    const { options, sleeps } = harness();
    const errors = Array.from({ length: 6 }, (_, i) => httpError(503, `backendError${i}`));
    const last = errors[5];
    const fake = failing(...errors);
    await expect(withRetry(fake.operation, options)).rejects.toBe(last);
    expect(fake.calls()).toBe(6);
    expect(sleeps).toHaveLength(5); // no wait after the last attempt
  });

  it.each([1, 5, 7])('honours maxAttempts = %i', async (maxAttempts) => {
    expect(await attemptsFor(httpError(503), { maxAttempts })).toBe(maxAttempts);
  });

  it("keeps the default inside google.md's 5–7 tries", () => {
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThanOrEqual(5);
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeLessThanOrEqual(7);
  });

  it('rejects nonsensical policies', () => {
    expect(() => resolvePolicy({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => resolvePolicy({ maxAttempts: 2.5 })).toThrow(RangeError);
    expect(() => resolvePolicy({ baseDelayMs: -1 })).toThrow(RangeError);
    expect(() => resolvePolicy({ maxDelayMs: Number.NaN })).toThrow(RangeError);
    expect(resolvePolicy({ maxAttempts: 5 })).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 5 });
  });

  it('waits with the real timer when no sleep is injected', async () => {
    const fake = failing(httpError(503));
    const started = performance.now();
    await expect(withRetry(fake.operation, { baseDelayMs: 20, random: () => 0.999 })).resolves.toBe('ok');
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
  });
});

describe('Google retry policy: backoff with full jitter', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles the ceiling per attempt up to maxDelayMs', () => {
    const top = () => 1 - Number.EPSILON;
    expect([1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelay(attempt, policy, top))).toEqual([
      99, 199, 399, 799, 999, 999, 999,
    ]);
  });

  it('spreads uniformly from 0 to the ceiling', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.25)).toBe(100);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
  });

  it('stays within [0, ceiling) for any random value, even out-of-range ones', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      for (const r of [0, 0.1, 0.3333, 0.5, 0.9, 0.999999, -3, 7]) {
        const delay = backoffDelay(attempt, policy, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(ceiling);
        expect(Number.isInteger(delay)).toBe(true);
      }
    }
  });

  it('uses the jittered delays between attempts, bounded by the policy', async () => {
    const randoms = [0.9, 0.1, 0.5, 0.7, 0.3];
    const { options, sleeps } = harness({
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      random: () => randoms.shift() ?? 0,
    });
    await expect(
      withRetry(async () => {
        throw httpError(503);
      }, options),
    ).rejects.toThrow();
    expect(sleeps).toEqual([90, 20, 200, 560, 300]);
  });

  it('with Math.random, every delay stays under its ceiling', async () => {
    const { options, sleeps } = harness({
      baseDelayMs: 50,
      maxDelayMs: 400,
      random: Math.random,
      maxAttempts: 7,
    });
    for (let run = 0; run < 20; run++) {
      sleeps.length = 0;
      await expect(
        withRetry(async () => {
          throw httpError(429);
        }, options),
      ).rejects.toThrow();
      expect(sleeps).toHaveLength(6);
      sleeps.forEach((ms, i) => {
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThan(Math.min(400, 50 * 2 ** i));
      });
    }
  });
});

describe('Google retry policy: Retry-After', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('parses delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter(' 2 ', now)).toBe(2_000);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0); // in the past
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('waits at least Retry-After seconds', async () => {
    const { options, sleeps } = harness({ random: () => 0 });
    const fake = failing(httpError(429, 'rateLimitExceeded', { 'retry-after': '3' }));
    await expect(withRetry(fake.operation, options)).resolves.toBe('ok');
    expect(sleeps).toEqual([3_000]);
  });

  it('waits until a Retry-After HTTP date', async () => {
    const { options, sleeps } = harness({ random: () => 0 });
    const fake = failing(httpError(503, 'backendError', { 'Retry-After': 'Thu, 01 Jan 2026 00:00:12 GMT' }));
    await expect(withRetry(fake.operation, options)).resolves.toBe('ok');
    expect(sleeps).toEqual([12_000]);
  });

  it('keeps the jittered backoff when it is longer than Retry-After', async () => {
    const { options, sleeps } = harness({ random: () => 0.5, baseDelayMs: 10_000 });
    const fake = failing(httpError(429, undefined, { 'retry-after': '1' }));
    await expect(withRetry(fake.operation, options)).resolves.toBe('ok');
    expect(sleeps).toEqual([5_000]);
  });

  it('also honours Retry-After on 403 quota errors', async () => {
    const { options, sleeps } = harness({ random: () => 0 });
    const fake = failing(httpError(403, 'userRateLimitExceeded', { 'retry-after': '4' }));
    await expect(withRetry(fake.operation, options)).resolves.toBe('ok');
    expect(sleeps).toEqual([4_000]);
  });

  it('gives up at once when Retry-After is beyond maxRetryAfterMs', async () => {
    const error = httpError(429, 'rateLimitExceeded', { 'retry-after': '3600' });
    expect(await attemptsFor(error)).toBe(1);
    expect(await attemptsFor(error, { maxRetryAfterMs: 4_000_000 })).toBe(6);
  });

  it('ignores Retry-After on errors that are not retried', async () => {
    const error = httpError(404, 'notFound', { 'retry-after': '1' });
    expect(classifyError(error, now)).toEqual({ retryable: false, status: 404, reason: 'notFound' });
  });

  it('reads Retry-After from plain header objects too', () => {
    const error = Object.assign(new Error('429'), {
      response: { status: 429, data: '', headers: { 'Retry-After': '2' } },
    });
    expect(classifyError(error, now)).toMatchObject({ retryable: true, status: 429, retryAfterMs: 2_000 });
  });
});

describe('Google retry policy: errors raised by the real transport (gaxios)', () => {
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
        res.end(JSON.stringify(body));
      };
      const googleError = (status: number, reason: string) => ({
        error: { code: status, message: reason, errors: [{ message: reason, domain: 'global', reason }] },
      });
      switch (req.url) {
        case '/quota':
          return reply(403, googleError(403, 'quotaExceeded'), { 'retry-after': '2' });
        case '/forbidden':
          return reply(403, googleError(403, 'forbidden'));
        case '/not-found':
          return reply(404, googleError(404, 'notFound'));
        case '/unavailable':
          return reply(503, googleError(503, 'backendError'));
        case '/token':
          return reply(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
        case '/drop':
          req.socket.destroy();
          return;
        case '/cut': {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
          res.write('{"users":[{"id":"1"');
          setTimeout(() => req.socket.destroy(), 10);
          return;
        }
        default:
          return reply(200, {});
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const transport = new gaxios.Gaxios({ retry: false });
  const errorOf = async (path: string): Promise<unknown> => {
    try {
      await transport.request({ url: `${origin}${path}`, responseType: 'json' });
    } catch (error) {
      return error;
    }
    throw new Error(`${path} did not fail`);
  };

  it.each([
    ['/quota', { retryable: true, status: 403, reason: 'quotaExceeded', retryAfterMs: 2_000 }],
    ['/unavailable', { retryable: true, status: 503, reason: 'backendError' }],
    ['/forbidden', { retryable: false, status: 403, reason: 'forbidden' }],
    ['/not-found', { retryable: false, status: 404, reason: 'notFound' }],
    ['/token', { retryable: false, status: 400, reason: 'invalid_grant' }],
  ])('%s', async (path, expected) => {
    expect(classifyError(await errorOf(path))).toEqual(expected);
  });

  it('a dropped connection', async () => {
    expect(classifyError(await errorOf('/drop'))).toMatchObject({ retryable: true });
  });

  it('a body cut off mid-stream', async () => {
    expect(classifyError(await errorOf('/cut'))).toMatchObject({ retryable: true });
  });

  it('a stalled connection that hits the request timeout', async () => {
    const stalled = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    try {
      const port = (stalled.address() as AddressInfo).port;
      const error = await transport
        .request({ url: `http://127.0.0.1:${port}/`, timeout: 50 })
        .catch((e: unknown) => e);
      expect(classifyError(error)).toMatchObject({ retryable: true, code: 'TimeoutError' });
    } finally {
      stalled.closeAllConnections();
      await new Promise((resolve) => stalled.close(resolve));
    }
  });

  it('a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await transport.request({ url: `http://127.0.0.1:${port}/` }).catch((e: unknown) => e);
    expect(classifyError(error)).toMatchObject({ retryable: true, code: 'ECONNREFUSED' });
  });
});
