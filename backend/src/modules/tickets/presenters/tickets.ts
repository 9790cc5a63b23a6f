import type { Reply, SharedTicket, Ticket, TicketAttachment, TicketWithReplies } from '@helios/shared';
import { fileLocation } from '../../documentation/index.ts';
import type { Actor } from '../../../core/auth/actor.ts';
import { displayName } from '../../../core/queries/users.ts';
import { displayNumber } from '../display-number.ts';
import { type TicketFacts, ticketAbilities, ticketFacts } from '../policies/tickets.ts';
import type {
  AttachedFileRow,
  PersonRow,
  ReplyRow,
  StatusRow,
  TicketExtras,
  TicketRow,
} from '../queries/tickets.ts';

type Users = ReadonlyMap<number, PersonRow>;

const person = (users: Users, id: number | null) => {
  const u = id === null ? undefined : users.get(id);
  return u ? { id: u.id, name: displayName(u), email: u.email } : null;
};

/**
 * Tickets as the API sends them, with what the caller may do with each (`abilities`, from the same
 * policy the routes enforce). Everything beyond the rows comes gathered in `extras`
 * (queries/tickets.ts `ticketExtras`): presenting never queries.
 */
export function presentTickets(actor: Actor, rows: readonly TicketRow[], extras: TicketExtras): Ticket[] {
  return rows.map((row) => presentTicket(actor, row, extras));
}

const statusOf = (row: TicketRow, x: TicketExtras): StatusRow => {
  const status = x.statuses.get(row.status_id);
  if (!status) throw new Error(`ticket ${row.id} has an unknown status`);
  return status;
};

/** What the tickets policy decides from, for a stored ticket and its gathered extras. */
export const ticketFactsOf = (row: TicketRow, x: TicketExtras): TicketFacts =>
  ticketFacts(row, x.watchers.get(row.id) ?? [], statusOf(row, x));

export function presentTicket(actor: Actor, row: TicketRow, x: TicketExtras): Ticket {
  const status = statusOf(row, x);
  return {
    id: row.id,
    number: row.number,
    displayNumber: displayNumber(row),
    subject: row.subject,
    details: row.details,
    category: row.category,
    priority: row.priority,
    source: row.source,
    status: {
      id: status.id,
      name: status.name,
      color: status.color,
      isClosed: status.is_closed_status,
      isResolved: status.is_resolved_status,
    },
    createdBy: person(x.users, row.created_by_user_id),
    assignedTo: person(x.users, row.assigned_to_user_id),
    relatedUser: person(x.users, row.related_user_id),
    assetIds: x.assets.get(row.id) ?? [],
    watcherUserIds: x.watchers.get(row.id) ?? [],
    // Outside contacts read no tags (their names are the organization's own labels).
    tags: actor.role === 'contact' ? [] : (x.tags.get(row.id) ?? []),
    customFields: x.customFields.get(row.id) ?? {},
    timeSpentMinutes: row.time_spent_minutes,
    billable: row.billable,
    firstResponseAt: row.first_response_at?.toISOString() ?? null,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    closedByUserId: row.closed_by_user_id,
    feedbackRating: row.feedback_rating,
    feedbackComment: row.feedback_comment,
    gmail: row.gmail_message_id ? { messageId: row.gmail_message_id, threadId: row.gmail_thread_id } : null,
    // Only readers are ever presented a ticket, and they may have its public link.
    urlKey: x.shareKey?.(row) ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    archivedAt: row.archived_at?.toISOString() ?? null,
    abilities: ticketAbilities(actor, ticketFactsOf(row, x)),
  };
}

/** `GET /tickets/:id`: the ticket and the replies the caller may see (`replies` already filtered). */
export function presentTicketWithReplies(
  actor: Actor,
  row: TicketRow,
  extras: TicketExtras,
  replies: readonly ReplyRow[],
  replyAuthors: Users,
  attachments: readonly AttachedFileRow[],
): TicketWithReplies {
  return {
    ...presentTicket(actor, row, extras),
    replies: replies.map((r) => presentReply(r, replyAuthors)),
    attachments: attachments.map(presentAttachment),
  };
}

/** An attached file: what a client lists, and a download link any reader of the ticket may follow. */
export function presentAttachment(file: AttachedFileRow): TicketAttachment {
  return {
    ticketId: file.attached_ticket_id,
    fileId: file.id,
    name: file.name,
    size: file.file_size,
    mimeType: file.mime_type,
    kind: fileLocation(file).kind,
    downloadUrl: `/api/v1/tickets/${file.attached_ticket_id}/attachments/${file.id}/download`,
    createdAt: file.created_at.toISOString(),
  };
}

export function presentReply(row: ReplyRow, users: Users): Reply {
  return {
    id: row.id,
    reply: row.reply,
    type: row.type as Reply['type'],
    timeSpentMinutes: row.time_spent_minutes,
    createdBy: person(users, row.created_by_user_id),
    createdAt: row.created_at.toISOString(),
    gmailMessageId: row.gmail_message_id,
  };
}

/** The public, unauthenticated view: no people's emails, no internal anything. */
export function presentSharedTicket(
  row: TicketRow,
  status: StatusRow,
  replies: ReplyRow[],
  users: Users,
): SharedTicket {
  const name = (id: number) => {
    const u = users.get(id);
    return u ? [u.first_name, u.last_name].filter(Boolean).join(' ') || 'Staff' : 'Staff';
  };
  return {
    displayNumber: displayNumber(row),
    subject: row.subject,
    details: row.details,
    status: status.name,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    replies: replies.map((r) => ({
      reply: r.reply,
      author: name(r.created_by_user_id),
      createdAt: r.created_at.toISOString(),
    })),
  };
}
