import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { ApiKeys, Database } from '../db/schema.ts';

export type ApiKeyRow = Selectable<ApiKeys>;
export type ApiKeyWithUser = ApiKeyRow & { user_email: string };

export async function insertApiKey(db: Kysely<Database>, values: Insertable<ApiKeys>): Promise<ApiKeyRow> {
  return db.insertInto('api_keys').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The key row found by its public prefix, with its user's email. */
export async function findApiKeyByPrefix(
  db: Kysely<Database>,
  prefix: string,
): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('prefix', '=', prefix).executeTakeFirst();
}

/** The organization's keys with their user's email (what presenting a key needs). */
const keysWithUser = (db: Kysely<Database>, organizationId: number) =>
  db
    .selectFrom('api_keys as k')
    .innerJoin('organization_users as u', 'u.id', 'k.user_id')
    .selectAll('k')
    .select('u.email as user_email')
    .where('k.organization_id', '=', organizationId);

export async function findApiKey(
  db: Kysely<Database>,
  organizationId: number,
  id: number,
): Promise<ApiKeyWithUser | undefined> {
  return keysWithUser(db, organizationId).where('k.id', '=', id).executeTakeFirst();
}

export async function listApiKeys(db: Kysely<Database>, organizationId: number): Promise<ApiKeyWithUser[]> {
  return keysWithUser(db, organizationId).orderBy('k.id', 'desc').execute();
}

export async function revokeApiKey(db: Kysely<Database>, id: number): Promise<ApiKeyRow> {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Records use at most once a minute, so a busy key does not write on every request. */
export async function touchApiKey(db: Kysely<Database>, id: number): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('last_used_at', 'is', null),
        eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`),
      ]),
    )
    .execute();
}
