import { type Expression, type Kysely, sql, type SqlBool } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';

/**
 * SQL of the inventory resources (assets, software licenses, domains, certificates) beyond the
 * generic record queries: who a record is linked to, seat usage, list filters and lookups used
 * while preparing writes. Conditions reference the resource's table as `r`, as the generic list
 * query aliases it.
 */

/** An asset is a user's when it is assigned to them or linked to them (user_assets). */
export function assetLinkedToUser(userId: number): Expression<SqlBool> {
  // An IN over a union of two indexed lookups; `assigned OR EXISTS(link)` would scan every asset.
  return sql<SqlBool>`r.id IN (SELECT a.id FROM assets a WHERE a.assigned_to_user_id = ${userId}
    UNION SELECT ua.asset_id FROM user_assets ua WHERE ua.user_id = ${userId})`;
}

/**
 * A license is a user's when it is assigned to them, or installed on an asset that is theirs
 * (assigned or linked, as in assetLinkedToUser).
 */
export function softwareLicenseLinkedToUser(userId: number): Expression<SqlBool> {
  return sql<SqlBool>`r.id IN (
    SELECT usl.software_license_id FROM user_software_licenses usl WHERE usl.user_id = ${userId}
    UNION
    SELECT asl.software_license_id FROM asset_software_licenses asl
    WHERE asl.asset_id IN (SELECT a.id FROM assets a WHERE a.assigned_to_user_id = ${userId}
      UNION SELECT ua.asset_id FROM user_assets ua WHERE ua.user_id = ${userId}))`;
}

/** `r.<column> = value` for a list filter (column names come from code, never from input). */
export function columnEquals(column: string, value: string | number): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(`r.${column}`)} = ${value}`;
}

/** `r.<date column>` on or before the day (rows without the date do not match). */
export function dateOnOrBefore(column: string, day: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(`r.${column}`)} <= ${day}::date`;
}

/** The domain's vendor in any role: registrar, web host, DNS host or mail host. */
export function domainHasVendor(vendorId: number): Expression<SqlBool> {
  return sql<SqlBool>`${vendorId} IN (r.registrar_vendor_id, r.webhost_vendor_id, r.dnshost_vendor_id, r.mailhost_vendor_id)`;
}

/**
 * Seats taken per license: one per assigned user plus one per asset it is installed on. Links to
 * archived users or assets still count — a seat is freed by unlinking, as with the vendor's own
 * count. One query for a whole page.
 */
export async function seatsAssigned(
  db: Kysely<Database>,
  licenseIds: number[],
): Promise<Map<number, number>> {
  if (licenseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('user_software_licenses')
        .select('software_license_id')
        .where('software_license_id', 'in', licenseIds)
        .unionAll(
          eb
            .selectFrom('asset_software_licenses')
            .select('software_license_id')
            .where('software_license_id', 'in', licenseIds),
        )
        .as('links'),
    )
    .select(['links.software_license_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('links.software_license_id')
    .execute();
  return new Map(rows.map((r) => [r.software_license_id, Number(r.n)]));
}

/** A live domain of ours with exactly this (normalized) name, other than `exceptId`. */
export async function findLiveDomainByName(
  db: Kysely<Database>,
  organizationId: number,
  name: string,
  exceptId: number | undefined,
): Promise<{ id: number } | undefined> {
  let query = db
    .selectFrom('domains')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('archived_at', 'is', null)
    .where(sql<SqlBool>`lower(name) = ${name.toLowerCase()}`);
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  return query.executeTakeFirst();
}

/**
 * The live domain record a host belongs to: the host itself or its nearest parent
 * (`vpn.acme.example` → `acme.example`), or undefined.
 */
export async function findDomainForHost(
  db: Kysely<Database>,
  organizationId: number,
  host: string,
): Promise<{ id: number } | undefined> {
  const labels = host.toLowerCase().replace(/^\*\./, '').split('.');
  // Every suffix with at least two labels: a.b.c.d → a.b.c.d, b.c.d, c.d.
  const candidates = labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
  if (candidates.length === 0) return undefined;
  return db
    .selectFrom('domains')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('archived_at', 'is', null)
    .where(sql<string>`lower(name)`, 'in', candidates)
    .orderBy(sql`length(name)`, 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}
