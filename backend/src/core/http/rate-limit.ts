import type { RequestHandler } from 'express';
import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '../errors.ts';
import { actorOf } from './context.ts';

/**
 * Rate limits, counted in the database (rate-limiter-flexible's PostgreSQL store on the app's own
 * pool, table `rate_limits`) so N replicas enforce one budget, not N. Three budgets:
 *
 * - **per actor** (every API key of a user shares it), after authentication: a busy add-on user is limited as a person,
 *   whatever IP they come from — every add-on request arrives from a handful of Google Apps Script
 *   addresses, so an IP budget would make all users share one;
 * - **failed authentications per address**, counted when a request *fails* (never on arrival, never
 *   for a request with a valid credential, which is never refused by this budget);
 * - **unauthenticated routes per address** (the public ticket view).
 *
 * If the database cannot be asked, an in-memory limiter of the same size answers for this process
 * (the store's insurance), so an outage never turns rate limiting into errors.
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
  const actors = limiter(pool, 'actor', limits.perActorPerMinute, 60);
  const failures = limiter(pool, 'auth-fail', limits.authFailuresPer15Minutes, 15 * 60);
  const addresses = limiter(pool, 'public', limits.perIpPerMinute, 60);
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
