import {
  type Expression,
  type Insertable,
  type Kysely,
  type Selectable,
  sql,
  type SqlBool,
  type Updateable,
} from 'kysely';
import type { TagSummary, TicketListQuery } from '@helios/shared';
import type { Actor } from '../../../core/auth/actor.ts';
import { likePattern } from '../../../core/db/like.ts';
import type {
  AuditLogs,
  Database,
  Files,
  Notifications,
  TicketReplies,
  Tickets,
  TicketStatuses,
} from '../../../core/db/schema.ts';
import { findUserByEmail } from '../../../core/queries/users.ts';
import { tagIdsOf, taggedCondition, tagsFor } from '../../../core/records/queries/tags.ts';
import { type CustomValue, loadCustomFields } from '../../../core/records/custom-field-values.ts';
import { ticketPartyCondition } from './ticket-party.ts';
import { cached } from '../../../core/cache.ts';

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

/**
 * Inserts tickets under provisional numbers, outside the numbering lock, in one statement: below
 * zero (never a real number), made of the inserting transaction's id and each ticket's place in
 * `values` (at most 100), so no other create in flight has it and the unique (organization,
 * number) index does not make creates wait on each other. (Were two transactions' ids 20 million
 * apart to meet on one, the second would only wait for the first to commit, which replaces its
 * number.) `numberTickets` replaces them before commit; a rolled-back create leaves nothing.
 * Returns the rows in the order of `values`.
 */
export async function insertProvisionalTickets(
  trx: Kysely<Database>,
  values: Omit<Insertable<Tickets>, 'number'>[],
): Promise<TicketRow[]> {
  if (values.length === 0) return [];
  if (values.length > 100) throw new Error('at most 100 provisional tickets per transaction');
  const rows = await trx
    .insertInto('tickets')
    .values(
      values.map((v, i) => ({
        ...v,
        number: sql<number>`(-((txid_current() % 20000000) * 100 + ${i}::int))::int`,
      })),
    )
    .returningAll()
    .execute();
  // The place in `values` is in the provisional number's last two digits.
  const byPlace = new Map(rows.map((r) => [-r.number % 100, r]));
  return values.map((_, i) => {
    const row = byPlace.get(i);
    if (!row) throw new Error('a provisional ticket is missing');
    return row;
  });
}

/** The rows of a create that quote the ticket's number, written by the statement that takes it. */
export interface NumberedRows {
  /** The create's audit row; its `new_value` gets the number at its top-level `number` key. */
  audit: Insertable<AuditLogs>;
  /** Notifications whose message is `before` + the display number (`TKT-42`) + `after`. */
  notifications: (Omit<Insertable<Notifications>, 'message'> & { before: string; after: string })[];
}

/**
 * Gives provisionally inserted tickets of one organization their gap-free numbers, in the order
 * given, and writes the rows that quote them — one statement, the only one of a create (or of a
 * group of creates) that holds the counter's row lock before commit, so concurrent creates queue
 * for one statement and a commit, not for a round trip per write. The lock lasts until the
 * caller's transaction ends and a rollback gives the numbers back, so numbers are unique and
 * gap-free. A missing counter starts after the highest number (provisional ones, below zero, are
 * not numbers). Returns the numbered tickets in the order given.
 */
export async function numberTickets(
  trx: Kysely<Database>,
  organizationId: number,
  tickets: { ticket: Pick<TicketRow, 'id'>; rows: NumberedRows }[],
): Promise<TicketRow[]> {
  if (tickets.length === 0) return [];
  const org = organizationId;
  const k = tickets.length;
  const items = tickets.map(({ ticket, rows: { audit: a } }, i) => ({
    ord: i + 1,
    ticket_id: ticket.id,
    organization_id: a.organization_id,
    action: a.action,
    entity_type: a.entity_type ?? null,
    entity_id: a.entity_id ?? null,
    description: a.description ?? null,
    old_value: a.old_value ?? null,
    new_value: a.new_value ?? '{}',
    user_id: a.user_id ?? null,
    ip_address: a.ip_address ?? null,
    user_agent: a.user_agent ?? null,
  }));
  const notes = tickets.flatMap(({ ticket, rows }) =>
    rows.notifications.map((n) => ({
      ticket_id: ticket.id,
      organization_id: n.organization_id,
      user_id: n.user_id,
      type: n.type,
      before: n.before,
      after: n.after,
      action_url: n.action_url ?? null,
      entity_type: n.entity_type ?? null,
      entity_id: n.entity_id ?? null,
      in_app: n.in_app ?? true,
      email_status: n.email_status ?? null,
      email_to: n.email_to ?? null,
      email_data: n.email_data ?? null,
    })),
  );
  const { rows: numbered } = await sql<TicketRow>`
    WITH v AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(items)}::jsonb) AS v(
        ord int, ticket_id int, organization_id int, action text, entity_type text, entity_id int,
        description text, old_value text, new_value text, user_id int, ip_address text, user_agent text)
    ), n AS (
      INSERT INTO ticket_counters (organization_id, last_number)
      VALUES (${org}, (SELECT coalesce(max(number), 0) + ${k}::int FROM tickets
                       WHERE organization_id = ${org} AND number > 0))
      ON CONFLICT (organization_id) DO UPDATE SET last_number = ticket_counters.last_number + ${k}::int
      RETURNING last_number
    ), t AS (
      UPDATE tickets SET number = n.last_number - ${k}::int + v.ord FROM n, v
      WHERE tickets.id = v.ticket_id AND tickets.organization_id = ${org}
      RETURNING tickets.*
    ), a AS (
      INSERT INTO audit_logs (organization_id, action, entity_type, entity_id, description, old_value,
                              new_value, user_id, ip_address, user_agent)
      SELECT v.organization_id, v.action, v.entity_type, v.entity_id, v.description, v.old_value::jsonb,
             jsonb_set(v.new_value::jsonb, '{number}', to_jsonb(t.number)), v.user_id, v.ip_address,
             v.user_agent
      FROM v JOIN t ON t.id = v.ticket_id
    ), x AS (
      INSERT INTO notifications (organization_id, user_id, type, message, action_url, entity_type,
                                 entity_id, in_app, email_status, email_to, email_data)
      SELECT w.organization_id, w.user_id, w.type, left(w.before || t.prefix || '-' || t.number || w.after, 2000),
             w.action_url, w.entity_type, w.entity_id, w.in_app, w.email_status, w.email_to, w.email_data::jsonb
      FROM jsonb_to_recordset(${JSON.stringify(notes)}::jsonb) AS w(
        ticket_id int, organization_id int, user_id int, type text, before text, after text,
        action_url text, entity_type text, entity_id int, in_app boolean, email_status text,
        email_to text, email_data text)
      JOIN t ON t.id = w.ticket_id
    )
    SELECT * FROM t`.execute(trx);
  const byId = new Map(numbered.map((r) => [r.id, r]));
  return tickets.map(({ ticket }) => {
    const row = byId.get(ticket.id);
    if (!row) throw new Error(`ticket ${ticket.id} to number is missing`);
    return row;
  });
}

export async function insertTicket(trx: Kysely<Database>, values: Insertable<Tickets>): Promise<TicketRow> {
  return trx.insertInto('tickets').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateTicketRow(
  trx: Kysely<Database>,
  id: number,
  values: Updateable<Tickets>,
): Promise<TicketRow> {
  // An update that sets nothing (`PATCH {}`) reads the row: `UPDATE … SET` with no column is no SQL.
  if (Object.keys(values).length === 0)
    return trx.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
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

/** The ticket made from this Gmail message of this mailbox (ids are per mailbox). */
export async function findTicketByGmailMessage(
  db: Kysely<Database>,
  organizationId: number,
  mailbox: string,
  messageId: string,
): Promise<TicketRow | undefined> {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('gmail_mailbox', '=', mailbox)
    .where('gmail_message_id', '=', messageId)
    .executeTakeFirst();
}

/**
 * Tickets made from copies of one email in other mailboxes (same RFC 822 Message-ID), with who
 * filed them: only a filing by IT staff or from the watched mailbox speaks for the email.
 */
export async function ticketsFromEmail(
  db: Kysely<Database>,
  organizationId: number,
  rfc822MessageId: string,
) {
  return db
    .selectFrom('tickets as t')
    .innerJoin('organization_users as u', 'u.id', 't.created_by_user_id')
    .selectAll('t')
    .select('u.role as creator_role')
    .where('t.organization_id', '=', organizationId)
    .where('t.gmail_rfc822_message_id', '=', rfc822MessageId)
    .orderBy('t.id')
    .limit(20)
    .execute();
}

/**
 * The newest ticket filed from this Gmail thread — of this mailbox when given (thread ids are per
 * mailbox: the add-on's "is this thread a ticket?" guard asks for the filer's own).
 */
export async function findTicketByThread(
  db: Kysely<Database>,
  organizationId: number,
  threadId: string,
  mailbox?: string,
): Promise<TicketRow | undefined> {
  let query = db
    .selectFrom('tickets')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('gmail_thread_id', '=', threadId);
  if (mailbox !== undefined) query = query.where('gmail_mailbox', '=', mailbox);
  return query.orderBy('id', 'desc').executeTakeFirst();
}

/** A live ticket of ours at this link revision (a share key names both). */
export async function findSharedTicket(
  db: Kysely<Database>,
  organizationId: number,
  id: number,
  revision: number,
): Promise<TicketRow | undefined> {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('share_revision', '=', revision)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
}

/**
 * A page of the tickets the actor may read (aliased `t`), newest (or oldest) first, keyset-paged by
 * id (`afterId` is the last id of the previous page, in the page's own order), with the
 * list's filters (api.md): status open/closed/<id>, assignee me/none/<id>, related user by id or
 * email, priority, category, source, asset, and `q` over the subject or the ticket's number.
 */
export async function listTickets(
  db: Kysely<Database>,
  actor: Actor,
  q: TicketListQuery,
  /** Further conditions on `t` (custom field filters). */
  more: readonly Expression<SqlBool>[],
  page: { afterId: number | undefined; limit: number },
): Promise<TicketRow[]> {
  const oldest = q.sort === 'oldest';
  let query = db
    .selectFrom('tickets as t')
    .selectAll('t')
    .where('t.organization_id', '=', actor.organizationId)
    .where(ticketPartyCondition(actor));
  if (q.archived === 'false') query = query.where('t.archived_at', 'is', null);
  if (q.archived === 'true') query = query.where('t.archived_at', 'is not', null);
  for (const condition of [...(await listConditions(db, actor, q)), ...more]) query = query.where(condition);
  if (page.afterId !== undefined) query = query.where('t.id', oldest ? '>' : '<', page.afterId);
  return query
    .orderBy('t.id', oldest ? 'asc' : 'desc')
    .limit(page.limit)
    .execute();
}

/** The list's filters → SQL on `t`. */
async function listConditions(
  db: Kysely<Database>,
  actor: Actor,
  q: TicketListQuery,
): Promise<Expression<SqlBool>[]> {
  const where: Expression<SqlBool>[] = [];
  if (q.status === 'open' || q.status === 'closed') where.push(ticketStateCondition(q.status));
  else if (q.status) where.push(sql<SqlBool>`t.status_id = ${Number(q.status)}`);
  if (q.assignedTo === 'me') where.push(sql<SqlBool>`t.assigned_to_user_id = ${actor.userId}`);
  else if (q.assignedTo === 'none') where.push(sql<SqlBool>`t.assigned_to_user_id IS NULL`);
  else if (q.assignedTo) where.push(sql<SqlBool>`t.assigned_to_user_id = ${Number(q.assignedTo)}`);
  if (q.relatedUser) {
    const id = /^\d+$/.test(q.relatedUser)
      ? Number(q.relatedUser)
      : (await findUserByEmail(db, actor.organizationId, q.relatedUser))?.id;
    where.push(id === undefined ? sql<SqlBool>`false` : sql<SqlBool>`t.related_user_id = ${id}`);
  }
  if (q.priority) where.push(sql<SqlBool>`t.priority = ${q.priority}`);
  if (q.category) where.push(sql<SqlBool>`t.category = ${q.category}`);
  if (q.source) where.push(sql<SqlBool>`t.source = ${q.source}`);
  if (q.assetId)
    where.push(
      sql<SqlBool>`EXISTS (SELECT 1 FROM ticket_assets ta WHERE ta.ticket_id = t.id AND ta.asset_id = ${q.assetId})`,
    );
  const tagIds = tagIdsOf(q.tag);
  if (tagIds.length > 0) where.push(taggedCondition('tickets', 't', tagIds, q.tagMode));
  if (q.q) {
    const pattern = likePattern(q.q);
    // `TKT-1042` or `1042` also finds the ticket by its number.
    const asNumber = /^(?:[A-Za-z]+-)?(\d{1,9})$/.exec(q.q)?.[1];
    where.push(
      asNumber
        ? sql<SqlBool>`(t.subject ILIKE ${pattern} OR t.number = ${Number(asNumber)})`
        : sql<SqlBool>`t.subject ILIKE ${pattern}`,
    );
  }
  return where;
}

/** Tickets (aliased `t`) whose status is (not) finished. */
function ticketStateCondition(state: 'open' | 'closed'): Expression<SqlBool> {
  return state === 'open'
    ? sql<SqlBool>`EXISTS (SELECT 1 FROM ticket_statuses s WHERE s.id = t.status_id AND NOT s.is_closed_status AND NOT s.is_resolved_status)`
    : sql<SqlBool>`EXISTS (SELECT 1 FROM ticket_statuses s WHERE s.id = t.status_id AND (s.is_closed_status OR s.is_resolved_status))`;
}

/**
 * The organization's statuses in display order (a handful): read by every ticket create and
 * status change, so through the process's cache (core/cache.ts; any change to the table drops it).
 */
export async function statusesOf(db: Kysely<Database>, organizationId: number): Promise<StatusRow[]> {
  const rows = await cached(db, 'ticket_statuses', String(organizationId), () =>
    db
      .selectFrom('ticket_statuses')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('display_order')
      .orderBy('id')
      .execute(),
  );
  return [...rows];
}

export async function findStatus(
  db: Kysely<Database>,
  organizationId: number,
  id: number,
): Promise<StatusRow | undefined> {
  return (await statusesOf(db, organizationId)).find((s) => s.id === id);
}

/** The default live status, else the first live one in display order. */
export async function defaultStatus(
  db: Kysely<Database>,
  organizationId: number,
): Promise<StatusRow | undefined> {
  const live = (await statusesOf(db, organizationId)).filter((s) => s.archived_at === null);
  return live.find((s) => s.is_default) ?? live[0];
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

/** Which attachment of which Gmail message a file is (see `findAttachmentFromGmail`). */
export interface GmailAttachmentKey {
  mailbox: string;
  messageId: string;
  index: number;
}

/**
 * Attaches a file (attaching it twice is harmless); false when nothing was inserted — the file is
 * attached already, or the Gmail attachment `gmail` names is (the partial unique index).
 */
export async function addAttachment(
  trx: Kysely<Database>,
  ticketId: number,
  fileId: number,
  gmail?: GmailAttachmentKey,
): Promise<boolean> {
  const inserted = await trx
    .insertInto('ticket_attachments')
    .values({
      ticket_id: ticketId,
      file_id: fileId,
      ...(gmail
        ? {
            gmail_mailbox: gmail.mailbox,
            gmail_message_id: gmail.messageId,
            gmail_attachment_index: gmail.index,
          }
        : {}),
    })
    .onConflict((oc) => oc.doNothing())
    .returning('file_id')
    .execute();
  return inserted.length > 0;
}

/** The file a Gmail attachment already became on this ticket, if any. */
export async function findAttachmentFromGmail(
  db: Kysely<Database>,
  ticketId: number,
  gmail: GmailAttachmentKey,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('ticket_attachments')
    .select('file_id')
    .where('ticket_id', '=', ticketId)
    .where('gmail_mailbox', '=', gmail.mailbox)
    .where('gmail_message_id', '=', gmail.messageId)
    .where('gmail_attachment_index', '=', gmail.index)
    .executeTakeFirst();
  return row?.file_id;
}

/** Which of `ids` are the user's own assets (assigned to them or linked to them), live ones only. */
export async function ownAssetIdsAmong(
  db: Kysely<Database>,
  userId: number,
  ids: readonly number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('assets as a')
    .select('a.id')
    .where('a.id', 'in', [...ids])
    .where('a.archived_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('a.assigned_to_user_id', '=', userId),
        eb.exists(
          eb
            .selectFrom('user_assets as ua')
            .select('ua.asset_id')
            .whereRef('ua.asset_id', '=', 'a.id')
            .where('ua.user_id', '=', userId),
        ),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => r.id));
}

export type AttachedFileRow = Selectable<Files> & { attached_ticket_id: number };

/** A ticket's attached files (live ones), oldest first. */
export async function attachmentsOf(db: Kysely<Database>, ticketId: number): Promise<AttachedFileRow[]> {
  return db
    .selectFrom('ticket_attachments as ta')
    .innerJoin('files as f', 'f.id', 'ta.file_id')
    .selectAll('f')
    .select('ta.ticket_id as attached_ticket_id')
    .where('ta.ticket_id', '=', ticketId)
    .where('f.archived_at', 'is', null)
    .orderBy('f.id')
    .execute();
}

/** One file attached to the ticket (live), if it is. */
export async function findAttachment(
  db: Kysely<Database>,
  ticketId: number,
  fileId: number,
): Promise<AttachedFileRow | undefined> {
  return db
    .selectFrom('ticket_attachments as ta')
    .innerJoin('files as f', 'f.id', 'ta.file_id')
    .selectAll('f')
    .select('ta.ticket_id as attached_ticket_id')
    .where('ta.ticket_id', '=', ticketId)
    .where('ta.file_id', '=', fileId)
    .where('f.archived_at', 'is', null)
    .executeTakeFirst();
}

export async function insertReply(
  trx: Kysely<Database>,
  values: Insertable<TicketReplies>,
): Promise<ReplyRow> {
  return trx.insertInto('ticket_replies').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The reply made from this Gmail message of this mailbox. */
export async function findReplyByGmailMessage(
  db: Kysely<Database>,
  mailbox: string,
  messageId: string,
): Promise<ReplyRow | undefined> {
  return db
    .selectFrom('ticket_replies')
    .selectAll()
    .where('gmail_mailbox', '=', mailbox)
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

/** A person named in a presented ticket or reply. */
export interface PersonRow {
  id: number;
  email: string;
  first_name: string | null;
  last_name: string | null;
}

/** Users by id, for names in presented tickets and replies. */
export async function usersByIds(db: Kysely<Database>, ids: number[]): Promise<Map<number, PersonRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('organization_users')
    .select(['id', 'email', 'first_name', 'last_name'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** A ticket's watchers with their roles (who hears of internal notes depends on it). */
export async function watchersWithRoles(
  db: Kysely<Database>,
  ticketId: number,
): Promise<{ id: number; role: string }[]> {
  return db
    .selectFrom('ticket_watchers as w')
    .innerJoin('organization_users as u', 'u.id', 'w.user_id')
    .select(['u.id', 'u.role'])
    .where('w.ticket_id', '=', ticketId)
    .execute();
}

/** Everything presenting a set of tickets needs beyond their rows. */
export interface TicketExtras {
  statuses: Map<number, StatusRow>;
  watchers: Map<number, number[]>;
  assets: Map<number, number[]>;
  /** Creators, assignees and related users. */
  users: Map<number, PersonRow>;
  /** The live tags of each ticket. */
  tags: Map<number, TagSummary[]>;
  /** Custom field values of each ticket. */
  customFields: Map<number, Record<string, CustomValue>>;
  /** The key of a ticket's public link (derived, see share-links.ts); absent: no link shown. */
  shareKey?: (ticket: TicketRow) => string;
}

/**
 * What presenting `tickets` needs — their statuses, watchers, assets and people — in a constant
 * number of queries however many tickets there are. Pass the transaction that wrote them to see
 * its own changes.
 */
export async function ticketExtras(
  db: Kysely<Database>,
  organizationId: number,
  tickets: readonly TicketRow[],
): Promise<TicketExtras> {
  const ids = tickets.map((t) => t.id);
  const [statuses, links, users, tags, customFields] = await Promise.all([
    tickets.length === 0 ? [] : statusesOf(db, organizationId),
    ticketLinks(
      db,
      tickets.map((t) => t.id),
    ),
    usersByIds(
      db,
      tickets.flatMap((t) =>
        [t.created_by_user_id, t.assigned_to_user_id, t.related_user_id].filter(
          (id): id is number => id !== null,
        ),
      ),
    ),
    tagsFor(db, 'tickets', ids),
    loadCustomFields(db, organizationId, 'tickets', ids),
  ]);
  return { statuses: new Map(statuses.map((s) => [s.id, s])), ...links, users, tags, customFields };
}

/** Which of these tag ids are live tags of ours that may go on a ticket (type ticket, general or none). */
export async function ticketTagIdsAmong(
  db: Kysely<Database>,
  organizationId: number,
  ids: readonly number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('tags')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...ids])
    .where('archived_at', 'is', null)
    .where((eb) => eb.or([eb('type', 'is', null), eb('type', 'in', ['ticket', 'general'])]))
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function addTicketTags(
  trx: Kysely<Database>,
  ticketId: number,
  tagIds: readonly number[],
): Promise<void> {
  if (tagIds.length === 0) return;
  await trx
    .insertInto('ticket_tags')
    .values(tagIds.map((tag_id) => ({ ticket_id: ticketId, tag_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The active, live users of ours with these emails (case-insensitive), as ids. */
export async function activeUserIdsByEmail(
  db: Kysely<Database>,
  organizationId: number,
  emails: readonly string[],
): Promise<number[]> {
  if (emails.length === 0) return [];
  const rows = await db
    .selectFrom('organization_users')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where(sql<string>`lower(email)`, 'in', [...new Set(emails.map((e) => e.toLowerCase()))])
    .where('is_active', '=', true)
    .where('archived_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * What the add-on's ticket form picks from, in one statement: the active IT staff (assignees), the
 * categories the organization's newest 5000 tickets use (most used first, 50 at most: bounded
 * work however many tickets there are) and the live tags a
 * ticket may carry (100 at most, by name).
 */
export async function ticketFormOptions(
  db: Kysely<Database>,
  organizationId: number,
): Promise<{
  assignees: Array<{ id: number; first_name: string | null; last_name: string | null; email: string }>;
  categories: string[];
  tags: TagSummary[];
}> {
  const { rows } = await sql<{
    assignees: Array<{
      id: number;
      first_name: string | null;
      last_name: string | null;
      email: string;
    }> | null;
    categories: string[] | null;
    tags: TagSummary[] | null;
  }>`
    SELECT
      (SELECT json_agg(json_build_object('id', u.id, 'first_name', u.first_name, 'last_name', u.last_name,
                'email', u.email) ORDER BY lower(coalesce(u.first_name, u.email)), u.id)
         FROM organization_users u
         WHERE u.organization_id = ${organizationId} AND u.role IN ('admin', 'manager')
           AND u.is_active AND u.archived_at IS NULL) AS assignees,
      (SELECT json_agg(c.category ORDER BY c.n DESC, c.category) FROM (
         SELECT r.category, count(*) AS n FROM (
           SELECT t.category FROM tickets t
           WHERE t.organization_id = ${organizationId} AND t.category IS NOT NULL AND t.category <> ''
           ORDER BY t.id DESC LIMIT 5000) r
         GROUP BY r.category ORDER BY n DESC, r.category LIMIT 50) c) AS categories,
      (SELECT json_agg(json_build_object('id', g.id, 'name', g.name, 'type', g.type, 'color', g.color) ORDER BY g.name, g.id)
         FROM (SELECT id, name, type, color FROM tags
               WHERE organization_id = ${organizationId} AND archived_at IS NULL
                 AND (type IS NULL OR type IN ('ticket', 'general'))
               ORDER BY name, id LIMIT 100) g) AS tags`.execute(db);
  const row = rows[0];
  return { assignees: row?.assignees ?? [], categories: row?.categories ?? [], tags: row?.tags ?? [] };
}
