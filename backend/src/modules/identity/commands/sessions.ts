import type { Kysely } from 'kysely';
import { recordAudit, type AuditContext } from '../../../core/audit.ts';
import { generateSessionToken, MAX_SESSION_DAYS, slidingExpiry } from '../../../core/auth/session-token.ts';
import type { Database } from '../../../core/db/schema.ts';
import {
  deleteSession,
  deleteUserSessions,
  findSession,
  insertSession,
  purgeExpiredSessions,
  type SessionWithUser,
} from '../../../core/queries/sessions.ts';
import type { UserRow } from '../../../core/queries/users.ts';

export interface OpenedSession {
  session: SessionWithUser;
  /** For the cookie only: never stored, never logged, never in a response body. */
  token: string;
  /** When the cookie should expire (the session's absolute limit). */
  cookieExpires: Date;
}

/** Signs a person in: a new session and its audit row, in one transaction. */
export async function openSession(
  db: Kysely<Database>,
  ctx: AuditContext,
  input: { user: UserRow; method: 'google' | 'api_key'; apiKeyId: number | null; idleHours: number },
): Promise<OpenedSession> {
  const { token, hash } = generateSessionToken();
  const now = new Date();
  return db.transaction().execute(async (trx) => {
    // Housekeeping where sessions are made: expired rows (already refused) are removed, by index.
    await purgeExpiredSessions(trx);
    const row = await insertSession(trx, {
      user_id: input.user.id,
      token_hash: hash,
      method: input.method,
      api_key_id: input.apiKeyId,
      expires_at: slidingExpiry(now, input.idleHours, now),
      ip_address: ctx.ip,
      user_agent: ctx.userAgent?.slice(0, 1000) ?? null,
      created_at: now,
      last_seen_at: now,
    });
    await recordAudit(
      trx,
      { ...ctx, actor: { userId: input.user.id } },
      {
        action: 'sign_in',
        entityType: 'auth_session',
        entityId: row.id,
        description: input.method === 'google' ? 'signed in with Google' : 'signed in with an API key',
        newValue: { method: input.method, apiKeyId: input.apiKeyId },
      },
    );
    const session = await findSession(trx, ctx.organizationId, row.id);
    if (!session) throw new Error('session vanished');
    return {
      session,
      token,
      cookieExpires: new Date(now.getTime() + MAX_SESSION_DAYS * 86_400_000),
    };
  });
}

/** Ends one session (sign-out or revocation), audited. False when it was already gone. */
export async function endSession(
  db: Kysely<Database>,
  ctx: AuditContext,
  session: Pick<SessionWithUser, 'id' | 'user_id'>,
  action: 'sign_out' | 'revoke',
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await deleteSession(trx, session.id))) return false;
    await recordAudit(trx, ctx, {
      action,
      entityType: 'auth_session',
      entityId: session.id,
      description: action === 'sign_out' ? 'signed out' : 'session revoked',
      oldValue: { userId: session.user_id },
    });
    return true;
  });
}

/** Sign out everywhere: every session of a user (but `exceptId`), with one audit row. */
export async function endUserSessions(
  db: Kysely<Database>,
  ctx: AuditContext,
  userId: number,
  exceptId: number | undefined,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const revoked = await deleteUserSessions(trx, userId, exceptId);
    if (revoked > 0) {
      await recordAudit(trx, ctx, {
        action: 'revoke',
        entityType: 'auth_session',
        entityId: null,
        description: exceptId === undefined ? 'signed out everywhere' : 'signed out other sessions',
        oldValue: { userId, sessions: revoked },
      });
    }
    return revoked;
  });
}
