import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { Database, OrganizationUsers } from '../db/schema.ts';

export type UserRow = Selectable<OrganizationUsers>;

/** Case-insensitive lookup by email (identities arrive in any letter case). */
export async function findUserByEmail(
  db: Kysely<Database>,
  organizationId: number,
  email: string,
): Promise<UserRow | undefined> {
  return db
    .selectFrom('organization_users')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export async function findUserById(
  db: Kysely<Database>,
  organizationId: number,
  id: number,
): Promise<UserRow | undefined> {
  return db
    .selectFrom('organization_users')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertUser(
  db: Kysely<Database>,
  values: Insertable<OrganizationUsers>,
): Promise<UserRow> {
  return db.insertInto('organization_users').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateUser(
  db: Kysely<Database>,
  id: number,
  values: Updateable<OrganizationUsers>,
): Promise<UserRow> {
  return db
    .updateTable('organization_users')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Display name: "First Last", else the email. */
export const displayName = (u: Pick<UserRow, 'first_name' | 'last_name' | 'email'>): string =>
  [u.first_name, u.last_name].filter(Boolean).join(' ') || u.email;
