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

/**
 * The real totals beside the capped lists of a person's card, in one statement: their live assets
 * (assigned or linked, each once), live licenses, and open tickets about them that `party` (the
 * caller's ticket scope, on alias `t`) lets the caller see. Each count walks an index from the user.
 */
export async function contextCounts(
  db: Kysely<Database>,
  userId: number,
  party: Expression<SqlBool>,
  full: boolean,
): Promise<{ openTickets: number; devices: number; licenses: number }> {
  const result = await sql<{ open_tickets: number; devices: number; licenses: number }>`
    SELECT
      (SELECT count(*) FROM tickets t JOIN ticket_statuses s ON s.id = t.status_id
         WHERE t.related_user_id = ${userId} AND t.archived_at IS NULL
           AND NOT s.is_closed_status AND NOT s.is_resolved_status AND ${party})::int AS open_tickets,
      ${
        full
          ? sql`(SELECT count(*) FROM assets a WHERE a.archived_at IS NULL AND a.id IN (
         SELECT ua.asset_id FROM user_assets ua WHERE ua.user_id = ${userId}
         UNION SELECT x.id FROM assets x WHERE x.assigned_to_user_id = ${userId}))::int`
          : sql`0`
      } AS devices,
      ${
        full
          ? sql`(SELECT count(*) FROM user_software_licenses ul
         JOIN software_licenses l ON l.id = ul.software_license_id
         WHERE ul.user_id = ${userId} AND l.archived_at IS NULL)::int`
          : sql`0`
      } AS licenses`.execute(db);
  const row = result.rows[0];
  return { openTickets: row?.open_tickets ?? 0, devices: row?.devices ?? 0, licenses: row?.licenses ?? 0 };
}

/**
 * The live vendor at an email domain — its email's domain, or its website's host (a leading
 * `www.` ignored) — with up to 10 Helios contacts (role `contact`) at that domain. Vendors are few
 * per organization, so the host comparison scans them; the contacts use the email index's order.
 */
export async function vendorAtDomain(db: Kysely<Database>, organizationId: number, domain: string) {
  const host = domain.toLowerCase();
  const vendor = await db
    .selectFrom('vendors as v')
    .select(['v.id', 'v.name', 'v.website', 'v.email', 'v.phone', 'v.contact_name'])
    .where('v.organization_id', '=', organizationId)
    .where('v.archived_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb(sql<string>`lower(split_part(v.email, '@', 2))`, '=', host),
        eb(
          sql<string>`lower(regexp_replace(v.website, '^([a-zA-Z]+://)?(www\\.)?([^/:?#]+).*$', '\\3'))`,
          '=',
          host,
        ),
      ]),
    )
    .orderBy('v.name')
    .limit(1)
    .executeTakeFirst();
  if (!vendor) return undefined;
  const contacts = await db
    .selectFrom('organization_users as u')
    .select(['u.id', 'u.email', 'u.first_name', 'u.last_name'])
    .where('u.organization_id', '=', organizationId)
    .where('u.role', '=', 'contact')
    .where('u.archived_at', 'is', null)
    .where(sql<string>`lower(u.email)`, 'like', `%@${host.replace(/[\\%_]/g, '\\$&')}`)
    .orderBy('u.email')
    .limit(10)
    .execute();
  return { ...vendor, contacts };
}
