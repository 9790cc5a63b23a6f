import type { Kysely, Selectable } from 'kysely';
import type { Database, SavedViews } from '../../../core/db/schema.ts';

export type SavedViewRow = Selectable<SavedViews>;

/** How many views one person keeps per list (a menu, not a store). */
export const SAVED_VIEWS_MAX = 50;

/** A person's views of a list, by name. */
export async function savedViewsOf(
  db: Kysely<Database>,
  userId: number,
  scope: string,
): Promise<SavedViewRow[]> {
  return db
    .selectFrom('saved_views')
    .selectAll()
    .where('user_id', '=', userId)
    .where('scope', '=', scope)
    .orderBy('name')
    .orderBy('id')
    .limit(SAVED_VIEWS_MAX)
    .execute();
}

/** Saves a view, replacing the person's view of the same name; `created` says which happened. */
export async function upsertSavedView(
  db: Kysely<Database>,
  values: { organization_id: number; user_id: number; scope: string; name: string; query: string },
): Promise<{ row: SavedViewRow; created: boolean }> {
  const existing = await db
    .selectFrom('saved_views')
    .select('id')
    .where('user_id', '=', values.user_id)
    .where('scope', '=', values.scope)
    .where('name', '=', values.name)
    .executeTakeFirst();
  const row = await db
    .insertInto('saved_views')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['user_id', 'scope', 'name']).doUpdateSet({ query: values.query, updated_at: new Date() }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, created: !existing };
}

/** Deletes one of the person's own views; false when they have no such view. */
export async function deleteSavedView(db: Kysely<Database>, userId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('saved_views')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
