import { type Expression, type Kysely, sql, type SqlBool } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';

/** A person by email (case-insensitive) with manager and location names. */
export async function findPerson(db: Kysely<Database>, organizationId: number, email: string) {
  return db
    .selectFrom('organization_users as u')
    .leftJoin('organization_users as m', 'm.id', 'u.manager_id')
    .leftJoin('locations as l', 'l.id', 'u.location_id')
    .selectAll('u')
    .select([
      'm.id as manager_id_',
      'm.first_name as manager_first_name',
      'm.last_name as manager_last_name',
      'm.email as manager_email',
      'l.name as location_name',
    ])
    .where('u.organization_id', '=', organizationId)
    .where(sql<string>`lower(u.email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}
export type PersonRow = NonNullable<Awaited<ReturnType<typeof findPerson>>>;

/** Live assets assigned to or linked with a user. */
export async function assetsOfUser(db: Kysely<Database>, userId: number, limit: number) {
  return (
    db
      .selectFrom('assets as a')
      .select([
        'a.id',
        'a.name',
        'a.asset_type',
        'a.make',
        'a.model',
        'a.serial_number',
        'a.os',
        'a.os_version',
        'a.status',
        'a.warranty_expire_date',
        'a.synced_from_google',
      ])
      .where('a.archived_at', 'is', null)
      // A union of two indexed lookups: `assigned OR EXISTS(link)` would scan every asset.
      .where('a.id', 'in', (eb) =>
        eb
          .selectFrom('assets as x')
          .select('x.id')
          .where('x.assigned_to_user_id', '=', userId)
          .union(
            eb.selectFrom('user_assets as ua').select('ua.asset_id as id').where('ua.user_id', '=', userId),
          ),
      )
      .orderBy('a.name')
      .limit(limit)
      .execute()
  );
}

/** Live software licenses assigned to a user. */
export async function licensesOfUser(db: Kysely<Database>, userId: number, limit: number) {
  return db
    .selectFrom('software_licenses as s')
    .innerJoin('user_software_licenses as us', 'us.software_license_id', 's.id')
    .select(['s.id', 's.name', 's.license_type', 's.expire_date', 's.google_license_sku'])
    .where('us.user_id', '=', userId)
    .where('s.archived_at', 'is', null)
    .orderBy('s.name')
    .limit(limit)
    .execute();
}

/** Tickets (aliased `t`) about this person (they are its related user). */
export const ticketsAbout = (userId: number): Expression<SqlBool> =>
  sql<SqlBool>`t.related_user_id = ${userId}`;
