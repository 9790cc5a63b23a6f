import type { Kysely } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';
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
  const ids = [
    ...new Set(recipients.filter((r): r is number => typeof r === 'number' && r !== exceptUserId)),
  ];
  if (ids.length === 0) return [];
  const chosen = await chosenChannels(trx, ids, n.type);
  const addresses = n.email ? await mailableUsers(trx, organizationId, ids) : new Map<number, string>();
  const rows = ids.flatMap((user_id) => {
    const channel = chosen.get(user_id) ?? defaultChannel(n.type);
    const address = wantsEmail(channel) ? addresses.get(user_id) : undefined;
    const inApp = wantsInApp(channel) || (channel === 'email' && address === undefined);
    if (!inApp && address === undefined) return [];
    return [
      {
        organization_id: organizationId,
        user_id,
        type: n.type,
        message: n.message.slice(0, 2000),
        action_url: n.actionUrl ?? null,
        entity_type: n.entityType,
        entity_id: n.entityId,
        in_app: inApp,
        ...(address !== undefined && n.email
          ? { email_status: 'pending', email_to: address, email_data: JSON.stringify(n.email) }
          : {}),
      },
    ];
  });
  await insertNotifications(trx, rows);
  return rows.map((r) => r.user_id);
}
