import {
  authConfigSchema,
  idParamsSchema,
  revokedSessionsSchema,
  sessionCreateSchema,
  sessionListQuerySchema,
  sessionRevokeAllQuerySchema,
  sessionSchema,
  signedInSchema,
} from '@helios/shared';
import type { Request } from 'express';
import type { AuditContext } from '../../../core/audit.ts';
import { IdTokenError } from '../../../core/auth/google-id-token.ts';
import { actorFromUser, resolveActor } from '../../../core/auth/resolve-actor.ts';
import {
  DEFAULT_SESSION_HOURS,
  hashSessionToken,
  isSessionTokenShape,
} from '../../../core/auth/session-token.ts';
import { forbidden, notFound, unauthenticated } from '../../../core/errors.ts';
import { userOfApiKey } from '../../../core/http/authenticate.ts';
import { auditContextOf } from '../../../core/http/context.ts';
import { defineRoute, noContent, ok, page, type RouteSpec } from '../../../core/http/route.ts';
import {
  assertSameOrigin,
  clearSessionCookie,
  sessionCookieOf,
  setSessionCookie,
} from '../../../core/http/session-cookie.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { findOrganization } from '../../../core/queries/organizations.ts';
import { findLiveSessionByHash, findSession, listSessions } from '../../../core/queries/sessions.ts';
import { findUserById, type UserRow } from '../../../core/queries/users.ts';
import { endSession, endUserSessions, openSession } from '../commands/sessions.ts';
import { canListAllSessions, canManageSessionsOf } from '../policies/sessions.ts';
import { presentMe } from '../presenters/me.ts';
import { presentSession } from '../presenters/sessions.ts';
import type { IdTokenVerifier } from '../../../core/auth/google-id-token.ts';

/** The request half of an audit row before anyone is signed in. */
const anonymousAudit = (req: Request, organizationId: number): AuditContext => ({
  organizationId,
  actor: undefined,
  ip: req.ip ?? null,
  userAgent: req.get('user-agent') ?? null,
});

/**
 * Sign-in for the web console: a Google ID token (Google Identity Services, or the demo's
 * Workspace simulator) or an API key is exchanged for an httpOnly session cookie; the sessions
 * can be listed and revoked by their owner and by admins.
 */
export function sessionRoutes(ctx: ModuleContext, verifier: IdTokenVerifier): RouteSpec[] {
  const { db, organizationId, registry, identity } = ctx;
  const idleHours = identity.sessionHours ?? DEFAULT_SESSION_HOURS;

  /** Who the ID token or API key names, resolved exactly as the bearer-token path does. */
  async function userOf(req: Request, body: { idToken: string } | { apiKey: string }) {
    if ('apiKey' in body) {
      const { user, key } = await userOfApiKey(db, organizationId, body.apiKey);
      return { user, method: 'api_key' as const, apiKeyId: key.id };
    }
    let claims;
    try {
      // Vendor contacts sign in with their own Google accounts: accepted when Helios knows them.
      claims = await verifier.verify(body.idToken, { outsideAccounts: true });
    } catch (error) {
      if (error instanceof IdTokenError) throw unauthenticated(error.message);
      throw error;
    }
    const resolved = await resolveActor(db, claims, {
      organizationId,
      bootstrapAdminEmail: identity.bootstrapAdminEmail,
      mayCreate: claims.inOrganizationDomain,
      via: 'google',
      request: { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null },
    });
    if (!resolved.ok)
      throw unauthenticated(
        claims.inOrganizationDomain
          ? resolved.reason
          : `${claims.email} is not a member of this Helios organization; ask IT to add you`,
      );
    const user = (await findUserById(db, organizationId, resolved.actor.userId)) as UserRow;
    return { user, method: 'google' as const, apiKeyId: null };
  }

  return [
    defineRoute({
      method: 'get',
      path: '/auth/config',
      tag: 'auth',
      summary: 'Which ways to sign in this installation offers (public)',
      public: true,
      responses: { 200: { description: 'Sign-in options', data: authConfigSchema } },
      errors: [],
      async handle() {
        const organization = await findOrganization(db);
        return ok({
          organization: { name: organization?.name ?? identity.orgDomain, domain: identity.orgDomain },
          google: identity.webClientId && !identity.demoSignIn ? { clientId: identity.webClientId } : null,
          demo: identity.demoSignIn ?? null,
          apiKey: true,
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/session',
      tag: 'auth',
      summary: 'Sign in: exchange a Google ID token or an API key for a session cookie (public)',
      description:
        'Sets an httpOnly, SameSite=Lax session cookie (Secure and `__Host-` outside localhost). ' +
        'The ID token is verified as the add-on path does; people outside the Workspace domain ' +
        'are let in only when Helios already knows them (contacts).',
      public: true,
      body: sessionCreateSchema,
      responses: { 200: { description: 'Signed in', data: signedInSchema } },
      errors: [400, 401, 403, 429],
      async handle({ req, res, body }) {
        // Login CSRF: another site must not sign this browser in as someone else. Non-browser
        // clients send neither header and are no CSRF vector here (they hold the token already).
        if (req.get('sec-fetch-site') !== undefined || req.get('origin') !== undefined) assertSameOrigin(req);
        const { user, method, apiKeyId } = await userOf(req, body);
        const opened = await openSession(db, anonymousAudit(req, organizationId), {
          user,
          method,
          apiKeyId,
          idleHours,
        });
        setSessionCookie(req, res, opened.token, opened.cookieExpires);
        const actor = { ...actorFromUser(user, 'session'), sessionId: opened.session.id };
        return ok({
          me: presentMe(actor, registry),
          session: presentSession(opened.session, opened.session.id),
        });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/auth/session',
      tag: 'auth',
      summary: 'Sign out: ends this browser’s session and clears the cookie (public, idempotent)',
      public: true,
      responses: { 204: { description: 'Signed out (also when there was no session)', empty: true } },
      errors: [403],
      async handle({ req, res }) {
        const cookie = sessionCookieOf(req);
        if (cookie !== undefined) {
          assertSameOrigin(req);
          const session = isSessionTokenShape(cookie)
            ? await findLiveSessionByHash(db, hashSessionToken(cookie))
            : undefined;
          if (session && session.organization_id === organizationId) {
            await endSession(
              db,
              { ...anonymousAudit(req, organizationId), actor: { userId: session.user_id } },
              session,
              'sign_out',
            );
          }
        }
        clearSessionCookie(req, res);
        return noContent();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/auth/sessions',
      tag: 'auth',
      summary: 'Sign-in sessions: your own; admins: `userId=` someone’s or `all=true` everyone’s',
      query: sessionListQuerySchema,
      responses: {
        200: { description: 'Live sessions, most recently used first (never a token)', page: sessionSchema },
      },
      errors: [400, 401, 403],
      async handle({ actor, query }) {
        const everyone = query.all === 'true';
        if (everyone && !canListAllSessions(actor)) throw forbidden('Only admins list everyone’s sessions');
        const userId = everyone ? undefined : (query.userId ?? actor.userId);
        if (userId !== undefined && !canManageSessionsOf(actor, userId))
          throw forbidden('Only admins see other people’s sessions');
        const rows = await listSessions(db, organizationId, userId);
        return page(
          rows.map((row) => presentSession(row, actor.sessionId)),
          null,
        );
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/auth/sessions/:id',
      tag: 'auth',
      summary: 'Revoke a session (yours; admins: anyone’s)',
      params: idParamsSchema,
      responses: { 204: { description: 'Revoked', empty: true } },
      errors: [400, 401, 404],
      async handle({ req, res, actor, params }) {
        const session = await findSession(db, organizationId, params.id);
        // Someone else's session is "not found" for a non-admin: its existence does not leak.
        if (!session || !canManageSessionsOf(actor, session.user_id)) throw notFound('No such session');
        await endSession(db, auditContextOf(req), session, 'revoke');
        if (session.id === actor.sessionId) clearSessionCookie(req, res);
        return noContent();
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/auth/sessions',
      tag: 'auth',
      summary: 'Sign out everywhere (yours, `keepCurrent=true` spares this one; admins: `userId=` anyone’s)',
      query: sessionRevokeAllQuerySchema,
      responses: { 200: { description: 'How many sessions were ended', data: revokedSessionsSchema } },
      errors: [400, 401, 403],
      async handle({ req, res, actor, query }) {
        const userId = query.userId ?? actor.userId;
        if (!canManageSessionsOf(actor, userId)) throw forbidden('Only admins sign other people out');
        const keep = query.keepCurrent === 'true' && userId === actor.userId ? actor.sessionId : undefined;
        const revoked = await endUserSessions(db, auditContextOf(req), userId, keep);
        if (userId === actor.userId && keep === undefined && actor.sessionId !== undefined)
          clearSessionCookie(req, res);
        return ok({ revoked });
      },
    }),
  ];
}
