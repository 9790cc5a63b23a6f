import type { RequestHandler } from 'express';
import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '../errors.ts';
import { actorOf } from './context.ts';

/**
 * Rate limits, counted in the database (table `rate_limits` on the app's own pool) so N replicas
 * enforce one budget, not N. Three budgets:
 *
 * - **per actor** (every API key of a user shares it), after authentication: a busy add-on user is limited as a person,
 *   whatever IP they come from — every add-on request arrives from a handful of Google Apps Script
 *   addresses, so an IP budget would make all users share one;
 * - **failed authentications per address**, counted when a request *fails* (never on arrival, never
 *   for a request with a valid credential, which is never refused by this budget);
 * - **unauthenticated routes per address** (the public ticket view).
 *
 * The two budgets every request spends (per actor, per address) are counted in this process and
 * shared in the background (`sharedWindow`): no request writes a row before it is served, so
 * concurrent requests of one user do not queue on that user's counter row. Failed authentications
 * are rare and must be exact across replicas at once: counted in the database by
 * rate-limiter-flexible's PostgreSQL store.
 *
 * If the database cannot be asked, each budget is kept in this process alone (for failures an
 * in-memory limiter of the same size, the store's insurance), so an outage never turns rate
 * limiting into errors.
 */

export interface RateLimits {
  /** Requests per minute from one address to unauthenticated routes. */
  perIpPerMinute: number;
  /** Requests per minute for one authenticated user, whatever credential (API keys included). */
  perActorPerMinute: number;
  /** Failed authentications from one address per 15 minutes. */
  authFailuresPer15Minutes: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  perIpPerMinute: 1200,
  perActorPerMinute: 600,
  authFailuresPer15Minutes: 30,
};

export interface Limiter {
  /** Counts one request for `key`; throws the contract's 429 once the budget is spent. */
  consume(key: string): Promise<void>;
}

/** A limiter of `points` per `seconds`, stored in `rate_limits` under `prefix:` keys. */
function limiter(pool: pg.Pool, prefix: string, points: number, seconds: number): Limiter {
  const store = new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    tableName: 'rate_limits',
    tableCreated: true, // by the migration
    keyPrefix: prefix,
    points,
    duration: seconds,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: prefix, points, duration: seconds }),
  });
  return {
    async consume(key) {
      try {
        await store.consume(key);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          throw rateLimited(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
        }
        throw rejection;
      }
    },
  };
}

/** How long counted requests wait in a process before they are added to the shared counter. */
const FLUSH_MS = 100;

interface WindowCount {
  /** The window (`Date.now()` / its length, rounded down) these counts are of. */
  window: number;
  /** The shared total (every replica) as of this process's last flush, its own flushed requests included. */
  known: number;
  /** Counted here, being added to the shared row now. */
  flushing: number;
  /** Counted here, not yet sent. */
  pending: number;
  /** Whether this process has read the shared total of this window yet. */
  synced: boolean;
}

/**
 * A budget of `points` per fixed window of `seconds`, counted in this process and added to one
 * shared row per key and window (`rate_limits`, key `prefix:key:window`) by one statement per
 * flush for every key at once — at most every FLUSH_MS while requests come, never on a request's
 * path except the first of a key in a window in this process, which waits for the shared total
 * (so a budget another replica has spent is refused from the start).
 *
 * The trade-off: one process enforces its budget exactly; N replicas can together exceed a budget
 * by what the others counted in their last FLUSH_MS — a user's requests in one tenth of a second
 * on each other replica — and a window turns every `seconds` on the clock (a user may spend a
 * budget at the end of one window and again at the start of the next, as with any fixed window).
 * If the shared row cannot be written the counts stay here and are sent by the next flush.
 */
export function sharedWindow(
  pool: pg.Pool,
  prefix: string,
  points: number,
  seconds: number,
  flushMs = FLUSH_MS,
): Limiter & { flush(): Promise<void> } {
  const counts = new Map<string, WindowCount>();
  const windowMs = seconds * 1000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let cleaned = -1;

  const refuse = (c: WindowCount): never => {
    const msLeft = (c.window + 1) * windowMs - Date.now();
    throw rateLimited(Math.max(1, Math.ceil(msLeft / 1000)));
  };
  const used = (c: WindowCount) => c.known + c.flushing + c.pending;

  async function send(): Promise<void> {
    const now = Math.floor(Date.now() / windowMs);
    const batch: { key: string; count: WindowCount; n: number }[] = [];
    for (const [key, c] of counts) {
      if (c.window < now) counts.delete(key);
      else if (c.pending > 0) {
        batch.push({ key, count: c, n: c.pending });
        c.flushing += c.pending;
        c.pending = 0;
      }
    }
    if (cleaned < now) {
      // Rows of windows gone by are worth nothing: deleted once per window by each process (one
      // indexed statement), so the table holds about one row per active key.
      cleaned = now;
      await pool
        .query('DELETE FROM rate_limits WHERE expire <= $1 AND key LIKE $2', [now * windowMs, `${prefix}:%`])
        .catch(() => undefined);
    }
    if (batch.length === 0) return;
    // Sorted, so two replicas' flushes lock shared rows in one order (never a deadlock).
    batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const rowKey = (b: (typeof batch)[number]) => `${prefix}:${b.key}:${b.count.window}`;
    try {
      const { rows } = await pool.query<{ key: string; points: number }>(
        `INSERT INTO rate_limits (key, points, expire)
         SELECT k, n, e FROM unnest($1::text[], $2::int[], $3::bigint[]) AS v(k, n, e)
         ON CONFLICT (key) DO UPDATE SET points = rate_limits.points + excluded.points
         RETURNING key, points`,
        [batch.map(rowKey), batch.map((b) => b.n), batch.map((b) => (b.count.window + 1) * windowMs)],
      );
      const totals = new Map(rows.map((r) => [r.key, Number(r.points)]));
      for (const b of batch) {
        b.count.flushing -= b.n;
        b.count.known = totals.get(rowKey(b)) ?? b.count.known + b.n;
        b.count.synced = true;
      }
    } catch {
      // The database is away: the counts wait here for the next flush; meanwhile this process
      // enforces the budget on what it knows.
      for (const b of batch) {
        b.count.flushing -= b.n;
        b.count.pending += b.n;
        b.count.synced = true;
      }
    }
  }

  /** One flush at a time; a flush asked for while one runs runs after it. */
  async function flush(): Promise<void> {
    while (running) await running;
    running = send().finally(() => {
      running = undefined;
    });
    await running;
  }

  function schedule(): void {
    timer ??= setTimeout(() => {
      timer = undefined;
      void flush();
    }, flushMs).unref();
  }

  return {
    flush,
    async consume(key) {
      const window = Math.floor(Date.now() / windowMs);
      let c = counts.get(key);
      if (!c || c.window !== window) {
        c = { window, known: 0, flushing: 0, pending: 0, synced: false };
        counts.set(key, c);
      }
      if (used(c) >= points) refuse(c);
      c.pending++;
      if (c.synced) {
        schedule();
        return;
      }
      // The first request of this key in this window here: learn what the other replicas spent.
      await flush();
      if (used(c) > points) refuse(c);
    },
  };
}

/** `ip:<address>`, IPv6 grouped by /56 (one customer's whole allocation is one address here). */
export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+\.\d+)$/.exec(ip)?.[1];
  if (v4) return v4;
  const groups = ip.split(':');
  return `${groups.slice(0, 4).join(':')}::/56`;
}

export interface RateLimiters {
  /** After authentication: per user and per API key. */
  perActor: RequestHandler;
  /** Counts a failed authentication of this address; throws 429 once too many failed. */
  failedAuthentication(ip: string | undefined): Promise<void>;
  /** Unauthenticated routes: per address. */
  perAddress: RequestHandler;
}

export function rateLimiters(pool: pg.Pool, limits: RateLimits): RateLimiters {
  // One budget per user. An API key's requests are a subset of its user's, so a per-key budget of
  // the same size could never refuse first; it cost a second database round trip on every request.
  const actors = sharedWindow(pool, 'actor-window', limits.perActorPerMinute, 60);
  const failures = limiter(pool, 'auth-fail', limits.authFailuresPer15Minutes, 15 * 60);
  const addresses = sharedWindow(pool, 'public-window', limits.perIpPerMinute, 60);
  return {
    perActor: async (req, _res, next) => {
      await actors.consume(String(actorOf(req).userId));
      next();
    },
    failedAuthentication: (ip) => failures.consume(addressKey(ip)),
    perAddress: async (req, _res, next) => {
      await addresses.consume(addressKey(req.ip));
      next();
    },
  };
}
