import { type Expression, type Kysely, type SelectQueryBuilder, sql, type SqlBool } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';

/**
 * The queries behind `GET /expiring`: live records whose date falls in a window around today,
 * soonest first. Each kind is one indexed range scan (the expire_date / warranty_expire_date
 * indexes) limited to the page size.
 */

export interface ExpiringWindow extends DateWindow {
  limit: number;
  /** The actor's visibility (references the table as `r`); undefined = everything. */
  scope: Expression<SqlBool> | undefined;
}

/** A range of days around the organization's today. */
export interface DateWindow {
  organizationId: number;
  /** The organization's today, `YYYY-MM-DD`. */
  today: string;
  /** Include items that expired up to this many days ago. */
  graceDays: number;
  /** Include items expiring up to this many days ahead. */
  days: number;
}

/**
 * The organization's live rows (aliased `r`) whose `column` falls between today − grace and
 * today + days: the condition of GET /expiring and of the expiry alerts alike.
 */
export function liveInWindow(column: string, w: DateWindow): Expression<SqlBool> {
  return sql<SqlBool>`(r.organization_id = ${w.organizationId} AND r.archived_at IS NULL
    AND ${sql.ref(column)} BETWEEN ${w.today}::date - ${w.graceDays}::int AND ${w.today}::date + ${w.days}::int)`;
}

/** Days from today to `column` (negative once expired), selected as `days_left`. */
export const daysLeft = (column: string, w: Pick<DateWindow, 'today'>) =>
  sql<number>`(${sql.ref(column)} - ${w.today}::date)`.as('days_left');

/**
 * What every kind shares: the organization's live rows (aliased `r`) in the window and the actor's
 * scope, soonest first (then by name and id, so ties page stably), at most `limit`.
 */
function windowed<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  column: string,
  w: ExpiringWindow,
): SelectQueryBuilder<DB, TB, O> {
  let q = query.where(liveInWindow(column, w));
  if (w.scope) q = q.where(w.scope);
  return q
    .orderBy(sql.ref(column))
    .orderBy(sql`r.name`)
    .orderBy(sql`r.id`)
    .limit(w.limit);
}

export interface ExpiringDomainRow {
  id: number;
  name: string;
  expire_date: string;
  days_left: number;
  registrar_vendor_id: number | null;
  is_google_workspace_domain: boolean;
}

export async function expiringDomains(db: Kysely<Database>, w: ExpiringWindow): Promise<ExpiringDomainRow[]> {
  const query = db
    .selectFrom('domains as r')
    .select(['r.id', 'r.name', 'r.expire_date', 'r.registrar_vendor_id', 'r.is_google_workspace_domain'])
    .select(daysLeft('r.expire_date', w));
  return windowed(query, 'r.expire_date', w).$narrowType<{ expire_date: string }>().execute();
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
  const query = db
    .selectFrom('certificates as r')
    .select(['r.id', 'r.name', 'r.expire_date', 'r.domain', 'r.issued_by', 'r.domain_id'])
    .select(daysLeft('r.expire_date', w));
  return windowed(query, 'r.expire_date', w).$narrowType<{ expire_date: string }>().execute();
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
  const query = db
    .selectFrom('software_licenses as r')
    .select(['r.id', 'r.name', 'r.expire_date', 'r.license_type', 'r.seats', 'r.vendor_id'])
    .select(daysLeft('r.expire_date', w));
  return windowed(query, 'r.expire_date', w).$narrowType<{ expire_date: string }>().execute();
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
  const query = db
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
    .select(daysLeft('r.warranty_expire_date', w));
  return windowed(query, 'r.warranty_expire_date', w)
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
