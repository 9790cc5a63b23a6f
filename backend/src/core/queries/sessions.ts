import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { AuthSessions, Database } from '../db/schema.ts';

export type SessionRow = Selectable<AuthSessions>;
/** A session with the person it belongs to (what presenting and authenticating need). */
export type SessionWithUser = SessionRow & {
  user_email: string;
  user_first_name: string | null;
  user_last_name: string | null;
  organization_id: number;
};

export async function insertSession(
  db: Kysely<Database>,
  values: Insertable<AuthSessions>,
): Promise<SessionRow> {
  return db.insertInto('auth_sessions').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Sessions joined to their user; the organization is the user's (sessions carry none of their own). */
const sessionsWithUser = (db: Kysely<Database>) =>
  db
    .selectFrom('auth_sessions as s')
    .innerJoin('organization_users as u', 'u.id', 's.user_id')
    .selectAll('s')
    .select([
      'u.email as user_email',
      'u.first_name as user_first_name',
      'u.last_name as user_last_name',
      'u.organization_id as organization_id',
    ]);

/**
 * The live session with this token hash, or undefined (unknown, expired, or opened with an API key
 * that has since been revoked or has expired).
 */
export async function findLiveSessionByHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<SessionWithUser | undefined> {
  return sessionsWithUser(db)
    .leftJoin('api_keys as k', 'k.id', 's.api_key_id')
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where((eb) =>
      eb.or([
        eb('s.api_key_id', 'is', null),
        eb.and([
          eb('k.revoked_at', 'is', null),
          eb.or([eb('k.expires_at', 'is', null), eb('k.expires_at', '>', sql<Date>`now()`)]),
        ]),
      ]),
    )
    .executeTakeFirst();
}

export async function findSession(
  db: Kysely<Database>,
  organizationId: number,
  id: number,
): Promise<SessionWithUser | undefined> {
  return sessionsWithUser(db)
    .where('u.organization_id', '=', organizationId)
    .where('s.id', '=', id)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** Live sessions, most recently used first: one user's, or (userId undefined) the organization's. */
export async function listSessions(
  db: Kysely<Database>,
  organizationId: number,
  userId: number | undefined,
  limit = 500,
): Promise<SessionWithUser[]> {
  let query = sessionsWithUser(db)
    .where('u.organization_id', '=', organizationId)
    .where('s.expires_at', '>', sql<Date>`now()`);
  if (userId !== undefined) query = query.where('s.user_id', '=', userId);
  return query.orderBy('s.last_seen_at', 'desc').orderBy('s.id', 'desc').limit(limit).execute();
}

/** Records use and slides the expiry; at most once a minute per session (most requests write nothing). */
export async function touchSession(db: Kysely<Database>, id: number, expiresAt: Date): Promise<void> {
  await db
    .updateTable('auth_sessions')
    .set({ last_seen_at: sql<Date>`now()`, updated_at: sql<Date>`now()`, expires_at: expiresAt })
    .where('id', '=', id)
    .where('last_seen_at', '<', sql<Date>`now() - interval '1 minute'`)
    .execute();
}

export async function deleteSession(db: Kysely<Database>, id: number): Promise<boolean> {
  const result = await db.deleteFrom('auth_sessions').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Deletes a user's sessions (all, or all but one); returns how many. */
export async function deleteUserSessions(
  db: Kysely<Database>,
  userId: number,
  exceptId?: number,
): Promise<number> {
  let query = db.deleteFrom('auth_sessions').where('user_id', '=', userId);
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Removes sessions that expired more than a day ago (they are already refused). */
export async function purgeExpiredSessions(db: Kysely<Database>): Promise<number> {
  const result = await db
    .deleteFrom('auth_sessions')
    .where('expires_at', '<', sql<Date>`now() - interval '1 day'`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
