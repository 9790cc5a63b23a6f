import type { Reply, SharedTicket, Ticket } from '@helios/shared';
import type { ReplyRow, StatusRow, TicketRow, usersByIds } from '../queries/tickets.ts';
import { displayName } from '../../../core/queries/users.ts';
import { displayNumber } from './ticket-summaries.ts';

type Users = Awaited<ReturnType<typeof usersByIds>>;

const person = (users: Users, id: number | null) => {
  const u = id === null ? undefined : users.get(id);
  return u ? { id: u.id, name: displayName(u), email: u.email } : null;
};

export interface TicketExtras {
  status: StatusRow;
  users: Users;
  watcherUserIds: number[];
  assetIds: number[];
  /** The public link is shown only to those who may read the ticket anyway. */
  showUrlKey: boolean;
}

export function presentTicket(row: TicketRow, x: TicketExtras): Ticket {
  return {
    id: row.id,
    number: row.number,
    displayNumber: displayNumber(row.prefix, row.number),
    subject: row.subject,
    details: row.details,
    category: row.category,
    priority: row.priority,
    source: row.source,
    status: {
      id: x.status.id,
      name: x.status.name,
      color: x.status.color,
      isClosed: x.status.is_closed_status,
      isResolved: x.status.is_resolved_status,
    },
    createdBy: person(x.users, row.created_by_user_id),
    assignedTo: person(x.users, row.assigned_to_user_id),
    relatedUser: person(x.users, row.related_user_id),
    assetIds: x.assetIds,
    watcherUserIds: x.watcherUserIds,
    timeSpentMinutes: row.time_spent_minutes,
    billable: row.billable,
    firstResponseAt: row.first_response_at?.toISOString() ?? null,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    closedByUserId: row.closed_by_user_id,
    feedbackRating: row.feedback_rating,
    feedbackComment: row.feedback_comment,
    gmail: row.gmail_message_id ? { messageId: row.gmail_message_id, threadId: row.gmail_thread_id } : null,
    urlKey: x.showUrlKey ? row.url_key : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    archivedAt: row.archived_at?.toISOString() ?? null,
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
    displayNumber: displayNumber(row.prefix, row.number),
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
