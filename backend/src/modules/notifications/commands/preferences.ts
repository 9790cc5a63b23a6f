import type { NotificationChannel } from '@helios/shared';
import type { Kysely } from 'kysely';
import { recordAudit, type AuditContext } from '../../../core/audit.ts';
import type { Database } from '../../../core/db/schema.ts';
import { savePreferences } from '../queries/preferences.ts';

/** A user sets their own channels (null: back to the default), audited in the same transaction. */
export async function setNotificationPreferences(
  db: Kysely<Database>,
  ctx: AuditContext,
  userId: number,
  choices: readonly { type: string; channel: NotificationChannel | null }[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await savePreferences(trx, ctx.organizationId, userId, choices);
    await recordAudit(trx, ctx, {
      action: 'update',
      entityType: 'notification_preferences',
      entityId: userId,
      newValue: Object.fromEntries(choices.map((c) => [c.type, c.channel])),
    });
  });
}
