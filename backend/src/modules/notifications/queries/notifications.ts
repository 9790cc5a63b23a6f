import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Database, Notifications } from '../../../core/db/schema.ts';

export type NotificationRow = Selectable<Notifications>;

export async function insertNotifications(
  db: Kysely<Database>,
  rows: Insertable<Notifications>[],
): Promise<void> {
  if (rows.length > 0) await db.insertInto('notifications').values(rows).execute();
}

/** A user's notifications (dismissed ones never), newest first, keyset-paged by id. */
export async function listNotifications(
  db: Kysely<Database>,
  userId: number,
  options: { unread: boolean | undefined; beforeId: number | undefined; limit: number },
): Promise<NotificationRow[]> {
  let query = db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .where('in_app', '=', true)
    .where('dismissed_at', 'is', null);
  if (options.unread !== undefined) query = query.where('is_read', '=', !options.unread);
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
  return query.orderBy('id', 'desc').limit(options.limit).execute();
}

export async function unreadCount(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('in_app', '=', true)
    .where('is_read', '=', false)
    .where('dismissed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function findNotification(
  db: Kysely<Database>,
  userId: number,
  id: number,
): Promise<NotificationRow | undefined> {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .where('in_app', '=', true)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Marks one (id) or all of a user's notifications read; returns how many changed. */
export async function markRead(db: Kysely<Database>, userId: number, id?: number): Promise<number> {
  let query = db
    .updateTable('notifications')
    .set({ is_read: true, read_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('is_read', '=', false);
  if (id !== undefined) query = query.where('id', '=', id);
  return Number((await query.executeTakeFirst()).numUpdatedRows);
}

export async function dismiss(
  db: Kysely<Database>,
  userId: number,
  id: number,
): Promise<NotificationRow | undefined> {
  return db
    .updateTable('notifications')
    .set({
      dismissed_at: sql<Date>`coalesce(dismissed_at, now())`,
      is_read: true,
      read_at: sql<Date>`coalesce(read_at, now())`,
    })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
