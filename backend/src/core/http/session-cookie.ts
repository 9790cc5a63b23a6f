import type { Request, Response } from 'express';
import { SESSION_COOKIE, SESSION_COOKIE_LOCAL } from '../auth/session-token.ts';
import { forbidden } from '../errors.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own augmentation point
  namespace Express {
    interface Request {
      /** Parsed by cookie-parser (app.ts). */
      cookies?: Record<string, string | undefined>;
    }
  }
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$|\.localhost$/i;

/** http://localhost and 127.0.0.1 have no TLS; everywhere else the cookie must be Secure. */
export const isLoopbackHost = (hostname: string): boolean => LOOPBACK.test(hostname);

/** The session token the browser sent, if any. */
export function sessionCookieOf(req: Request): string | undefined {
  return req.cookies?.[SESSION_COOKIE] ?? req.cookies?.[SESSION_COOKIE_LOCAL];
}

/**
 * httpOnly (scripts never see it), SameSite=Lax (not sent on cross-site subrequests), Secure and
 * `__Host-`-prefixed outside loopback. It lives until the session's absolute limit; the server
 * decides idle expiry, so a slid session needs no new cookie.
 */
export function setSessionCookie(req: Request, res: Response, token: string, expires: Date): void {
  const local = isLoopbackHost(req.hostname);
  res.cookie(local ? SESSION_COOKIE_LOCAL : SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: !local,
    path: '/',
    expires,
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  const local = isLoopbackHost(req.hostname);
  res.clearCookie(local ? SESSION_COOKIE_LOCAL : SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: !local,
    path: '/',
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const isWrite = (req: Request): boolean => !SAFE_METHODS.has(req.method.toUpperCase());

/**
 * CSRF: a request that a cookie authenticates may write only when the browser says it comes from
 * this origin. Sec-Fetch-Site (every current browser sends it) must be `same-origin`; without it,
 * the Origin header's host must be this server's. Neither header → refused: browsers send at least
 * one on every write, and scripts should use a bearer token. SameSite=Lax alone is not enough:
 * another port on the same host is the same *site*, so its pages would get the cookie sent along.
 */
export function assertSameOrigin(req: Request): void {
  const site = req.get('sec-fetch-site');
  if (site !== undefined) {
    if (site === 'same-origin') return;
    throw forbidden(
      `Cross-origin request refused (Sec-Fetch-Site: ${site}); use a bearer token from other origins`,
    );
  }
  const origin = req.get('origin');
  if (origin && origin !== 'null') {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    const own = [req.get('host'), req.get('x-forwarded-host')].filter(Boolean);
    if (host && own.includes(host)) return;
    throw forbidden(
      'Cross-origin request refused (Origin is another site); use a bearer token from other origins',
    );
  }
  throw forbidden('A cookie-authenticated write must come from the Helios console (no Origin header)');
}
