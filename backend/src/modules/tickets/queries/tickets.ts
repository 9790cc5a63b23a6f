import {
  type Expression,
  type Insertable,
  type Kysely,
  type Selectable,
  sql,
  type SqlBool,
  type Updateable,
} from 'kysely';
import type { Database, TicketReplies, Tickets, TicketStatuses } from '../../../core/db/schema.ts';

export type TicketRow = Selectable<Tickets>;
export type ReplyRow = Selectable<TicketReplies>;
export type StatusRow = Selectable<TicketStatuses>;

/**
 * The next ticket number of the organization, taken in the caller's transaction: the counter row
 * stays locked until it commits (concurrent creates queue here) and a rollback gives the number
 * back, so numbers are unique and gap-free. A missing counter starts after the highest number.
 */
export async function nextTicketNumber(trx: Kysely<Database>, organizationId: number): Promise<number> {
  const { rows } = await sql<{ last_number: number }>`
    INSERT INTO ticket_counters (organization_id, last_number)
    VALUES (${organizationId}, (SELECT coalesce(max(number), 0) + 1 FROM tickets WHERE organization_id = ${organizationId}))
    ON CONFLICT (organization_id) DO UPDATE SET last_number = ticket_counters.last_number + 1
    RETURNING last_number`.execute(trx);
  const number = rows[0]?.last_number;
  if (number === undefined) throw new Error('ticket counter returned nothing');
  return number;
}

export async function insertTicket(trx: Kysely<Database>, values: Insertable<Tickets>): Promise<TicketRow> {
  return trx.insertInto('tickets').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateTicket(
  trx: Kysely<Database>,
  id: number,
  values: Updateable<Tickets>,
): Promise<TicketRow> {
  return trx.updateTable('tickets').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function findTicket(
  db: Kysely<Database>,
  organizationId: number,
  id: number,
): Promise<TicketRow | undefined> {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findTicketByGmailMessage(
  db: Kysely<Database>,
  organizationId: number,
  messageId: string,
): Promise<TicketRow | undefined> {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('gmail_message_id', '=', messageId)
    .executeTakeFirst();
}

export async function findTicketByThread(
  db: Kysely<Database>,
  organizationId: number,
  threadId: string,
): Promise<TicketRow | undefined> {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('gmail_thread_id', '=', threadId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function findTicketByUrlKey(
  db: Kysely<Database>,
  urlKey: string,
): Promise<TicketRow | undefined> {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('url_key', '=', urlKey)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
}

export interface TicketListOptions {
  organizationId: number;
  where: Expression<SqlBool>[];
  archived: 'false' | 'true' | 'all';
  /** Keyset: rows with id below this (newest first). */
  beforeId: number | undefined;
  limit: number;
}

/** A page of tickets (aliased `t`), newest first, keyset-paged by id. */
export async function listTickets(db: Kysely<Database>, o: TicketListOptions): Promise<TicketRow[]> {
  let query = db.selectFrom('tickets as t').selectAll('t').where('t.organization_id', '=', o.organizationId);
  if (o.archived === 'false') query = query.where('t.archived_at', 'is', null);
  if (o.archived === 'true') query = query.where('t.archived_at', 'is not', null);
  for (const condition of o.where) query = query.where(condition);
  if (o.beforeId !== undefined) query = query.where('t.id', '<', o.beforeId);
  return query.orderBy('t.id', 'desc').limit(o.limit).execute();
}

/** Tickets (aliased `t`) whose status is (not) finished. */
export function ticketStateCondition(state: 'open' | 'closed'): Expression<SqlBool> {
  return state === 'open'
    ? sql<SqlBool>`EXISTS (SELECT 1 FROM ticket_statuses s WHERE s.id = t.status_id AND NOT s.is_closed_status AND NOT s.is_resolved_status)`
    : sql<SqlBool>`EXISTS (SELECT 1 FROM ticket_statuses s WHERE s.id = t.status_id AND (s.is_closed_status OR s.is_resolved_status))`;
}

export async function statusesOf(db: Kysely<Database>, organizationId: number): Promise<StatusRow[]> {
  return db
    .selectFrom('ticket_statuses')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('display_order')
    .orderBy('id')
    .execute();
}

export async function findStatus(
  db: Kysely<Database>,
  organizationId: number,
  id: number,
): Promise<StatusRow | undefined> {
  return db
    .selectFrom('ticket_statuses')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function defaultStatus(
  db: Kysely<Database>,
  organizationId: number,
): Promise<StatusRow | undefined> {
  return db
    .selectFrom('ticket_statuses')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('archived_at', 'is', null)
    .orderBy('is_default', 'desc')
    .orderBy('display_order')
    .orderBy('id')
    .executeTakeFirst();
}

/** Watcher and asset ids per ticket (one query each for a page). */
export async function ticketLinks(
  db: Kysely<Database>,
  ticketIds: number[],
): Promise<{ watchers: Map<number, number[]>; assets: Map<number, number[]> }> {
  const watchers = new Map<number, number[]>(ticketIds.map((id) => [id, []]));
  const assets = new Map<number, number[]>(ticketIds.map((id) => [id, []]));
  if (ticketIds.length === 0) return { watchers, assets };
  const [w, a] = await Promise.all([
    db
      .selectFrom('ticket_watchers')
      .select(['ticket_id', 'user_id'])
      .where('ticket_id', 'in', ticketIds)
      .orderBy('user_id')
      .execute(),
    db
      .selectFrom('ticket_assets')
      .select(['ticket_id', 'asset_id'])
      .where('ticket_id', 'in', ticketIds)
      .orderBy('asset_id')
      .execute(),
  ]);
  for (const row of w) watchers.get(row.ticket_id)?.push(row.user_id);
  for (const row of a) assets.get(row.ticket_id)?.push(row.asset_id);
  return { watchers, assets };
}

export async function addWatchers(
  trx: Kysely<Database>,
  ticketId: number,
  userIds: number[],
): Promise<number> {
  if (userIds.length === 0) return 0;
  const result = await trx
    .insertInto('ticket_watchers')
    .values(userIds.map((user_id) => ({ ticket_id: ticketId, user_id })))
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export async function removeWatcher(
  trx: Kysely<Database>,
  ticketId: number,
  userId: number,
): Promise<number> {
  const result = await trx
    .deleteFrom('ticket_watchers')
    .where('ticket_id', '=', ticketId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function addTicketAssets(
  trx: Kysely<Database>,
  ticketId: number,
  assetIds: number[],
): Promise<void> {
  if (assetIds.length === 0) return;
  await trx
    .insertInto('ticket_assets')
    .values(assetIds.map((asset_id) => ({ ticket_id: ticketId, asset_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function addAttachment(trx: Kysely<Database>, ticketId: number, fileId: number): Promise<void> {
  await trx
    .insertInto('ticket_attachments')
    .values({ ticket_id: ticketId, file_id: fileId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function insertReply(
  trx: Kysely<Database>,
  values: Insertable<TicketReplies>,
): Promise<ReplyRow> {
  return trx.insertInto('ticket_replies').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findReplyByGmailMessage(
  db: Kysely<Database>,
  messageId: string,
): Promise<ReplyRow | undefined> {
  return db
    .selectFrom('ticket_replies')
    .selectAll()
    .where('gmail_message_id', '=', messageId)
    .executeTakeFirst();
}

/** A ticket's replies, oldest first; `publicOnly` leaves internal notes out in SQL. */
export async function repliesOf(
  db: Kysely<Database>,
  ticketId: number,
  publicOnly: boolean,
): Promise<ReplyRow[]> {
  let query = db
    .selectFrom('ticket_replies')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .where('archived_at', 'is', null);
  if (publicOnly) query = query.where('type', '=', 'public');
  return query.orderBy('created_at').orderBy('id').execute();
}

/** Users by id, for names in presented tickets and replies. */
export async function usersByIds(db: Kysely<Database>, ids: number[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0)
    return new Map<
      number,
      { id: number; email: string; first_name: string | null; last_name: string | null }
    >();
  const rows = await db
    .selectFrom('organization_users')
    .select(['id', 'email', 'first_name', 'last_name'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}
