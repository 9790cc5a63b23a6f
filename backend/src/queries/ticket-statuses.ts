import type { Insertable, Kysely } from 'kysely';
import type { Database, TicketStatuses } from '../db/schema.ts';

/** Inserts ticket statuses (used when the organization is created). */
export async function insertTicketStatuses(
  db: Kysely<Database>,
  rows: Insertable<TicketStatuses>[],
): Promise<void> {
  if (rows.length > 0) await db.insertInto('ticket_statuses').values(rows).execute();
}
