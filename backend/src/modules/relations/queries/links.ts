import { type Expression, type Kysely, sql, type SqlBool } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';
import type { RecordTable, Row } from '../../../core/records/definition.ts';

// Junction tables and their columns come from the link registry (code, never input); the loosely
// typed view of the database stays inside this module, as in queries/records.ts.
type LooseDatabase = Record<string, Row>;
const loose = (db: Kysely<Database>): Kysely<LooseDatabase> => db as unknown as Kysely<LooseDatabase>;

/** One row of a junction: its two columns and the ids they hold. */
export interface JunctionRow {
  table: RecordTable;
  values: Record<string, number>;
}

/** Inserts the link; false when it already existed (linking is idempotent). */
export async function insertLink(db: Kysely<Database>, link: JunctionRow): Promise<boolean> {
  const rows = await loose(db)
    .insertInto(link.table)
    .values(link.values)
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .execute();
  return rows.length > 0;
}

/** Deletes the link; false when there was none. */
export async function deleteLink(db: Kysely<Database>, link: JunctionRow): Promise<boolean> {
  let query = loose(db).deleteFrom(link.table);
  for (const [column, id] of Object.entries(link.values)) query = query.where(column, '=', id);
  const rows = await query.returningAll().execute();
  return rows.length > 0;
}

export interface LinkedRowsQuery {
  junction: RecordTable;
  /** Junction column holding the id of the record we start from. */
  fromColumn: string;
  /** Junction column holding the ids of the linked records. */
  toColumn: string;
  /** Table of the linked records (aliased `r`, so read scopes apply). */
  toTable: RecordTable;
  organizationId: number;
  id: number;
  /** Narrows the linked records to those the actor may read; undefined = all. */
  scope: Expression<SqlBool> | undefined;
}

/** The records linked to one record through one junction table, oldest first. */
export async function linkedRows(db: Kysely<Database>, q: LinkedRowsQuery): Promise<Row[]> {
  let query = loose(db)
    .selectFrom(`${q.toTable} as r`)
    .selectAll('r')
    .where(sql.ref('r.organization_id'), '=', q.organizationId)
    .where(
      sql<SqlBool>`r.id IN (SELECT ${sql.ref(q.toColumn)} FROM ${sql.table(q.junction)} WHERE ${sql.ref(q.fromColumn)} = ${q.id})`,
    );
  if (q.scope) query = query.where(q.scope);
  return query.orderBy(sql`r.id`).execute();
}

/** What links and tags need of a ticket (tickets have no generic definition yet). */
export interface TicketLinkRow {
  id: number;
  subject: string;
  prefix: string;
  number: number;
  archived_at: Date | null;
  created_by_user_id: number;
  related_user_id: number | null;
  watcher_user_ids: number[];
}

/** A ticket of ours with the facts its read policy needs, or undefined. */
export async function findTicketForLinks(
  db: Kysely<Database>,
  organizationId: number,
  id: number,
): Promise<TicketLinkRow | undefined> {
  const ticket = await db
    .selectFrom('tickets')
    .select(['id', 'subject', 'prefix', 'number', 'archived_at', 'created_by_user_id', 'related_user_id'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!ticket) return undefined;
  const watchers = await db
    .selectFrom('ticket_watchers')
    .select('user_id')
    .where('ticket_id', '=', id)
    .execute();
  return { ...ticket, watcher_user_ids: watchers.map((w) => w.user_id) };
}
