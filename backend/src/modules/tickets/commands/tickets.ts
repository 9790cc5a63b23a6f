import type {
  ErrorDetail,
  FileUploadFields,
  ReplyCreate,
  TicketCreate,
  TicketUpdate,
  TicketUploadFields,
} from '@helios/shared';
import type { Kysely, Updateable } from 'kysely';
import type { Database, Tickets } from '../../../core/db/schema.ts';
import { inTransaction } from '../../../core/db/transaction.ts';
import { conflict, HttpError, validationFailed } from '../../../core/errors.ts';
import { type Actor, isStaff } from '../../../core/auth/actor.ts';
import { canTicket } from '../policies/tickets.ts';
import { unusableRefs } from '../../../core/records/queries/records.ts';
import { writeCustomFields } from '../../../core/records/commands.ts';
import { prepareCustomFields } from '../../../core/records/custom-field-values.ts';
import { createUploadedFile, registerDriveFile } from '../../documentation/index.ts';
import type { FileStorage } from '../../../core/storage/file-storage.ts';
import type { ReceivedUpload } from '../../../core/storage/upload.ts';
import { displayNumber } from '../display-number.ts';
import { createInGroup, type TicketDraft, writeDrafts } from './numbering.ts';
import {
  ticketLinks,
  ticketsFromEmail,
  activeUserIdsByEmail,
  addAttachment,
  addTicketTags,
  findTicketByThread,
  ticketTagIdsAmong,
  addTicketAssets,
  addWatchers,
  defaultStatus,
  findAttachmentFromGmail,
  findReplyByGmailMessage,
  type GmailAttachmentKey,
  findStatus,
  findTicketByGmailMessage,
  insertReply,
  type ReplyRow,
  removeWatcher,
  type StatusRow,
  type TicketRow,
  updateTicketRow,
} from '../queries/tickets.ts';
import { findUserByEmail, findUserById, insertUser, type UserRow } from '../../../core/queries/users.ts';
import { auditRow, changedColumns, recordAudit, type AuditContext } from '../../../core/audit.ts';
import { notify, planNotifications, plannedNotificationRows } from '../../notifications/index.ts';

const isUniqueViolation = (error: unknown, index: string): boolean =>
  (error as { code?: string; constraint?: string }).code === '23505' &&
  (error as { constraint?: string }).constraint === index;

function fail(details: ErrorDetail[]): never {
  throw validationFailed(details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
}

/** An active, non-archived user of ours, or a 400 naming the field. */
async function activeUser(
  db: Kysely<Database>,
  organizationId: number,
  id: number,
  path: string,
): Promise<UserRow> {
  const user = await findUserById(db, organizationId, id);
  if (!user || user.archived_at || !user.is_active) fail([{ path, message: `no active user with id ${id}` }]);
  return user;
}

/** A live status of ours, or a 400 naming the field (a PATCH's target status, checked first). */
export async function usableStatus(
  db: Kysely<Database>,
  organizationId: number,
  id: number,
): Promise<StatusRow> {
  const status = await findStatus(db, organizationId, id);
  if (!status || status.archived_at) fail([{ path: 'statusId', message: `no active status with id ${id}` }]);
  return status;
}

/** What entering `status` does to the SLA stamps (and leaving finished states undoes). */
function statusStamps(status: StatusRow, current: TicketRow | undefined, actor: Actor): Updateable<Tickets> {
  const now = new Date();
  return {
    status_id: status.id,
    resolved_at: status.is_resolved_status || status.is_closed_status ? (current?.resolved_at ?? now) : null,
    closed_at: status.is_closed_status ? (current?.closed_at ?? now) : null,
    closed_by_user_id: status.is_closed_status ? (current?.closed_by_user_id ?? actor.userId) : null,
  };
}

export interface CreateTicketResult {
  ticket: TicketRow;
  /** false when the Gmail message already had a ticket (that one is returned). */
  created: boolean;
}

/**
 * Creates a ticket (authorized by `authorizeTicketCreate`): validates every reference first, then
 * numbers it, inserts it with its assets and watchers, audits it and notifies the assignee in one
 * transaction. A Gmail message makes at most one ticket — enforced by a unique index, so concurrent
 * retries all get the same ticket.
 */
export async function createTicket(
  db: Kysely<Database>,
  actor: Actor,
  ctx: AuditContext,
  organization: { id: number; ticket_prefix: string },
  input: TicketCreate,
  /** Runs inside the transaction after the insert (e.g. to store the Idempotency-Key response). */
  onCreated?: (trx: Kysely<Database>, ticket: TicketRow) => Promise<void>,
  options: EmailFiling = {},
): Promise<CreateTicketResult> {
  // Triage (filing for someone else) is staff's; anyone else's ticket is about themselves.
  const triage = canTicket(actor, 'triage');
  const mailbox = options.mailbox ?? mailboxOf(actor);
  if (input.gmail) {
    const existing = await ticketForEmail(db, actor, organization.id, mailbox, input.gmail);
    if (existing) return { ticket: existing, created: false };
    // Another message of a thread that already is a ticket belongs on that ticket: filing it as a
    // second one must be asked for (the watched mailbox threads replies itself and never gets here).
    if (!input.separate && options.mailbox === undefined) {
      const threadTicket = await findTicketByThread(db, organization.id, input.gmail.threadId, mailbox);
      if (threadTicket) {
        // A concurrent retry of this very message may have committed between the two lookups:
        // then its ticket is the answer, not a 409.
        const filed = await ticketForEmail(db, actor, organization.id, mailbox, input.gmail);
        if (filed) return { ticket: filed, created: false };
        throw threadHasTicket(threadTicket);
      }
    }
  }

  const details: ErrorDetail[] = [];
  const status = input.statusId
    ? await usableStatus(db, organization.id, input.statusId)
    : await defaultStatusOrFail(db, organization.id);
  if (input.assignedToUserId) {
    const assignee = await activeUser(db, organization.id, input.assignedToUserId, 'assignedToUserId');
    if (assignee.role !== 'admin' && assignee.role !== 'manager')
      details.push({ path: 'assignedToUserId', message: 'tickets are assigned to IT staff' });
  }
  if (input.relatedUserId) await activeUser(db, organization.id, input.relatedUserId, 'relatedUserId');
  for (const [i, id] of (input.watcherUserIds ?? []).entries())
    await activeUser(db, organization.id, id, `watcherUserIds.${i}`);
  // CC'd addresses Helios does not know are skipped (see ticketCreateSchema.watcherEmails).
  const watcherIds = [
    ...new Set([
      ...(input.watcherUserIds ?? []),
      ...(await activeUserIdsByEmail(db, organization.id, input.watcherEmails ?? [])),
    ]),
  ];
  const tagIds = [...new Set(input.tagIds ?? [])];
  const usableTags = await ticketTagIdsAmong(db, organization.id, tagIds);
  for (const id of tagIds)
    if (!usableTags.has(id)) details.push({ path: 'tagIds', message: `no live ticket tag with id ${id}` });
  const badAssets = await unusableRefs(db, 'assets', organization.id, input.assetIds ?? [], true);
  for (const id of badAssets) details.push({ path: 'assetIds', message: `no active asset with id ${id}` });
  for (const [key, table] of [
    ['locationId', 'locations'],
    ['vendorId', 'vendors'],
  ] as const) {
    const id = input[key];
    if (typeof id === 'number' && (await unusableRefs(db, table, organization.id, [id], true)).length > 0) {
      details.push({ path: key, message: `no active record with id ${id}` });
    }
  }
  if (details.length > 0) fail(details);
  // Checked before the transaction like every other input: a bad value writes nothing.
  const customFields = await prepareCustomFields(db, organization.id, 'tickets', input.customFields);

  let relatedUserId = triage ? (input.relatedUserId ?? null) : actor.userId;
  if (triage && input.relatedUserEmail)
    relatedUserId = (await userForEmail(db, ctx, organization.id, input.relatedUserEmail)).id;
  // Who is notified and how is read now, outside the numbering lock; the text needs the number.
  const assigned = { type: 'ticket_assigned', entityType: 'ticket', email: {} };
  const notifications = await planNotifications(
    db,
    organization.id,
    [input.assignedToUserId ?? null],
    actor.userId,
    assigned,
  );
  // Inserted under a provisional number, its links written, and only then numbered (in a group
  // with the creates arriving meanwhile, commands/numbering.ts): every create of the organization
  // waits on the counter's row lock from that last statement to commit, so that statement also
  // writes the rows that quote the number (audit row, notification).
  const draft: TicketDraft = {
    organizationId: organization.id,
    values: {
      organization_id: organization.id,
      prefix: organization.ticket_prefix,
      subject: input.subject,
      details: input.details,
      category: input.category ?? null,
      priority: input.priority,
      source: input.source,
      status_id: status.id,
      created_by_user_id: actor.userId,
      assigned_to_user_id: input.assignedToUserId ?? null,
      related_user_id: relatedUserId,
      location_id: input.locationId ?? null,
      vendor_id: input.vendorId ?? null,
      vendor_ticket_number: input.vendorTicketNumber ?? null,
      billable: input.billable ?? false,
      scheduled_at: input.scheduledAt ?? null,
      is_onsite: input.isOnsite ?? false,
      gmail_mailbox: input.gmail ? mailbox : null,
      gmail_message_id: input.gmail?.messageId ?? null,
      gmail_thread_id: input.gmail?.threadId ?? null,
      gmail_rfc822_message_id: input.gmail?.rfc822MessageId ?? null,
      ...(status.is_resolved_status || status.is_closed_status ? statusStamps(status, undefined, actor) : {}),
    },
    links: (trx, provisional) =>
      Promise.all([
        addTicketAssets(trx, provisional.id, input.assetIds ?? []),
        addWatchers(trx, provisional.id, watcherIds),
        addTicketTags(trx, provisional.id, tagIds),
        writeCustomFields(trx, customFields, provisional.id),
      ]),
    quote: (provisional) => {
      // "TKT-42 was assigned to you: …", the number put in by the statement that takes it.
      const after = ` was assigned to you: ${provisional.subject}`;
      return {
        audit: auditRow(ctx, {
          action: 'create',
          entityType: 'ticket',
          entityId: provisional.id,
          newValue:
            customFields.length > 0 ? { ...provisional, customFields: input.customFields } : provisional,
        }),
        notifications: plannedNotificationRows(notifications, {
          ...assigned,
          message: after,
          entityId: provisional.id,
        }).map(({ message: _, ...row }) => ({ ...row, before: '', after })),
      };
    },
  };
  try {
    // An Idempotency-Key's answer is stored in the create's own transaction, and a caller's
    // transaction (the lifecycle files a ticket inside its step's, so the ticket and the step's
    // "completed" commit together) cannot be shared with a group: those creates go alone.
    if (!onCreated && !db.isTransaction) return { ticket: await createInGroup(db, draft), created: true };
    return await inTransaction(db, async (trx) => {
      const [ticket] = await writeDrafts(trx, [draft]);
      if (!ticket) throw new Error('the ticket was not written');
      await onCreated?.(trx, ticket);
      return { ticket, created: true };
    });
  } catch (error) {
    if (input.gmail && isUniqueViolation(error, 'idx_tickets_gmail_mailbox_message')) {
      // A concurrent request made the ticket for this message first; that one is the answer.
      const existing = await ticketForEmail(db, actor, organization.id, mailbox, input.gmail);
      if (existing) return { ticket: existing, created: false };
    }
    throw error;
  }
}

/** 409 `thread_has_ticket`: names the thread's ticket (its number in the message and the details). */
const threadHasTicket = (ticket: TicketRow): HttpError =>
  new HttpError(
    409,
    'thread_has_ticket',
    `This Gmail thread is already ${displayNumber(ticket)}: add the email to it, or send separate: true to file another ticket`,
    [{ path: 'gmail.threadId', message: `already ${displayNumber(ticket)} (id ${ticket.id})` }],
  );

/** How the mail module files an email from the watched mailbox (the add-on passes nothing). */
export interface EmailFiling {
  /** The mailbox the Gmail ids belong to (default: the actor's own, as the add-on reads). */
  mailbox?: string;
  /** A reply written by the requester side by email: never a staff first response. */
  requesterSide?: boolean;
}

/**
 * The mailbox a caller's Gmail message ids belong to: the add-on reads the caller's own mailbox,
 * so the id is only unique — and only means something — there.
 */
const mailboxOf = (actor: Actor): string => actor.email.toLowerCase();

/** Whether the actor may read this ticket (the tickets policy on its parties). */
async function readableBy(db: Kysely<Database>, actor: Actor, ticket: TicketRow): Promise<boolean> {
  const { watchers } = await ticketLinks(db, [ticket.id]);
  return canTicket(actor, 'read', {
    createdByUserId: ticket.created_by_user_id,
    relatedUserId: ticket.related_user_id,
    watcherUserIds: watchers.get(ticket.id) ?? [],
  });
}

/**
 * The ticket an email already made that the caller may be given, if any (exactly once per email):
 * the one filed from this message of this mailbox — and if the caller can no longer read it, a 409
 * that names no ticket; else a ticket filed from a copy of the same email (RFC 822 Message-ID) in
 * another mailbox, if IT staff, the watched mailbox or the caller themselves filed it and the
 * caller may read it. Nobody else's filing can capture an email: a message id claimed in advance
 * lives in the claimant's mailbox only, and a claimed Message-ID is trusted by no one else.
 */
async function ticketForEmail(
  db: Kysely<Database>,
  actor: Actor,
  organizationId: number,
  mailbox: string,
  gmail: NonNullable<TicketCreate['gmail']>,
): Promise<TicketRow | undefined> {
  const same = await findTicketByGmailMessage(db, organizationId, mailbox, gmail.messageId);
  if (same) {
    if (await readableBy(db, actor, same)) return same;
    throw conflict('This email was already filed as a ticket you cannot see');
  }
  if (!gmail.rfc822MessageId) return undefined;
  for (const candidate of await ticketsFromEmail(db, organizationId, gmail.rfc822MessageId)) {
    const trusted =
      candidate.creator_role === 'admin' ||
      candidate.creator_role === 'manager' ||
      candidate.source === 'email' ||
      candidate.created_by_user_id === actor.userId;
    if (trusted && (await readableBy(db, actor, candidate))) return candidate;
  }
  return undefined;
}

async function defaultStatusOrFail(db: Kysely<Database>, organizationId: number): Promise<StatusRow> {
  const status = await defaultStatus(db, organizationId);
  if (!status) throw conflict('The organization has no ticket status; create one first');
  return status;
}

/**
 * The user with this email, or a new `contact` for an unknown sender (created with its audit row
 * in its own transaction; when concurrent requests race to create the same contact, the loser
 * uses the winner's row).
 */
async function userForEmail(
  db: Kysely<Database>,
  ctx: AuditContext,
  organizationId: number,
  email: string,
): Promise<UserRow> {
  const existing = await findUserByEmail(db, organizationId, email);
  if (existing) return existing;
  try {
    return await db.transaction().execute(async (trx) => {
      const contact = await insertUser(trx, {
        organization_id: organizationId,
        email: email.toLowerCase(),
        role: 'contact',
      });
      await recordAudit(trx, ctx, {
        action: 'create',
        entityType: 'user',
        entityId: contact.id,
        description: 'created as a contact: unknown ticket requester',
        newValue: { email: contact.email, role: 'contact' },
      });
      return contact;
    });
  } catch (error) {
    const raced =
      (error as { code?: string }).code === '23505'
        ? await findUserByEmail(db, organizationId, email)
        : undefined;
    if (raced) return raced;
    throw error;
  }
}

/**
 * Changes a ticket (authorized by the policy: staff change anything, a user may close their own).
 * `status` is the target status, already checked by `usableStatus`. Entering a resolved/closed
 * status stamps resolved_at/closed_at(+by); leaving one clears them.
 */
export async function updateTicket(
  db: Kysely<Database>,
  actor: Actor,
  ctx: AuditContext,
  ticket: TicketRow,
  input: TicketUpdate,
  status: StatusRow | undefined,
): Promise<TicketRow> {
  if (input.assignedToUserId) {
    const assignee = await activeUser(db, ticket.organization_id, input.assignedToUserId, 'assignedToUserId');
    if (assignee.role !== 'admin' && assignee.role !== 'manager')
      fail([{ path: 'assignedToUserId', message: 'tickets are assigned to IT staff' }]);
  }
  if (input.relatedUserId) await activeUser(db, ticket.organization_id, input.relatedUserId, 'relatedUserId');
  for (const [key, table] of [
    ['locationId', 'locations'],
    ['vendorId', 'vendors'],
  ] as const) {
    const id = input[key];
    if (
      typeof id === 'number' &&
      (await unusableRefs(db, table, ticket.organization_id, [id], true)).length > 0
    ) {
      fail([{ path: key, message: `no active record with id ${id}` }]);
    }
  }
  const customFields = await prepareCustomFields(db, ticket.organization_id, 'tickets', input.customFields);

  const values: Updateable<Tickets> = {
    ...(input.subject !== undefined ? { subject: input.subject } : {}),
    ...(input.details !== undefined ? { details: input.details } : {}),
    ...(input.priority !== undefined ? { priority: input.priority } : {}),
    ...(input.category !== undefined ? { category: input.category } : {}),
    ...(input.assignedToUserId !== undefined ? { assigned_to_user_id: input.assignedToUserId } : {}),
    ...(input.relatedUserId !== undefined ? { related_user_id: input.relatedUserId } : {}),
    ...(input.locationId !== undefined ? { location_id: input.locationId } : {}),
    ...(input.vendorId !== undefined ? { vendor_id: input.vendorId } : {}),
    ...(input.vendorTicketNumber !== undefined ? { vendor_ticket_number: input.vendorTicketNumber } : {}),
    ...(input.billable !== undefined ? { billable: input.billable } : {}),
    ...(input.scheduledAt !== undefined ? { scheduled_at: input.scheduledAt } : {}),
    ...(input.isOnsite !== undefined ? { is_onsite: input.isOnsite } : {}),
    ...(status && status.id !== ticket.status_id ? statusStamps(status, ticket, actor) : {}),
  };

  return db.transaction().execute(async (trx) => {
    const updated = await updateTicketRow(trx, ticket.id, values);
    await writeCustomFields(trx, customFields, ticket.id);
    const { oldValue, newValue } = changedColumns(
      ticket,
      updated,
      Object.keys(values) as (keyof TicketRow)[],
    );
    await recordAudit(trx, ctx, {
      action: 'update',
      entityType: 'ticket',
      entityId: ticket.id,
      oldValue,
      newValue: customFields.length > 0 ? { ...newValue, customFields: input.customFields } : newValue,
    });
    const label = displayNumber(updated);
    if (updated.assigned_to_user_id !== ticket.assigned_to_user_id) {
      await notify(trx, ticket.organization_id, [updated.assigned_to_user_id], actor.userId, {
        type: 'ticket_assigned',
        message: `${label} was assigned to you: ${updated.subject}`,
        entityType: 'ticket',
        entityId: ticket.id,
        email: {},
      });
    }
    if (status && status.id !== ticket.status_id) {
      await notify(
        trx,
        ticket.organization_id,
        [updated.related_user_id ?? updated.created_by_user_id],
        actor.userId,
        {
          type: 'ticket_status_changed',
          message: `${label} is now ${status.name}: ${updated.subject}`,
          entityType: 'ticket',
          entityId: ticket.id,
          email: {
            status: status.name,
            finished: status.is_resolved_status || status.is_closed_status,
          },
        },
      );
    }
    return updated;
  });
}

export interface AddReplyResult {
  reply: ReplyRow;
  created: boolean;
}

/**
 * Adds a public or internal reply (authorized by the policy); its minutes add to the ticket's time spent, and the first public
 * reply by staff stamps first_response_at — unless the reply is the requester side's (mail-in, or
 * an email staff add as its sender's: `author: 'sender'`). A Gmail message becomes a reply at most once (unique
 * index). Watchers, assignee and requester are notified — of internal notes, staff only.
 */
export async function addReply(
  db: Kysely<Database>,
  actor: Actor,
  ctx: AuditContext,
  ticket: TicketRow,
  watchers: { id: number; role: string }[],
  input: ReplyCreate,
  options: EmailFiling = {},
): Promise<AddReplyResult> {
  const gmailId = input.gmail?.messageId;
  const mailbox = options.mailbox ?? mailboxOf(actor);
  if (gmailId) {
    const existing = await findReplyByGmailMessage(db, mailbox, gmailId);
    if (existing) {
      if (existing.ticket_id !== ticket.id) throw conflict('This email was already added to another ticket');
      return { reply: existing, created: false };
    }
    // The email a ticket was made from is that ticket's opening message, never a reply on one —
    // whichever mailbox's copy is sent: the same message id here, or the same RFC 822 Message-ID
    // (the watched mailbox's or a colleague's copy) on any ticket.
    const rfc822 = input.gmail?.rfc822MessageId;
    const madeTicket =
      (await findTicketByGmailMessage(db, ticket.organization_id, mailbox, gmailId)) ??
      (rfc822 === undefined ? undefined : (await ticketsFromEmail(db, ticket.organization_id, rfc822))[0]);
    if (madeTicket) {
      throw conflict(
        `This email is the one ${displayNumber(madeTicket)} was made from; it cannot be added as a reply`,
      );
    }
  }
  // An email added as its sender's message is authored by the sender (a contact if unknown): the
  // requester side speaking, so no first-response stamp, and the sender is not told of their own mail.
  const sender =
    input.author === 'sender' && input.gmail?.from
      ? await userForEmail(db, ctx, ticket.organization_id, input.gmail.from)
      : undefined;
  const requesterSide = options.requesterSide === true || sender !== undefined;
  const staff = isStaff(actor);
  const minutes = input.timeSpentMinutes ?? 0;
  try {
    return await db.transaction().execute(async (trx) => {
      const reply = await insertReply(trx, {
        ticket_id: ticket.id,
        reply: input.reply,
        type: input.type,
        time_spent_minutes: minutes,
        created_by_user_id: sender?.id ?? actor.userId,
        gmail_mailbox: gmailId ? mailbox : null,
        gmail_message_id: gmailId ?? null,
        gmail_rfc822_message_id: input.gmail?.rfc822MessageId ?? null,
      });
      const firstResponse =
        staff && !requesterSide && input.type === 'public' && ticket.first_response_at === null;
      if (minutes > 0 || firstResponse) {
        await updateTicketRow(trx, ticket.id, {
          time_spent_minutes: ticket.time_spent_minutes + minutes,
          ...(firstResponse ? { first_response_at: reply.created_at } : {}),
        });
      }
      await recordAudit(trx, ctx, {
        action: 'reply',
        entityType: 'ticket',
        entityId: ticket.id,
        newValue: {
          replyId: reply.id,
          type: reply.type,
          timeSpentMinutes: minutes,
          ...(sender ? { authorUserId: sender.id } : {}),
        },
      });
      const staffWatchers = watchers
        .filter((w) => w.role === 'admin' || w.role === 'manager')
        .map((w) => w.id);
      // The sender's own email reaches IT (the assignee, staff watchers), never the sender again;
      // the staff member adding it knows already.
      const recipients = sender
        ? [ticket.assigned_to_user_id, ...staffWatchers].filter((id) => id !== actor.userId)
        : input.type === 'internal'
          ? [ticket.assigned_to_user_id, ...staffWatchers]
          : [
              ticket.assigned_to_user_id,
              ticket.related_user_id,
              ticket.created_by_user_id,
              ...watchers.map((w) => w.id),
            ];
      await notify(trx, ticket.organization_id, recipients, sender?.id ?? actor.userId, {
        type: 'ticket_reply',
        message: sender
          ? `New email from ${sender.email} on ${displayNumber(ticket)}: ${ticket.subject}`
          : `New ${input.type === 'internal' ? 'internal note' : 'reply'} on ${displayNumber(ticket)}: ${ticket.subject}`,
        entityType: 'ticket',
        entityId: ticket.id,
        // Internal notes never leave Helios; a public reply is mailed with its text.
        email: input.type === 'public' ? { replyId: reply.id } : undefined,
      });
      return { reply, created: true };
    });
  } catch (error) {
    if (gmailId && isUniqueViolation(error, 'idx_ticket_replies_gmail_mailbox_message')) {
      const existing = await findReplyByGmailMessage(db, mailbox, gmailId);
      if (existing && existing.ticket_id === ticket.id) return { reply: existing, created: false };
      throw conflict('This email was already added to another ticket');
    }
    throw error;
  }
}

/** Adds or removes a watcher (a user of ours); idempotent, audited when it changed something. */
export async function setWatching(
  db: Kysely<Database>,
  ctx: AuditContext,
  ticket: TicketRow,
  userId: number,
  watching: boolean,
): Promise<void> {
  if (watching) await activeUser(db, ticket.organization_id, userId, 'userId');
  await db.transaction().execute(async (trx) => {
    const changed = watching
      ? await addWatchers(trx, ticket.id, [userId])
      : await removeWatcher(trx, ticket.id, userId);
    if (changed > 0) {
      await recordAudit(trx, ctx, {
        action: watching ? 'watch' : 'unwatch',
        entityType: 'ticket',
        entityId: ticket.id,
        newValue: { userId },
      });
    }
  });
}

/**
 * Attaches a stored file, or registers a Drive file (as POST /files does: the documentation
 * module's own command) and attaches that. Registering commits on its own — the documentation
 * module owns that transaction — so if attaching then fails, the Drive file stays registered,
 * unattached: a harmless link an admin can see under /files, never a half-attached ticket.
 */
export async function attachFile(
  db: Kysely<Database>,
  actor: Actor,
  ctx: AuditContext,
  ticket: TicketRow,
  input: {
    fileId?: number | undefined;
    driveFileId?: string | undefined;
    name?: string | undefined;
    mimeType?: string | undefined;
  },
): Promise<number> {
  const { fileId, driveFileId } = input;
  if (fileId !== undefined) {
    if ((await unusableRefs(db, 'files', ticket.organization_id, [fileId], true)).length > 0)
      fail([{ path: 'fileId', message: `no active file with id ${fileId}` }]);
  } else if (driveFileId === undefined) {
    throw new Error('attachment without a file');
  }
  // A Drive file is registered and attached in one transaction: no unattached file is left behind.
  return db.transaction().execute(async (trx) => {
    const attached =
      fileId ??
      ((
        await registerDriveFile(trx, actor, ctx, {
          name: input.name ?? String(driveFileId),
          driveFileId: String(driveFileId),
          mimeType: input.mimeType ?? null,
        })
      ).id as number);
    await addAttachment(trx, ticket.id, attached);
    await recordAudit(trx, ctx, {
      action: 'attach',
      entityType: 'ticket',
      entityId: ticket.id,
      newValue: { fileId: attached },
    });
    return attached;
  });
}

/**
 * Attaches an upload whose bytes are already stored: the files row (as POST /files makes it), the
 * attachment and its audit row in one transaction. An attachment of a Gmail message is attached
 * once per ticket: sent again, the existing one is the answer (`created: false`) and the caller
 * removes the new bytes, as it does if this throws.
 */
export async function attachUpload(
  db: Kysely<Database>,
  storage: FileStorage,
  actor: Actor,
  ctx: AuditContext,
  ticket: TicketRow,
  fields: TicketUploadFields,
  upload: ReceivedUpload,
): Promise<{ fileId: number; created: boolean }> {
  const { gmailMessageId, gmailAttachmentIndex, ...fileFields } = fields;
  const gmail =
    gmailMessageId !== undefined && gmailAttachmentIndex !== undefined
      ? { mailbox: mailboxOf(actor), messageId: gmailMessageId, index: gmailAttachmentIndex }
      : undefined;
  if (gmail) {
    const existing = await findAttachmentFromGmail(db, ticket.id, gmail);
    if (existing !== undefined) return { fileId: existing, created: false };
  }
  try {
    return await attachNewUpload(db, storage, actor, ctx, ticket, fileFields, upload, gmail);
  } catch (error) {
    if (!(error instanceof AlreadyAttached) || !gmail) throw error;
    // A concurrent retry attached this Gmail attachment first; that one is the answer.
    const existing = await findAttachmentFromGmail(db, ticket.id, gmail);
    if (existing === undefined)
      throw new Error('a Gmail attachment just attached is missing', { cause: error });
    return { fileId: existing, created: false };
  }
}

/** Rolls back an upload's transaction whose Gmail attachment is on the ticket already. */
class AlreadyAttached extends Error {}

async function attachNewUpload(
  db: Kysely<Database>,
  storage: FileStorage,
  actor: Actor,
  ctx: AuditContext,
  ticket: TicketRow,
  fields: FileUploadFields,
  upload: ReceivedUpload,
  gmail: GmailAttachmentKey | undefined,
): Promise<{ fileId: number; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const file = await createUploadedFile(trx, storage, actor, ctx, fields, upload);
    const fileId = file.id as number;
    if (!(await addAttachment(trx, ticket.id, fileId, gmail))) throw new AlreadyAttached();
    await recordAudit(trx, ctx, {
      action: 'attach',
      entityType: 'ticket',
      entityId: ticket.id,
      newValue: { fileId, ...(gmail ? { gmailMessageId: gmail.messageId, gmailIndex: gmail.index } : {}) },
    });
    return { fileId, created: true };
  });
}

/** The requester rates a resolved ticket, once (who and when: the policy's `feedback`). */
export async function giveFeedback(
  db: Kysely<Database>,
  actor: Actor,
  ctx: AuditContext,
  ticket: TicketRow,
  input: { rating: number; comment?: string | null | undefined },
): Promise<TicketRow> {
  return db.transaction().execute(async (trx) => {
    const updated = await updateTicketRow(trx, ticket.id, {
      feedback_rating: input.rating,
      feedback_comment: input.comment ?? null,
    });
    await recordAudit(trx, ctx, {
      action: 'feedback',
      entityType: 'ticket',
      entityId: ticket.id,
      newValue: { rating: input.rating },
    });
    await notify(trx, ticket.organization_id, [ticket.assigned_to_user_id], actor.userId, {
      type: 'ticket_feedback',
      message: `${displayNumber(ticket)} was rated ${input.rating}/5`,
      entityType: 'ticket',
      entityId: ticket.id,
    });
    return updated;
  });
}

/** Archives or restores a ticket (staff), audited once per change. */
export async function setTicketArchived(
  db: Kysely<Database>,
  ctx: AuditContext,
  ticket: TicketRow,
  archived: boolean,
): Promise<TicketRow> {
  if ((ticket.archived_at !== null) === archived) return ticket;
  return db.transaction().execute(async (trx) => {
    const updated = await updateTicketRow(trx, ticket.id, { archived_at: archived ? new Date() : null });
    await recordAudit(trx, ctx, {
      action: archived ? 'archive' : 'restore',
      entityType: 'ticket',
      entityId: ticket.id,
    });
    return updated;
  });
}
