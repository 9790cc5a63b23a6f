import type { RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import { apiKeyMatches, apiKeyPrefixOf } from '../auth/api-key-secret.ts';
import { IdTokenError, type IdTokenVerifier } from '../auth/google-id-token.ts';
import { actorFromUser, refusal, resolveActor } from '../auth/resolve-actor.ts';
import type { Database } from '../db/schema.ts';
import { findApiKeyByPrefix, touchApiKey } from '../queries/api-keys.ts';
import { findUserById } from '../queries/users.ts';
import { unauthenticated } from '../errors.ts';

export interface AuthenticateDeps {
  db: Kysely<Database>;
  verifier: IdTokenVerifier;
  organizationId: number;
  bootstrapAdminEmail: string | undefined;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Every /api/v1 route runs behind this: a Google ID token (the add-on) or a Helios API key (scripts,
 * the CLI) becomes `req.actor`; anything else is 401 with the error shape.
 */
export function authenticate(deps: AuthenticateDeps): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (!header) throw unauthenticated('Missing Authorization header (expected: Bearer <token>)');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw unauthenticated('Malformed Authorization header (expected: Bearer <token>)');
    const token = match[1];
    const request = { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };

    const prefix = apiKeyPrefixOf(token);
    if (prefix) {
      const key = await findApiKeyByPrefix(deps.db, prefix);
      if (!key || key.organization_id !== deps.organizationId || !apiKeyMatches(token, key.key_hash)) {
        throw unauthenticated('Unknown API key');
      }
      if (key.revoked_at) throw unauthenticated('This API key was revoked');
      if (key.expires_at && key.expires_at.getTime() <= Date.now())
        throw unauthenticated('This API key has expired');
      const user = await findUserById(deps.db, deps.organizationId, key.user_id);
      if (!user) throw unauthenticated('Unknown API key');
      const refused = refusal(user);
      if (refused) throw unauthenticated(refused);
      // Last use is recorded at most once a minute; skipping the write here saves a round trip
      // on nearly every request.
      if (!key.last_used_at || Date.now() - key.last_used_at.getTime() > 60_000)
        await touchApiKey(deps.db, key.id);
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
