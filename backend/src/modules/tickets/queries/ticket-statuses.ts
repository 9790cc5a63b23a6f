import type { Insertable, Kysely } from 'kysely';
import type { Database, TicketStatuses } from '../../../core/db/schema.ts';

/** Inserts ticket statuses (used when the organization is created). */
export async function insertTicketStatuses(
  db: Kysely<Database>,
  rows: Insertable<TicketStatuses>[],
): Promise<void> {
  if (rows.length > 0) await db.insertInto('ticket_statuses').values(rows).execute();
}

/** Clears is_default on every status but `keepId`. */
export async function clearOtherDefaultStatuses(
  db: Kysely<Database>,
  organizationId: number,
  keepId: number | undefined,
): Promise<void> {
  let query = db
    .updateTable('ticket_statuses')
    .set({ is_default: false })
    .where('organization_id', '=', organizationId)
    .where('is_default', '=', true);
  if (keepId !== undefined) query = query.where('id', '<>', keepId);
  await query.execute();
}
