import {
  attachmentCreateSchema,
  feedbackSchema,
  idParamsSchema,
  idSchema,
  replyCreateSchema,
  ticketCreateSchema,
  ticketListQuerySchema,
  ticketUpdateSchema,
} from '@helios/shared';
import { type Request, Router } from 'express';
import { type Expression, type Kysely, sql, type SqlBool } from 'kysely';
import { z } from 'zod';
import {
  addReplyCommand,
  attachFile,
  createTicket,
  giveFeedback,
  setTicketArchived,
  setWatching,
  updateTicketCommand,
} from '../commands/tickets.ts';
import type { Database } from '../../../core/db/schema.ts';
import { actorOf, auditContextOf } from '../../../core/http/context.ts';
import { decodeCursor, encodeCursor, idCursorSchema } from '../../../core/http/cursor.ts';
import { forbidden, notFound } from '../../../core/errors.ts';
import { withIdempotency } from '../../../core/http/idempotency.ts';
import { parse } from '../../../core/http/validate.ts';
import { type Actor, isStaff } from '../../../core/auth/actor.ts';
import { canTicket, type TicketRecord } from '../policies/tickets.ts';
import { presentReply, presentTicket } from '../presenters/tickets.ts';
import { findOrganization } from '../../../core/queries/organizations.ts';
import { ticketPartyCondition } from '../queries/ticket-summaries.ts';
import {
  findTicket,
  findTicketByThread,
  listTickets,
  repliesOf,
  statusesOf,
  ticketLinks,
  ticketStateCondition,
  type TicketRow,
  usersByIds,
} from '../queries/tickets.ts';
import { findUserByEmail } from '../../../core/queries/users.ts';
import type { ModuleContext } from '../../../core/module.ts';

const threadParamsSchema = z.object({ threadId: z.string().trim().min(1).max(200) }).strict();
const watcherParamsSchema = z.object({ id: idSchema, userId: idSchema }).strict();

/** Presents tickets with their status, people, watchers and assets (a constant number of queries). */
export async function presentTickets(db: Kysely<Database>, actor: Actor, rows: TicketRow[]) {
  if (rows.length === 0) return [];
  const organizationId = rows[0]?.organization_id ?? actor.organizationId;
  const [statuses, links, users] = await Promise.all([
    statusesOf(db, organizationId),
    ticketLinks(
      db,
      rows.map((r) => r.id),
    ),
    usersByIds(
      db,
      rows.flatMap((r) =>
        [r.created_by_user_id, r.assigned_to_user_id, r.related_user_id].filter(
          (id): id is number => id !== null,
        ),
      ),
    ),
  ]);
  const byId = new Map(statuses.map((s) => [s.id, s]));
  return rows.map((row) => {
    const status = byId.get(row.status_id);
    if (!status) throw new Error(`ticket ${row.id} has an unknown status`);
    return presentTicket(row, {
      status,
      users,
      watcherUserIds: links.watchers.get(row.id) ?? [],
      assetIds: links.assets.get(row.id) ?? [],
      showUrlKey: true,
    });
  });
}

/** A ticket the actor may read (with its watchers), or 404 — existence must not leak. */
async function loadTicket(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
): Promise<{ ticket: TicketRow; record: TicketRecord }> {
  const ticket = await findTicket(db, actor.organizationId, id);
  if (ticket) {
    const { watchers } = await ticketLinks(db, [ticket.id]);
    const record = {
      createdByUserId: ticket.created_by_user_id,
      relatedUserId: ticket.related_user_id,
      watcherUserIds: watchers.get(ticket.id) ?? [],
    };
    if (canTicket(actor, 'read', record)) return { ticket, record };
  }
  throw notFound('No such ticket');
}

async function presentOne(db: Kysely<Database>, actor: Actor, ticket: TicketRow) {
  const [presented] = await presentTickets(db, actor, [ticket]);
  return presented;
}

/** List filters → SQL on `t` (the actor's scope is always one of them). */
async function listConditions(
  db: Kysely<Database>,
  actor: Actor,
  q: z.infer<typeof ticketListQuerySchema>,
): Promise<Expression<SqlBool>[]> {
  const where: Expression<SqlBool>[] = [ticketPartyCondition(actor)];
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
  if (q.q) {
    const pattern = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const asNumber = /^(?:[A-Za-z]+-)?(\d{1,9})$/.exec(q.q)?.[1];
    where.push(
      asNumber
        ? sql<SqlBool>`(t.subject ILIKE ${pattern} OR t.number = ${Number(asNumber)})`
        : sql<SqlBool>`t.subject ILIKE ${pattern}`,
    );
  }
  return where;
}

/**
 * Tickets (api.md): create (Idempotency-Key, Gmail exactly-once), list with filters, get with the
 * replies the caller may see, update (status stamps), archive/restore, replies, watchers,
 * attachments, feedback, and lookup by Gmail thread. Internal replies never reach users or contacts.
 */
export function ticketRoutes({ db }: ModuleContext): Router {
  const router = Router();

  router.post('/tickets', async (req: Request, res) => {
    const actor = actorOf(req);
    const input = parse(ticketCreateSchema, req.body ?? {});
    if (!canTicket(actor, 'create')) throw forbidden();
    const organization = await findOrganization(db);
    if (!organization) throw notFound('No organization');
    const result = await withIdempotency(db, req, async (remember) => {
      let stored: { status: number; body: unknown } | undefined;
      // With an Idempotency-Key the answer is presented and stored inside the create's transaction;
      // without one it is presented after the commit, so the numbering lock is held no longer
      // than the insert needs.
      const onCreated = remember
        ? async (trx: Kysely<Database>, row: TicketRow) => {
            stored = { status: 201, body: { data: await presentOne(trx, actor, row) } };
            await remember(trx, stored);
          }
        : undefined;
      const { ticket, created } = await createTicket(
        db,
        actor,
        auditContextOf(req),
        organization,
        input,
        onCreated,
      );
      if (stored) return stored;
      return { status: created ? 201 : 200, body: { data: await presentOne(db, actor, ticket) } };
    });
    res.status(result.status).json(result.body);
  });

  router.get('/tickets', async (req, res) => {
    const actor = actorOf(req);
    const query = parse(ticketListQuerySchema, req.query);
    const cursor = decodeCursor(idCursorSchema, query.cursor);
    const rows = await listTickets(db, {
      organizationId: actor.organizationId,
      where: await listConditions(db, actor, query),
      archived: query.archived,
      beforeId: cursor?.id,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    res.json({
      data: await presentTickets(db, actor, page),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ id: last.id }) : null,
    });
  });

  router.get('/tickets/by-gmail-thread/:threadId', async (req, res) => {
    const actor = actorOf(req);
    const { threadId } = parse(threadParamsSchema, req.params);
    const found = await findTicketByThread(db, actor.organizationId, threadId);
    if (!found) throw notFound('No ticket for this thread');
    const { ticket } = await loadTicket(db, actor, found.id);
    res.json({ data: await presentOne(db, actor, ticket) });
  });

  router.get('/tickets/:id', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    const { ticket, record } = await loadTicket(db, actor, id);
    const replies = await repliesOf(db, ticket.id, !canTicket(actor, 'read_internal', record));
    const users = await usersByIds(
      db,
      replies.map((r) => r.created_by_user_id),
    );
    res.json({
      data: { ...(await presentOne(db, actor, ticket)), replies: replies.map((r) => presentReply(r, users)) },
    });
  });

  router.get('/tickets/:id/replies', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    const { ticket, record } = await loadTicket(db, actor, id);
    const replies = await repliesOf(db, ticket.id, !canTicket(actor, 'read_internal', record));
    const users = await usersByIds(
      db,
      replies.map((r) => r.created_by_user_id),
    );
    res.json({ data: replies.map((r) => presentReply(r, users)), nextCursor: null });
  });

  router.patch('/tickets/:id', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    const input = parse(ticketUpdateSchema, req.body ?? {});
    const { ticket, record } = await loadTicket(db, actor, id);
    const updated = await updateTicketCommand(
      db,
      actor,
      auditContextOf(req),
      ticket,
      record.watcherUserIds,
      input,
    );
    res.json({ data: await presentOne(db, actor, updated) });
  });

  for (const [action, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const) {
    router.post(`/tickets/:id/${action}`, async (req, res) => {
      const actor = actorOf(req);
      const { id } = parse(idParamsSchema, req.params);
      const { ticket, record } = await loadTicket(db, actor, id);
      if (!canTicket(actor, 'archive', record)) throw forbidden();
      res.json({
        data: await presentOne(db, actor, await setTicketArchived(db, auditContextOf(req), ticket, archived)),
      });
    });
  }

  router.post('/tickets/:id/replies', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    const input = parse(replyCreateSchema, req.body ?? {});
    const { ticket, record } = await loadTicket(db, actor, id);
    if (!canTicket(actor, input.type === 'internal' ? 'reply_internal' : 'reply_public', record))
      throw forbidden();
    if (!isStaff(actor) && input.timeSpentMinutes) throw forbidden('Only IT staff record time spent');
    const watcherRoles = await db
      .selectFrom('ticket_watchers as w')
      .innerJoin('organization_users as u', 'u.id', 'w.user_id')
      .select(['u.id', 'u.role'])
      .where('w.ticket_id', '=', ticket.id)
      .execute();
    const { reply, created } = await addReplyCommand(
      db,
      actor,
      auditContextOf(req),
      ticket,
      watcherRoles,
      input,
    );
    const users = await usersByIds(db, [reply.created_by_user_id]);
    res.status(created ? 201 : 200).json({ data: presentReply(reply, users) });
  });

  for (const [method, watching] of [
    ['put', true],
    ['delete', false],
  ] as const) {
    router[method]('/tickets/:id/watchers/:userId', async (req, res) => {
      const actor = actorOf(req);
      const { id, userId } = parse(watcherParamsSchema, req.params);
      const { ticket, record } = await loadTicket(db, actor, id);
      // Staff manage watchers; anyone who can read a ticket may watch or unwatch it themselves.
      if (!canTicket(actor, 'update', record) && userId !== actor.userId) throw forbidden();
      await setWatching(db, auditContextOf(req), ticket, userId, watching);
      res.status(204).end();
    });
  }

  router.post('/tickets/:id/attachments', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    const input = parse(attachmentCreateSchema, req.body ?? {});
    const { ticket, record } = await loadTicket(db, actor, id);
    if (!canTicket(actor, 'update', record)) throw forbidden();
    const fileId = await attachFile(db, actor, auditContextOf(req), ticket, input);
    res.status(201).json({ data: { ticketId: ticket.id, fileId } });
  });

  router.post('/tickets/:id/feedback', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    const input = parse(feedbackSchema, req.body ?? {});
    const { ticket } = await loadTicket(db, actor, id);
    const status = (await statusesOf(db, actor.organizationId)).find((s) => s.id === ticket.status_id);
    if (!status) throw notFound('No such status');
    const updated = await giveFeedback(db, actor, auditContextOf(req), ticket, status, input);
    res.json({ data: await presentOne(db, actor, updated) });
  });

  return router;
}
