import { EXPIRED_GRACE_DAYS } from '@helios/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';
import {
  type ExpiryCandidateRow,
  type ExpiryEntityType,
  type ExpiryStage,
  expiryAlertStaffIds,
  findExpiryCandidates,
  insertExpiryAlerts,
} from '../queries/expiry-alerts.ts';
import { notify } from '../../notifications/index.ts';

/** The first warning goes out this many days before the date. */
export const EXPIRY_LOOKAHEAD_DAYS = 45;

/**
 * The stage an item is in `daysLeft` days before its date (negative: after it), or null when it is
 * not near enough to alert. Only the stage that applies today counts: an item first seen (or seen
 * again after a missed run) with 5 days left gets the 7-day alert, not the 45- and 30-day ones it
 * never had — stale warnings would only bury the one that matters.
 */
export function expiryStage(daysLeft: number): ExpiryStage | null {
  if (daysLeft < 0) return 'expired';
  if (daysLeft <= 1) return '1_day';
  if (daysLeft <= 7) return '7_days';
  if (daysLeft <= 30) return '30_days';
  if (daysLeft <= EXPIRY_LOOKAHEAD_DAYS) return '45_days';
  return null;
}

const kinds: Record<ExpiryEntityType, { type: string; label: string; entityType: string }> = {
  domain: { type: 'domain_expiring', label: 'Domain', entityType: 'domain' },
  certificate: { type: 'certificate_expiring', label: 'Certificate', entityType: 'certificate' },
  software_license: { type: 'license_expiring', label: 'Software license', entityType: 'software_license' },
  // The alert is about the warranty, but the thing to open is the asset.
  asset_warranty: { type: 'warranty_expiring', label: 'Warranty of', entityType: 'asset' },
};

/** "expires in 7 days (2026-11-28)", "expires today (…)", "expired 3 days ago (…)". */
function when(daysLeft: number, expireDate: string): string {
  const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
  const phrase =
    daysLeft > 1
      ? `expires in ${days(daysLeft)}`
      : daysLeft === 1
        ? 'expires tomorrow'
        : daysLeft === 0
          ? 'expires today'
          : daysLeft === -1
            ? 'expired yesterday'
            : `expired ${days(-daysLeft)} ago`;
  return `${phrase} (${expireDate})`;
}

/** The notification text of one alert, e.g. "Domain example.com expires in 7 days (2026-11-28)". */
export function expiryMessage(
  item: Pick<ExpiryCandidateRow, 'entity_type' | 'name' | 'expire_date' | 'days_left'>,
): string {
  return `${kinds[item.entity_type].label} ${item.name} ${when(Number(item.days_left), item.expire_date)}`;
}

export interface ExpiryAlertSent {
  entityType: ExpiryEntityType;
  entityId: number;
  expireDate: string;
  stage: ExpiryStage;
  /** Who was notified. */
  recipients: number[];
}

export interface ExpiryAlertsRun {
  organizationId: number;
  /** The organization's today, `YYYY-MM-DD` (its time zone decides when a day turns over). */
  today: string;
}

/**
 * Sends the expiry alerts due on `today`: for every live domain, certificate, software license and
 * asset warranty within EXPIRY_LOOKAHEAD_DAYS of its date (or expired in the last
 * EXPIRED_GRACE_DAYS), the stage that applies today is remembered in expiry_alerts and, the first
 * time only, notified to the active admins and managers and to the users the item is assigned to.
 *
 * Idempotent: the unique (item, date, stage) key decides what is new, so running twice on a day, or
 * on several replicas at once, alerts once; a renewed item (new date) starts over. One transaction,
 * so an alert is remembered exactly when its notifications exist.
 */
export async function runExpiryAlerts(
  db: Kysely<Database>,
  run: ExpiryAlertsRun,
): Promise<ExpiryAlertSent[]> {
  return db.transaction().execute(async (trx) => {
    const candidates = await findExpiryCandidates(trx, {
      organizationId: run.organizationId,
      today: run.today,
      aheadDays: EXPIRY_LOOKAHEAD_DAYS,
      graceDays: EXPIRED_GRACE_DAYS,
    });
    const due = candidates.flatMap((item) => {
      const stage = expiryStage(Number(item.days_left));
      return stage ? [{ item, stage }] : [];
    });
    const inserted = await insertExpiryAlerts(
      trx,
      run.organizationId,
      due.map(({ item, stage }) => ({
        entity_type: item.entity_type,
        entity_id: item.entity_id,
        expire_date: item.expire_date,
        stage,
      })),
    );
    if (inserted.length === 0) return [];

    const staff = await expiryAlertStaffIds(trx, run.organizationId);
    const byKey = new Map(due.map((d) => [`${d.item.entity_type}:${d.item.entity_id}`, d.item]));
    const sent: ExpiryAlertSent[] = [];
    for (const alert of inserted) {
      const item = byKey.get(`${alert.entity_type}:${alert.entity_id}`);
      if (!item) continue; // cannot happen: every inserted row came from `due`
      const kind = kinds[item.entity_type];
      const recipients = await notify(trx, run.organizationId, [...staff, ...item.assignee_ids], undefined, {
        type: kind.type,
        message: expiryMessage(item),
        entityType: kind.entityType,
        entityId: item.entity_id,
        // Mailed too, to those whose channel for the type includes email.
        email: {},
      });
      sent.push({
        entityType: alert.entity_type,
        entityId: alert.entity_id,
        expireDate: alert.expire_date,
        stage: alert.stage,
        recipients,
      });
    }
    return sent;
  });
}
