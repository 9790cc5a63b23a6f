import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Web console sessions: the cookie carries a random token, the database only its SHA-256, so a copy
 * of the database (or a log) opens no session. Sliding expiry: each use moves `expires_at` to
 * now + the idle lifetime, never past MAX_SESSION_DAYS after sign-in.
 */
export const SESSION_TOKEN_PREFIX = 'hs_';

/** Outside loopback the cookie is Secure, and the `__Host-` prefix pins it to this origin and path. */
export const SESSION_COOKIE = '__Host-helios_session';
/** On http://localhost and 127.0.0.1 (no TLS there, and browsers refuse `__Host-` without Secure). */
export const SESSION_COOKIE_LOCAL = 'helios_session';

/** A session never outlives this, however busy, so a stolen cookie cannot be kept alive forever. */
export const MAX_SESSION_DAYS = 30;

/** The idle lifetime when HELIOS_SESSION_HOURS is unset. */
export const DEFAULT_SESSION_HOURS = 12;

export const hashSessionToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function generateSessionToken(): { token: string; hash: string } {
  const token = `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashSessionToken(token) };
}

/** Only well-formed tokens are looked up (a cookie of garbage costs no query). */
export const isSessionTokenShape = (value: string): boolean => /^hs_[A-Za-z0-9_-]{43}$/.test(value);

/** Constant-time comparison of a presented token with a stored hash. */
export function sessionTokenMatches(token: string, storedHash: string): boolean {
  const a = Buffer.from(hashSessionToken(token), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** When a session used now expires: idle lifetime ahead, capped at the absolute limit. */
export function slidingExpiry(createdAt: Date, idleHours: number, now = new Date()): Date {
  const idle = now.getTime() + idleHours * 3_600_000;
  const cap = createdAt.getTime() + MAX_SESSION_DAYS * 86_400_000;
  return new Date(Math.min(idle, cap));
}
