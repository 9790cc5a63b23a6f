import type { Kysely } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';
import { insertNotifications } from '../queries/notifications.ts';

export interface NotificationInput {
  type: string;
  message: string;
  entityType: string;
  entityId: number;
  actionUrl?: string | null;
}

/**
 * Notifies each recipient once (duplicates and the actor who caused it are dropped), inside the
 * caller's transaction so a notification exists exactly when its cause does.
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
  await insertNotifications(
    trx,
    ids.map((user_id) => ({
      organization_id: organizationId,
      user_id,
      type: n.type,
      message: n.message.slice(0, 2000),
      action_url: n.actionUrl ?? null,
      entity_type: n.entityType,
      entity_id: n.entityId,
    })),
  );
  return ids;
}
