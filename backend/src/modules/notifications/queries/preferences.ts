import type { NotificationChannel } from '@helios/shared';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';

/** The channels users chose for one type: user id → channel (absent: the default applies). */
export async function chosenChannels(
  db: Kysely<Database>,
  userIds: readonly number[],
  type: string,
): Promise<Map<number, NotificationChannel>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('notification_preferences')
    .select(['user_id', 'channel'])
    .where('user_id', 'in', [...userIds])
    .where('type', '=', type)
    .execute();
  return new Map(rows.map((r) => [r.user_id, r.channel as NotificationChannel]));
}

/** Every choice of one user: type → channel. */
export async function preferencesOf(
  db: Kysely<Database>,
  userId: number,
): Promise<Map<string, NotificationChannel>> {
  const rows = await db
    .selectFrom('notification_preferences')
    .select(['type', 'channel'])
    .where('user_id', '=', userId)
    .execute();
  return new Map(rows.map((r) => [r.type, r.channel as NotificationChannel]));
}

/** Sets (or, with null, forgets) a user's channel for each type. */
export async function savePreferences(
  db: Kysely<Database>,
  organizationId: number,
  userId: number,
  choices: readonly { type: string; channel: NotificationChannel | null }[],
): Promise<void> {
  const reset = choices.filter((c) => c.channel === null).map((c) => c.type);
  const set = choices.filter((c): c is { type: string; channel: NotificationChannel } => c.channel !== null);
  if (reset.length > 0) {
    await db
      .deleteFrom('notification_preferences')
      .where('user_id', '=', userId)
      .where('type', 'in', reset)
      .execute();
  }
  if (set.length > 0) {
    await db
      .insertInto('notification_preferences')
      .values(
        set.map((c) => ({
          organization_id: organizationId,
          user_id: userId,
          type: c.type,
          channel: c.channel,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['user_id', 'type']).doUpdateSet({
          channel: (eb) => eb.ref('excluded.channel'),
          updated_at: sql<Date>`now()`,
        }),
      )
      .execute();
  }
}

/** Email addresses of active, non-archived users among `userIds`. */
export async function mailableUsers(
  db: Kysely<Database>,
  organizationId: number,
  userIds: readonly number[],
): Promise<Map<number, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('organization_users')
    .select(['id', 'email'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...userIds])
    .where('is_active', '=', true)
    .where('archived_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r.email]));
}
