import { type Kysely, sql, type SqlBool } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';
import { daysLeft as daysLeftOf, liveInWindow } from './expiring.ts';

/**
 * The queries behind the expiry alert job: which live items are near (or just past) their date,
 * who hears about them, and the memory of which alert stages already went out.
 */

/** What an alert is about; the values of `expiry_alerts.entity_type`. */
export type ExpiryEntityType = 'domain' | 'certificate' | 'software_license' | 'asset_warranty';

/** The alert stages, from the earliest warning to the last; the values of `expiry_alerts.stage`. */
export const expiryStages = ['45_days', '30_days', '7_days', '1_day', 'expired'] as const;
export type ExpiryStage = (typeof expiryStages)[number];

export interface ExpiryCandidateRow {
  entity_type: ExpiryEntityType;
  entity_id: number;
  name: string;
  /** `YYYY-MM-DD` (date columns stay strings, see db/connection.ts). */
  expire_date: string;
  /** expire_date − today in days: negative once expired. */
  days_left: number;
  /** Active users the item is assigned to (an asset's assignee, a license's holders). */
  assignee_ids: number[];
}

export interface ExpiryWindow {
  organizationId: number;
  /** The organization's today, `YYYY-MM-DD`. */
  today: string;
  /** Items expiring up to this many days ahead. */
  aheadDays: number;
  /** Items that expired up to this many days ago. */
  graceDays: number;
}

/**
 * Live (not archived) domains, certificates, software licenses and asset warranties whose date lies
 * between today − graceDays and today + aheadDays, in (entity_type, entity_id) order. The order is
 * the order the alerts are inserted in, so two overlapping runs take the unique-index locks in the
 * same sequence and cannot deadlock.
 */
export async function findExpiryCandidates(
  db: Kysely<Database>,
  w: ExpiryWindow,
): Promise<ExpiryCandidateRow[]> {
  const window = {
    organizationId: w.organizationId,
    today: w.today,
    graceDays: w.graceDays,
    days: w.aheadDays,
  };
  const inWindow = (column: string) => liveInWindow(column, window);
  const daysLeft = (column: string) => daysLeftOf(column, window);
  // A literal, not a parameter: in a UNION an untyped parameter has no type to resolve to.
  const kind = (type: ExpiryEntityType) => sql<ExpiryEntityType>`${sql.lit(type)}::text`.as('entity_type');
  const noAssignees = sql<number[]>`'{}'::int[]`.as('assignee_ids');
  const activeUser = (alias: string) =>
    sql<SqlBool>`${sql.ref(`${alias}.is_active`)} AND ${sql.ref(`${alias}.archived_at`)} IS NULL`;

  const domains = db
    .selectFrom('domains as r')
    .select([kind('domain'), 'r.id as entity_id', 'r.name'])
    .select([sql<string>`r.expire_date`.as('expire_date'), daysLeft('r.expire_date'), noAssignees])
    .where(inWindow('r.expire_date'));
  const certificates = db
    .selectFrom('certificates as r')
    .select([kind('certificate'), 'r.id as entity_id', 'r.name'])
    .select([sql<string>`r.expire_date`.as('expire_date'), daysLeft('r.expire_date'), noAssignees])
    .where(inWindow('r.expire_date'));
  const licenses = db
    .selectFrom('software_licenses as r')
    .select([kind('software_license'), 'r.id as entity_id', 'r.name'])
    .select([
      sql<string>`r.expire_date`.as('expire_date'),
      daysLeft('r.expire_date'),
      sql<number[]>`array(
        SELECT usl.user_id FROM user_software_licenses usl
        JOIN organization_users u ON u.id = usl.user_id
        WHERE usl.software_license_id = r.id AND ${activeUser('u')}
        ORDER BY usl.user_id)`.as('assignee_ids'),
    ])
    .where(inWindow('r.expire_date'));
  const warranties = db
    .selectFrom('assets as r')
    .select([kind('asset_warranty'), 'r.id as entity_id', 'r.name'])
    .select([
      sql<string>`r.warranty_expire_date`.as('expire_date'),
      daysLeft('r.warranty_expire_date'),
      sql<number[]>`array(
        SELECT u.id FROM organization_users u
        WHERE u.id = r.assigned_to_user_id AND ${activeUser('u')})`.as('assignee_ids'),
    ])
    .where(inWindow('r.warranty_expire_date'));

  return domains
    .unionAll(certificates)
    .unionAll(licenses)
    .unionAll(warranties)
    .orderBy('entity_type')
    .orderBy('entity_id')
    .execute();
}

/** Active admins and managers: every expiry alert goes to them. */
export async function expiryAlertStaffIds(db: Kysely<Database>, organizationId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('organization_users')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('role', 'in', ['admin', 'manager'])
    .where('is_active', '=', true)
    .where('archived_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export interface ExpiryAlertKey {
  entity_type: ExpiryEntityType;
  entity_id: number;
  expire_date: string;
  stage: ExpiryStage;
}

/**
 * Remembers alerts, skipping any (item, date, stage) already remembered, and returns only the rows
 * it inserted: those, and only those, are the alerts to send. Under two overlapping runs the second
 * insert waits on the first one's uncommitted keys and then skips them.
 */
export async function insertExpiryAlerts(
  db: Kysely<Database>,
  organizationId: number,
  alerts: ExpiryAlertKey[],
): Promise<ExpiryAlertKey[]> {
  if (alerts.length === 0) return [];
  const rows = await db
    .insertInto('expiry_alerts')
    .values(alerts.map((a) => ({ organization_id: organizationId, ...a })))
    .onConflict((oc) => oc.columns(['entity_type', 'entity_id', 'expire_date', 'stage']).doNothing())
    .returning(['entity_type', 'entity_id', 'expire_date', 'stage'])
    .execute();
  return rows.map((r) => ({
    entity_type: r.entity_type as ExpiryEntityType,
    entity_id: r.entity_id,
    expire_date: r.expire_date,
    stage: r.stage as ExpiryStage,
  }));
}
