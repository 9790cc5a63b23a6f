import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import { actorOf } from './context.ts';
import { rateLimited } from '../errors.ts';

export interface RateLimits {
  /** Requests per minute from one IP address before authentication. */
  perIpPerMinute: number;
  /** Requests per minute for one authenticated user. */
  perActorPerMinute: number;
  /** Failed authentications from one IP address per 15 minutes. */
  authFailuresPer15Minutes: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  perIpPerMinute: 1200,
  perActorPerMinute: 600,
  authFailuresPer15Minutes: 30,
};

// Over the limit → the contract's 429 with Retry-After, through the one error handler.
const handler: Options['handler'] = (req, _res, next, options) => {
  const info = (req as { rateLimit?: { resetTime?: Date } }).rateLimit;
  const seconds = info?.resetTime
    ? Math.max(1, Math.ceil((info.resetTime.getTime() - Date.now()) / 1000))
    : Math.ceil(options.windowMs / 1000);
  next(rateLimited(seconds));
};

const common = { standardHeaders: 'draft-8', legacyHeaders: false, handler } as const;

/** Before authentication: per IP address (IPv6 grouped by /56, as express-rate-limit advises). */
export const perIpLimiter = (limits: RateLimits): RequestHandler =>
  rateLimit({
    ...common,
    identifier: 'ip',
    windowMs: 60_000,
    limit: limits.perIpPerMinute,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
  });

/**
 * Failed authentications, counted per IP over 15 minutes; only 401 answers count, so a busy but
 * honest client is never slowed by this one. It must be mounted before `authenticate`.
 */
export const authFailureLimiter = (limits: RateLimits): RequestHandler =>
  rateLimit({
    ...common,
    identifier: 'auth-failures',
    windowMs: 15 * 60_000,
    limit: limits.authFailuresPer15Minutes,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
  });

/** After authentication: per user, whichever IP or credential they use. */
export const perActorLimiter = (limits: RateLimits): RequestHandler =>
  rateLimit({
    ...common,
    identifier: 'actor',
    windowMs: 60_000,
    limit: limits.perActorPerMinute,
    keyGenerator: (req) => `user:${actorOf(req).userId}`,
  });
