import type { RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import { apiKeyMatches, apiKeyPrefixOf } from '../auth/api-key-secret.ts';
import { IdTokenError, type IdTokenVerifier } from '../auth/google-id-token.ts';
import { actorFromUser, refusal, resolveActor } from '../auth/resolve-actor.ts';
import { cached, cachesOf } from '../cache.ts';
import type { Database } from '../db/schema.ts';
import { type ApiKeyRow, findApiKeyAndUser, touchApiKey } from '../queries/api-keys.ts';
import { findUserById, type UserRow } from '../queries/users.ts';
import { findLiveSessionByHash, touchSession } from '../queries/sessions.ts';
import {
  DEFAULT_SESSION_HOURS,
  hashSessionToken,
  isSessionTokenShape,
  slidingExpiry,
} from '../auth/session-token.ts';
import { unauthenticated } from '../errors.ts';
import { assertSameOrigin, isWrite, sessionCookieOf } from './session-cookie.ts';

export interface AuthenticateDeps {
  db: Kysely<Database>;
  verifier: IdTokenVerifier;
  organizationId: number;
  bootstrapAdminEmail: string | undefined;
  /** Idle lifetime of a web session (HELIOS_SESSION_HOURS). */
  sessionHours?: number;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Every /api/v1 route runs behind this: a Google ID token (the add-on), a Helios API key (scripts,
 * the CLI) or the web console's session cookie becomes `req.actor`; anything else is 401 with the
 * error shape. A bearer token wins over a cookie; a cookie-authenticated write must come from this
 * origin (CSRF, see assertSameOrigin).
 */
export function authenticate(deps: AuthenticateDeps): RequestHandler {
  const sessionHours = deps.sessionHours ?? DEFAULT_SESSION_HOURS;
  return async (req, _res, next) => {
    const header = req.get('authorization');
    const cookie = header ? undefined : sessionCookieOf(req);
    if (cookie !== undefined) {
      if (isWrite(req)) assertSameOrigin(req);
      const found = isSessionTokenShape(cookie)
        ? await sessionAndUser(deps, hashSessionToken(cookie))
        : undefined;
      // Checked again here: a cached session may have reached its end since it was read.
      if (!found || found.session.expires_at.getTime() <= Date.now())
        throw unauthenticated('Your session has ended; sign in again');
      const { session, user } = found;
      const refused = refusal(user);
      if (refused) throw unauthenticated(refused);
      // Sliding expiry, written at most once a minute (most requests write nothing).
      if (Date.now() - session.last_seen_at.getTime() > 60_000) {
        const expiresAt = slidingExpiry(session.created_at, sessionHours);
        await touchSession(deps.db, session.id, expiresAt);
        cachesOf(deps.db)?.update<typeof found>('actors', `session:${session.token_hash}`, (v) => ({
          ...v,
          session: { ...v.session, last_seen_at: new Date(), expires_at: expiresAt },
        }));
      }
      req.actor = { ...actorFromUser(user, 'session'), sessionId: session.id };
      next();
      return;
    }
    if (!header) throw unauthenticated('Missing Authorization header (expected: Bearer <token>)');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw unauthenticated('Malformed Authorization header (expected: Bearer <token>)');
    const token = match[1];
    const request = { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };

    if (apiKeyPrefixOf(token)) {
      const { user, key } = await userOfApiKey(deps.db, deps.organizationId, token);
      req.actor = actorFromUser(user, 'api_key', key.id);
      next();
      return;
    }

    if (!JWT_SHAPE.test(token)) throw unauthenticated('Unrecognised bearer token');
    let identity;
    try {
      identity = await deps.verifier.verify(token);
    } catch (error) {
      if (error instanceof IdTokenError) throw unauthenticated(error.message);
      throw error;
    }
    const result = await resolveActor(deps.db, identity, {
      organizationId: deps.organizationId,
      bootstrapAdminEmail: deps.bootstrapAdminEmail,
      mayCreate: true, // the verifier already required hd = the organization's domain
      via: 'google',
      request,
    });
    if (!result.ok) throw unauthenticated(result.reason);
    req.actor = result.actor;
    next();
  };
}

/**
 * A live session of this organization and its person (through the process's cache: one lookup per
 * session every few seconds instead of two per request).
 */
async function sessionAndUser(deps: AuthenticateDeps, tokenHash: string) {
  return cached(deps.db, 'actors', `session:${tokenHash}`, async () => {
    const session = await findLiveSessionByHash(deps.db, tokenHash);
    if (!session || session.organization_id !== deps.organizationId) return undefined;
    const user = await findUserById(deps.db, deps.organizationId, session.user_id);
    return user ? { session, user } : undefined;
  });
}

/**
 * The active user an API key acts as, or 401: unknown, revoked or expired keys, and keys of
 * archived or deactivated users, are refused. Also used by the web console's API-key sign-in.
 */
export async function userOfApiKey(
  db: Kysely<Database>,
  organizationId: number,
  token: string,
): Promise<{ user: UserRow; key: ApiKeyRow }> {
  const prefix = apiKeyPrefixOf(token);
  // Through the process's cache (core/cache.ts): the secret is still checked on every request.
  const found = prefix
    ? await cached(db, 'actors', `key:${organizationId}:${prefix}`, () =>
        findApiKeyAndUser(db, organizationId, prefix),
      )
    : undefined;
  if (!found || !apiKeyMatches(token, found.key.key_hash)) throw unauthenticated('Unknown API key');
  const { key, user } = found;
  if (key.revoked_at) throw unauthenticated('This API key was revoked');
  if (key.expires_at && key.expires_at.getTime() <= Date.now())
    throw unauthenticated('This API key has expired');
  const refused = refusal(user);
  if (refused) throw unauthenticated(refused);
  // Last use is recorded at most once a minute; skipping the write here saves a round trip
  // on nearly every request.
  if (!key.last_used_at || Date.now() - key.last_used_at.getTime() > 60_000) {
    await touchApiKey(db, key.id);
    cachesOf(db)?.update<typeof found>('actors', `key:${organizationId}:${prefix}`, (v) => ({
      ...v,
      key: { ...v.key, last_used_at: new Date() },
    }));
  }
  return { user, key };
}
