import { type Expression, type Kysely, sql, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The queries behind `GET /expiring`: live records whose date falls in a window around today,
 * soonest first. Each kind is one indexed range scan (the expire_date / warranty_expire_date
 * indexes) limited to the page size.
 */

export interface ExpiringWindow {
  organizationId: number;
  /** The organization's today, `YYYY-MM-DD`. */
  today: string;
  /** Include items that expired up to this many days ago. */
  graceDays: number;
  /** Include items expiring up to this many days ahead. */
  days: number;
  limit: number;
  /** The actor's visibility (references the table as `r`); undefined = everything. */
  scope: Expression<SqlBool> | undefined;
}

/** `column` between today − grace and today + days, and its distance from today in days. */
const inWindow = (column: string, w: ExpiringWindow) =>
  sql<SqlBool>`${sql.ref(column)} BETWEEN ${w.today}::date - ${w.graceDays}::int AND ${w.today}::date + ${w.days}::int`;
const daysLeft = (column: string, w: ExpiringWindow) =>
  sql<number>`(${sql.ref(column)} - ${w.today}::date)`.as('days_left');

export interface ExpiringDomainRow {
  id: number;
  name: string;
  expire_date: string;
  days_left: number;
  registrar_vendor_id: number | null;
  is_google_workspace_domain: boolean;
}

export async function expiringDomains(db: Kysely<Database>, w: ExpiringWindow): Promise<ExpiringDomainRow[]> {
  let query = db
    .selectFrom('domains as r')
    .select(['r.id', 'r.name', 'r.expire_date', 'r.registrar_vendor_id', 'r.is_google_workspace_domain'])
    .select(daysLeft('r.expire_date', w))
    .where('r.organization_id', '=', w.organizationId)
    .where('r.archived_at', 'is', null)
    .where(inWindow('r.expire_date', w));
  if (w.scope) query = query.where(w.scope);
  return query
    .orderBy('r.expire_date')
    .orderBy('r.name')
    .orderBy('r.id')
    .limit(w.limit)
    .$narrowType<{ expire_date: string }>()
    .execute();
}

export interface ExpiringCertificateRow {
  id: number;
  name: string;
  expire_date: string;
  days_left: number;
  domain: string | null;
  issued_by: string;
  domain_id: number | null;
}

export async function expiringCertificates(
  db: Kysely<Database>,
  w: ExpiringWindow,
): Promise<ExpiringCertificateRow[]> {
  let query = db
    .selectFrom('certificates as r')
    .select(['r.id', 'r.name', 'r.expire_date', 'r.domain', 'r.issued_by', 'r.domain_id'])
    .select(daysLeft('r.expire_date', w))
    .where('r.organization_id', '=', w.organizationId)
    .where('r.archived_at', 'is', null)
    .where(inWindow('r.expire_date', w));
  if (w.scope) query = query.where(w.scope);
  return query
    .orderBy('r.expire_date')
    .orderBy('r.name')
    .orderBy('r.id')
    .limit(w.limit)
    .$narrowType<{ expire_date: string }>()
    .execute();
}

export interface ExpiringSoftwareLicenseRow {
  id: number;
  name: string;
  expire_date: string;
  days_left: number;
  license_type: string | null;
  seats: number | null;
  vendor_id: number | null;
}

export async function expiringSoftwareLicenses(
  db: Kysely<Database>,
  w: ExpiringWindow,
): Promise<ExpiringSoftwareLicenseRow[]> {
  let query = db
    .selectFrom('software_licenses as r')
    .select(['r.id', 'r.name', 'r.expire_date', 'r.license_type', 'r.seats', 'r.vendor_id'])
    .select(daysLeft('r.expire_date', w))
    .where('r.organization_id', '=', w.organizationId)
    .where('r.archived_at', 'is', null)
    .where(inWindow('r.expire_date', w));
  if (w.scope) query = query.where(w.scope);
  return query
    .orderBy('r.expire_date')
    .orderBy('r.name')
    .orderBy('r.id')
    .limit(w.limit)
    .$narrowType<{ expire_date: string }>()
    .execute();
}

export interface ExpiringAssetWarrantyRow {
  id: number;
  name: string;
  warranty_expire_date: string;
  days_left: number;
  asset_type: string;
  serial_number: string | null;
  assigned_to_user_id: number | null;
  vendor_id: number | null;
}

export async function expiringAssetWarranties(
  db: Kysely<Database>,
  w: ExpiringWindow,
): Promise<ExpiringAssetWarrantyRow[]> {
  let query = db
    .selectFrom('assets as r')
    .select([
      'r.id',
      'r.name',
      'r.warranty_expire_date',
      'r.asset_type',
      'r.serial_number',
      'r.assigned_to_user_id',
      'r.vendor_id',
    ])
    .select(daysLeft('r.warranty_expire_date', w))
    .where('r.organization_id', '=', w.organizationId)
    .where('r.archived_at', 'is', null)
    .where(inWindow('r.warranty_expire_date', w));
  if (w.scope) query = query.where(w.scope);
  return query
    .orderBy('r.warranty_expire_date')
    .orderBy('r.name')
    .orderBy('r.id')
    .limit(w.limit)
    .$narrowType<{ warranty_expire_date: string }>()
    .execute();
}

/** `YYYY-MM-DD` of `now` in an IANA time zone; UTC when the zone is unknown to this runtime. */
export function dayIn(timeZone: string, now: Date): string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  } catch {
    return now.toISOString().slice(0, 10);
  }
  const part = (type: string) => format.formatToParts(now).find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The organization's today: "expires in 3 days" must turn over at the organization's midnight,
 * not the server's.
 */
export async function organizationToday(
  db: Kysely<Database>,
  organizationId: number,
  now: Date = new Date(),
): Promise<string> {
  const row = await db
    .selectFrom('organizations')
    .select('timezone')
    .where('id', '=', organizationId)
    .executeTakeFirst();
  return dayIn(row?.timezone ?? 'UTC', now);
}
