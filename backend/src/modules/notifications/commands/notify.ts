import type { Insertable, Kysely } from 'kysely';
import type { Database, Notifications } from '../../../core/db/schema.ts';
import { defaultChannel, wantsEmail, wantsInApp } from '../preferences.ts';
import { insertNotifications } from '../queries/notifications.ts';
import { chosenChannels, mailableUsers } from '../queries/preferences.ts';

/** What a template needs to render the email of a notification (ids and short labels only). */
export type EmailData = Record<string, string | number | boolean | null>;

export interface NotificationInput {
  type: string;
  message: string;
  entityType: string;
  entityId: number;
  actionUrl?: string | null;
  /**
   * Present when this notification may also go out by email (the mail module renders it from
   * these data). Absent — an internal note, say — it never leaves Helios, whatever the
   * recipient prefers.
   */
  email?: EmailData | undefined;
}

/**
 * Notifies each recipient once (duplicates and the actor who caused it are dropped), inside the
 * caller's transaction so a notification exists exactly when its cause does — and so does its
 * email: the row is the outbox the mail module's send job drains after commit, so a rolled-back
 * cause sends nothing. Each recipient's channel for the type (their choice, else the type's
 * default) decides: in Helios, by email, both, or not at all. A notification that cannot be
 * emailed is shown in Helios to someone who asked for email only, rather than lost.
 */
export async function notify(
  trx: Kysely<Database>,
  organizationId: number,
  recipients: (number | null | undefined)[],
  exceptUserId: number | undefined,
  n: NotificationInput,
): Promise<number[]> {
  const plan = await planNotifications(trx, organizationId, recipients, exceptUserId, n);
  return insertPlannedNotifications(trx, plan, n);
}

/** Who gets a notification and by which channel: decided from reads only, before its text is known. */
export interface NotificationPlan {
  organizationId: number;
  recipients: { userId: number; inApp: boolean; address: string | undefined }[];
}

/**
 * `notify`'s reads (recipients' channels and addresses), for a caller that must write the
 * notification inside a short critical section (ticket creation holds the numbering lock while it
 * writes): plan first, then `insertPlannedNotifications` with the final text — one statement.
 */
export async function planNotifications(
  db: Kysely<Database>,
  organizationId: number,
  recipients: (number | null | undefined)[],
  exceptUserId: number | undefined,
  n: Pick<NotificationInput, 'type' | 'email'>,
): Promise<NotificationPlan> {
  const ids = [
    ...new Set(recipients.filter((r): r is number => typeof r === 'number' && r !== exceptUserId)),
  ];
  if (ids.length === 0) return { organizationId, recipients: [] };
  const chosen = await chosenChannels(db, ids, n.type);
  const addresses = n.email ? await mailableUsers(db, organizationId, ids) : new Map<number, string>();
  return {
    organizationId,
    recipients: ids.flatMap((userId) => {
      const channel = chosen.get(userId) ?? defaultChannel(n.type);
      const address = wantsEmail(channel) ? addresses.get(userId) : undefined;
      const inApp = wantsInApp(channel) || (channel === 'email' && address === undefined);
      return !inApp && address === undefined ? [] : [{ userId, inApp, address }];
    }),
  };
}

/** The rows of a planned notification (`n` must have the type and email data it was planned with). */
export function plannedNotificationRows(
  plan: NotificationPlan,
  n: NotificationInput,
): (Insertable<Notifications> & { user_id: number })[] {
  return plan.recipients.map(({ userId, inApp, address }) => ({
    organization_id: plan.organizationId,
    user_id: userId,
    type: n.type,
    message: n.message.slice(0, 2000),
    action_url: n.actionUrl ?? null,
    entity_type: n.entityType,
    entity_id: n.entityId,
    in_app: inApp,
    ...(address !== undefined && n.email
      ? { email_status: 'pending', email_to: address, email_data: JSON.stringify(n.email) }
      : {}),
  }));
}

/** Writes a planned notification (`n` must have the type and email data it was planned with). */
export async function insertPlannedNotifications(
  trx: Kysely<Database>,
  plan: NotificationPlan,
  n: NotificationInput,
): Promise<number[]> {
  if (plan.recipients.length === 0) return [];
  const rows = plannedNotificationRows(plan, n);
  await insertNotifications(trx, rows);
  return rows.map((r) => r.user_id);
}
