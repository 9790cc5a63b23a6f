import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { ApiKeys, Database } from '../db/schema.ts';
import type { UserRow } from './users.ts';

export type ApiKeyRow = Selectable<ApiKeys>;
export type ApiKeyWithUser = ApiKeyRow & { user_email: string };

export async function insertApiKey(db: Kysely<Database>, values: Insertable<ApiKeys>): Promise<ApiKeyRow> {
  return db.insertInto('api_keys').values(values).returningAll().executeTakeFirstOrThrow();
}

/**
 * Authentication's lookup: the key by its public prefix and the user it acts as, in one round trip
 * (it runs on every API-key request). The key's columns come back under `key_` names beside the
 * user's own.
 */
export async function findApiKeyAndUser(
  db: Kysely<Database>,
  organizationId: number,
  prefix: string,
): Promise<{ key: ApiKeyRow; user: UserRow } | undefined> {
  const row = await db
    .selectFrom('api_keys as k')
    .innerJoin('organization_users as u', (join) =>
      join.onRef('u.id', '=', 'k.user_id').on('u.organization_id', '=', organizationId),
    )
    .selectAll('u')
    .select([
      'k.id as key_id',
      'k.organization_id as key_organization_id',
      'k.user_id as key_user_id',
      'k.name as key_name',
      'k.prefix as key_prefix',
      'k.key_hash as key_key_hash',
      'k.expires_at as key_expires_at',
      'k.last_used_at as key_last_used_at',
      'k.revoked_at as key_revoked_at',
      'k.created_by_user_id as key_created_by_user_id',
      'k.created_at as key_created_at',
      'k.updated_at as key_updated_at',
    ])
    .where('k.prefix', '=', prefix)
    .where('k.organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!row) return undefined;
  const {
    key_id,
    key_organization_id,
    key_user_id,
    key_name,
    key_prefix,
    key_key_hash,
    key_expires_at,
    key_last_used_at,
    key_revoked_at,
    key_created_by_user_id,
    key_created_at,
    key_updated_at,
    ...user
  } = row;
  return {
    key: {
      id: key_id,
      organization_id: key_organization_id,
      user_id: key_user_id,
      name: key_name,
      prefix: key_prefix,
      key_hash: key_key_hash,
      expires_at: key_expires_at,
      last_used_at: key_last_used_at,
      revoked_at: key_revoked_at,
      created_by_user_id: key_created_by_user_id,
      created_at: key_created_at,
      updated_at: key_updated_at,
    },
    user,
  };
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
