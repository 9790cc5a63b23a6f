import {
  attachmentCreateSchema,
  feedbackSchema,
  idParamsSchema,
  replyCreateSchema,
  replySchema,
  ticketAttachmentParamsSchema,
  ticketAttachmentSchema,
  ticketCreateSchema,
  ticketFormOptionsSchema,
  ticketListQuerySchema,
  ticketSchema,
  ticketThreadParamsSchema,
  ticketUpdateSchema,
  ticketUploadFieldsSchema,
  ticketWatcherParamsSchema,
  ticketWithRepliesSchema,
} from '@helios/shared';
import { z } from 'zod';
import type { Actor } from '../../../core/auth/actor.ts';
import { forbidden, notFound, validationFailed } from '../../../core/errors.ts';
import { parse } from '../../../core/http/validate.ts';
import { receiveUpload, UPLOAD_FIELD } from '../../../core/storage/upload.ts';
import { sendFile } from '../../documentation/index.ts';
import { auditContextOf } from '../../../core/http/context.ts';
import { decodeCursor, idCursorSchema, idPage } from '../../../core/http/cursor.ts';
import { type StoredResponse, withIdempotency } from '../../../core/http/idempotency.ts';
import {
  created,
  defineRoute,
  noContent,
  ok,
  page,
  type Reply,
  type RouteSpec,
  sent,
} from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import {
  customFieldConditions,
  customFieldQueryPattern,
  withCustomFieldFilters,
} from '../../../core/records/routes.ts';
import { shareLinks } from '../share-links.ts';
import { findOrganization } from '../../../core/queries/organizations.ts';
import { displayName } from '../../../core/queries/users.ts';
import {
  addReply,
  attachFile,
  attachUpload,
  createTicket,
  giveFeedback,
  setTicketArchived,
  setWatching,
  updateTicket,
  usableStatus,
} from '../commands/tickets.ts';
import {
  authorizeTicket,
  authorizeTicketCreate,
  authorizeTimeSpent,
  canTicket,
  type TicketFacts,
  updateActionOf,
  watcherActionOf,
} from '../policies/tickets.ts';
import {
  presentAttachment,
  presentReply,
  presentTicket,
  presentTicketWithReplies,
  ticketFactsOf,
} from '../presenters/tickets.ts';
import {
  attachmentsOf,
  findAttachment,
  findTicket,
  findTicketByThread,
  listTickets,
  ownAssetIdsAmong,
  repliesOf,
  ticketFormOptions,
  type TicketExtras,
  ticketExtras,
  type TicketRow,
  usersByIds,
  watchersWithRoles,
} from '../queries/tickets.ts';

const tag = 'tickets';
type Db = ModuleContext['db'];

interface Loaded {
  ticket: TicketRow;
  /** What presenting it needs, gathered once. */
  extras: TicketExtras;
  facts: TicketFacts;
}

/** A stored create answer as the route's reply (the envelope is stored, so a replay is identical). */
function replyOf(stored: StoredResponse): Reply {
  const { data } = stored.body as { data: unknown };
  return stored.status === 201 ? created(data) : ok(data);
}

/**
 * Tickets (api.md): create (Idempotency-Key, Gmail exactly-once), list with filters, get with the
 * replies the caller may see, update (status stamps), archive/restore, replies, watchers,
 * attachments, feedback, and lookup by Gmail thread. Internal replies never reach users or contacts.
 * Every route loads the ticket (404 unless the caller may read it), asks the policy (403, or 409
 * when the ticket's state forbids it), then runs the command and presents the result.
 */
export function ticketRoutes({ db, vault, storage, logger }: ModuleContext): RouteSpec[] {
  /** What presenting these tickets needs, their public link keys included. */
  async function extrasOf(
    on: Db,
    organizationId: number,
    tickets: readonly TicketRow[],
  ): Promise<TicketExtras> {
    const [extras, links] = await Promise.all([
      ticketExtras(on, organizationId, tickets),
      shareLinks(db, vault, organizationId),
    ]);
    return { ...extras, shareKey: (t) => links.keyOf(t) };
  }

  /** The ticket if the actor may read it, with its extras and policy facts — else 404. */
  async function readable(actor: Actor, ticket: TicketRow | undefined): Promise<Loaded> {
    if (ticket) {
      const extras = await extrasOf(db, actor.organizationId, [ticket]);
      const facts = ticketFactsOf(ticket, extras);
      // Existence must not leak: a ticket the actor may not read is "no such ticket".
      if (canTicket(actor, 'read', facts)) return { ticket, extras, facts };
    }
    throw notFound('No such ticket');
  }
  const loadTicket = async (actor: Actor, id: number) =>
    readable(actor, await findTicket(db, actor.organizationId, id));

  /** One ticket as it stands in `on` (the create's transaction sees its own watchers and assets). */
  const presentOne = async (on: Db, actor: Actor, ticket: TicketRow) =>
    presentTicket(actor, ticket, await extrasOf(on, actor.organizationId, [ticket]));

  const visibleReplies = async (actor: Actor, { ticket, facts }: Loaded) => {
    const replies = await repliesOf(db, ticket.id, !canTicket(actor, 'read_internal', facts));
    const authors = await usersByIds(
      db,
      replies.map((r) => r.created_by_user_id),
    );
    return { replies, authors };
  };

  const routes: RouteSpec[] = [
    defineRoute({
      method: 'post',
      path: '/tickets',
      tag,
      summary:
        'Create a ticket (Idempotency-Key honoured; a Gmail message makes at most one ticket: 200 with the existing one)',
      headers: z.object({ 'idempotency-key': z.string().max(200).optional() }),
      body: ticketCreateSchema,
      responses: {
        201: { description: 'Created', data: ticketSchema },
        200: { description: 'The ticket this Gmail message already made', data: ticketSchema },
      },
      errors: [400, 401, 403, 409],
      async handle({ req, actor, body }) {
        const organization = await findOrganization(db);
        if (!organization) throw notFound('No organization');
        // Loaded before the create's transaction presents the ticket inside it: with one embedded
        // connection, a first load from inside would wait for the connection the transaction holds.
        await shareLinks(db, vault, organization.id);
        // A user may link their own devices: which of the named assets are theirs is read here,
        // the policy decides with it.
        const own =
          body.assetIds?.length && !canTicket(actor, 'triage')
            ? await ownAssetIdsAmong(db, actor.userId, body.assetIds)
            : undefined;
        const ctx = auditContextOf(req);
        const result = await withIdempotency(db, req, async (remember) => {
          authorizeTicketCreate(actor, body, own);
          let stored: StoredResponse | undefined;
          // With an Idempotency-Key the answer is presented and stored inside the create's
          // transaction (so answer and ticket commit together); without one it is presented after
          // the commit, so the numbering lock is held no longer than the insert needs.
          const { ticket, created: isNew } = await createTicket(
            db,
            actor,
            ctx,
            organization,
            body,
            remember
              ? async (trx, row) => {
                  stored = { status: 201, body: { data: await presentOne(trx, actor, row) } };
                  await remember(trx, stored);
                }
              : undefined,
          );
          if (stored) return stored;
          return { status: isNew ? 201 : 200, body: { data: await presentOne(db, actor, ticket) } };
        });
        return replyOf(result);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/tickets',
      tag,
      summary: 'List tickets the caller may read, newest first (or oldest: `sort=oldest`)',
      query: withCustomFieldFilters(ticketListQuerySchema),
      queryPatterns: [customFieldQueryPattern],
      responses: { 200: { description: 'A page', page: ticketSchema } },
      errors: [400, 401],
      async handle({ actor, query }) {
        const cursor = decodeCursor(idCursorSchema, query.cursor);
        const custom = await customFieldConditions(db, actor.organizationId, 'tickets', query, 't');
        const rows = await listTickets(db, actor, query, custom, {
          afterId: cursor?.id,
          limit: query.limit + 1,
        });
        const extras = await extrasOf(db, actor.organizationId, rows.slice(0, query.limit));
        return idPage(rows, query.limit, (row) => presentTicket(actor, row, extras));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/ticket-form-options',
      tag,
      summary:
        'IT staff: what a ticket form picks from in one round trip — assignees (active staff), the categories in use, ticket tags',
      responses: { 200: { description: 'The options', data: ticketFormOptionsSchema } },
      errors: [401, 403],
      async handle({ actor }) {
        if (!canTicket(actor, 'triage')) throw forbidden('Only IT staff assign and tag tickets');
        const options = await ticketFormOptions(db, actor.organizationId);
        return ok({
          assignees: options.assignees.map((u) => ({ id: u.id, name: displayName(u), email: u.email })),
          categories: options.categories,
          tags: options.tags,
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/tickets/by-gmail-thread/:threadId',
      tag,
      summary: 'The ticket made from a Gmail thread (the newest, if several)',
      params: ticketThreadParamsSchema,
      responses: { 200: { description: 'The ticket', data: ticketSchema } },
      errors: [400, 401, 404],
      async handle({ actor, params }) {
        const found = await findTicketByThread(db, actor.organizationId, params.threadId);
        if (!found) throw notFound('No ticket for this thread');
        const { ticket, extras } = await readable(actor, found);
        return ok(presentTicket(actor, ticket, extras));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/tickets/:id',
      tag,
      summary: 'A ticket with the replies the caller may see (internal ones for staff only)',
      params: idParamsSchema,
      responses: { 200: { description: 'The ticket and its replies', data: ticketWithRepliesSchema } },
      errors: [400, 401, 404],
      async handle({ actor, params }) {
        const loaded = await loadTicket(actor, params.id);
        const [{ replies, authors }, attachments] = await Promise.all([
          visibleReplies(actor, loaded),
          attachmentsOf(db, loaded.ticket.id),
        ]);
        return ok(
          presentTicketWithReplies(actor, loaded.ticket, loaded.extras, replies, authors, attachments),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/tickets/:id/replies',
      tag,
      summary: 'Replies the caller may see, oldest first (one page)',
      params: idParamsSchema,
      responses: { 200: { description: 'The replies', page: replySchema } },
      errors: [400, 401, 404],
      async handle({ actor, params }) {
        const { replies, authors } = await visibleReplies(actor, await loadTicket(actor, params.id));
        return page(
          replies.map((r) => presentReply(r, authors)),
          null,
        );
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/tickets/:id',
      tag,
      summary: 'Change status, assignee, priority… (users: close their own only)',
      params: idParamsSchema,
      body: ticketUpdateSchema,
      responses: { 200: { description: 'The changed ticket', data: ticketSchema } },
      errors: [400, 401, 403, 404, 409],
      async handle({ req, actor, params, body }) {
        const { ticket, facts } = await loadTicket(actor, params.id);
        // The target status is checked first: whether this PATCH is "closing" depends on it.
        const status =
          body.statusId === undefined
            ? undefined
            : await usableStatus(db, ticket.organization_id, body.statusId);
        authorizeTicket(actor, updateActionOf(actor, facts, body, status), facts);
        const updated = await updateTicket(db, actor, auditContextOf(req), ticket, body, status);
        return ok(await presentOne(db, actor, updated));
      },
    }),
    ...(['archive', 'restore'] as const).map((action) =>
      defineRoute({
        method: 'post',
        path: `/tickets/:id/${action}`,
        tag,
        summary: `${action === 'archive' ? 'Archive' : 'Restore'} (staff; doing it twice is harmless)`,
        params: idParamsSchema,
        responses: { 200: { description: 'The ticket', data: ticketSchema } },
        errors: [400, 401, 403, 404],
        async handle({ req, actor, params }) {
          const { ticket, facts } = await loadTicket(actor, params.id);
          authorizeTicket(actor, action, facts);
          const changed = await setTicketArchived(db, auditContextOf(req), ticket, action === 'archive');
          return ok(await presentOne(db, actor, changed));
        },
      }),
    ),
    defineRoute({
      method: 'post',
      path: '/tickets/:id/replies',
      tag,
      summary:
        "Reply (public or internal), or add an email as its sender's message (staff: `author: 'sender'`); a Gmail message is added once (200 with the existing reply)",
      params: idParamsSchema,
      body: replyCreateSchema,
      responses: {
        201: { description: 'Created', data: replySchema },
        200: { description: 'The reply this Gmail message already made', data: replySchema },
      },
      errors: [400, 401, 403, 404, 409],
      async handle({ req, actor, params, body }) {
        const { ticket, facts } = await loadTicket(actor, params.id);
        // Minutes are checked before the reply itself, as they always were: a user's reply that
        // records time is refused (403) whatever state the ticket is in.
        authorizeTimeSpent(actor, body.timeSpentMinutes);
        authorizeTicket(actor, body.type === 'internal' ? 'reply_internal' : 'reply_public', facts);
        // Recording a message as someone else's is triage, as filing for someone else is.
        if (body.author === 'sender' && !canTicket(actor, 'triage'))
          throw forbidden('Only IT staff add an email as its sender’s message');
        const watchers = await watchersWithRoles(db, ticket.id);
        const { reply, created: isNew } = await addReply(
          db,
          actor,
          auditContextOf(req),
          ticket,
          watchers,
          body,
        );
        const presented = presentReply(reply, await usersByIds(db, [reply.created_by_user_id]));
        return isNew ? created(presented) : ok(presented);
      },
    }),
    ...(
      [
        ['put', true],
        ['delete', false],
      ] as const
    ).map(([method, watching]) =>
      defineRoute({
        method,
        path: '/tickets/:id/watchers/:userId',
        tag,
        summary: watching
          ? 'Watch (oneself: anyone who reads the ticket; someone else: staff)'
          : 'Stop watching (oneself: anyone who reads the ticket; someone else: staff)',
        params: ticketWatcherParamsSchema,
        responses: { 204: { description: 'Done (also when nothing changed)', empty: true } },
        errors: [400, 401, 403, 404],
        async handle({ req, actor, params }) {
          const { ticket, facts } = await loadTicket(actor, params.id);
          authorizeTicket(actor, watcherActionOf(actor, params.userId), facts);
          await setWatching(db, auditContextOf(req), ticket, params.userId, watching);
          return noContent();
        },
      }),
    ),
    defineRoute({
      method: 'post',
      path: '/tickets/:id/attachments',
      tag,
      summary:
        'Attach a file (staff): upload it in one step (multipart, field `file`; a Gmail attachment is attached once), or name a stored file or a Google Drive file (JSON)',
      params: idParamsSchema,
      bodyContent: {
        'multipart/form-data': ticketUploadFieldsSchema.safeExtend({ file: z.string().describe('binary') }),
        'application/json': attachmentCreateSchema,
      },
      responses: {
        201: { description: 'Attached', data: ticketAttachmentSchema },
        200: {
          description: 'This Gmail attachment (gmailMessageId + gmailAttachmentIndex) is attached already',
          data: ticketAttachmentSchema,
        },
      },
      errors: [400, 401, 403, 404, 409, 413],
      async handle({ req, res, actor, params }) {
        // Who may attach is settled before a single byte of an upload is read.
        const { ticket, facts } = await loadTicket(actor, params.id);
        authorizeTicket(actor, 'attach', facts);
        const ctx = auditContextOf(req);
        let fileId: number;
        let isNew = true;
        if (req.is('multipart/form-data')) {
          const { upload, fields } = await receiveUpload(req, res, storage);
          try {
            if (!upload) {
              const message = 'a file is required';
              throw validationFailed(`${UPLOAD_FIELD}: ${message}`, [{ path: UPLOAD_FIELD, message }]);
            }
            ({ fileId, created: isNew } = await attachUpload(
              db,
              storage,
              actor,
              ctx,
              ticket,
              parse(ticketUploadFieldsSchema, fields),
              upload,
            ));
          } catch (error) {
            // Nothing of a refused upload is left behind.
            if (upload) await storage.delete(upload.reference);
            throw error;
          }
          // A Gmail attachment already on the ticket: the new bytes are not kept.
          if (!isNew) await storage.delete(upload.reference);
        } else if (req.is('application/json')) {
          fileId = await attachFile(db, actor, ctx, ticket, parse(attachmentCreateSchema, req.body ?? {}));
        } else {
          throw validationFailed(
            'Send multipart/form-data with one "file" part to upload, or JSON { fileId } or { driveFileId, name }',
          );
        }
        const attached = await findAttachment(db, ticket.id, fileId);
        if (!attached) throw new Error('an attachment just made is missing');
        return isNew ? created(presentAttachment(attached)) : ok(presentAttachment(attached));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/tickets/:id/attachments/:fileId/download',
      tag,
      summary: 'Download an attachment (anyone who may read the ticket; Drive files redirect)',
      params: ticketAttachmentParamsSchema,
      responses: {
        200: {
          description: 'The file',
          content: { 'application/octet-stream': z.string().describe('binary') },
        },
        302: { description: 'The file lives in Google Drive', empty: true },
      },
      errors: [400, 401, 404],
      async handle({ res, actor, params }) {
        const { ticket } = await loadTicket(actor, params.id);
        const file = await findAttachment(db, ticket.id, params.fileId);
        if (!file) throw notFound('No such attachment');
        await sendFile(res, file, { storage, logger });
        return sent();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/tickets/:id/feedback',
      tag,
      summary: 'Rate a resolved ticket (requester, once)',
      params: idParamsSchema,
      body: feedbackSchema,
      responses: { 200: { description: 'The rated ticket', data: ticketSchema } },
      errors: [400, 401, 403, 404, 409],
      async handle({ req, actor, params, body }) {
        const { ticket, facts } = await loadTicket(actor, params.id);
        authorizeTicket(actor, 'feedback', facts);
        const rated = await giveFeedback(db, actor, auditContextOf(req), ticket, body);
        return ok(await presentOne(db, actor, rated));
      },
    }),
  ];
  return routes;
}
