// Ticket rows, the ticket card (status, priority, assignee, replies, actions) and paged lists.
import type { TicketStatus, TicketWithReplies } from '../api/schemas.ts';
import { fn } from './names.ts';
import {
  action,
  age,
  button,
  buttons,
  card,
  choice,
  esc,
  field,
  input,
  linkButton,
  moreButton,
  PAGE,
  paragraph,
  row,
  section,
  textOf,
  when,
  whenWithAge,
} from './ui.ts';

export interface TicketLike {
  id: number;
  displayNumber: string;
  subject: string;
  priority: string | null;
  status: { name: string };
  assignedTo: { name: string } | null;
  updatedAt: string;
}

export const ticketLine = (t: TicketLike): string =>
  [
    t.status.name,
    t.priority,
    t.assignedTo ? `→ ${t.assignedTo.name}` : 'unassigned',
    t.updatedAt ? `updated ${age(t.updatedAt)}` : null,
  ]
    .filter(Boolean)
    .join(' · ');

export const ticketRow = (
  t: TicketLike,
  onClick = action(fn.openTicket, { ticketId: t.id }),
): GasDecoratedText => row({ top: t.displayNumber, text: t.subject, bottom: ticketLine(t), onClick });

/** Rows of a list, or one line saying it is empty. */
export function ticketRows(tickets: TicketLike[], empty: string): GasWidget[] {
  return tickets.length > 0 ? tickets.map((t) => ticketRow(t)) : [textOf(empty)];
}

export interface TicketListView {
  title: string;
  /** Filter key understood by onTicketList (mine, assigned, unassigned, related:<email>). */
  filter: string;
  tickets: TicketLike[];
  nextCursor: string | null;
  empty: string;
}

export function ticketListCard(view: TicketListView): GasCard {
  return card({
    title: view.title,
    subtitle: 'Helios tickets',
    name: 'ticket-list',
    sections: [
      section(null, [
        ...ticketRows(view.tickets, view.empty),
        view.nextCursor
          ? moreButton(action(fn.ticketList, { filter: view.filter, cursor: view.nextCursor, mode: 'more' }))
          : null,
      ]),
    ],
  });
}

export interface TicketView {
  /** With `abilities`: what the caller may do with this ticket, which decides every action shown. */
  ticket: TicketWithReplies;
  /** The public (no sign-in) view of the ticket, when the server shares one. */
  publicUrl: string | null;
  meId: number;
  statuses: TicketStatus[];
  /** Newest replies first; skip this many. */
  replyOffset: number;
}

function replyWidgets(view: TicketView): (GasWidget | null)[] {
  const newestFirst = [...view.ticket.replies].reverse();
  const page = newestFirst.slice(view.replyOffset, view.replyOffset + PAGE);
  if (page.length === 0) return [textOf('No replies yet.')];
  const widgets: (GasWidget | null)[] = page.map((r) =>
    row({
      top: `${r.createdBy?.name ?? 'Someone'} · ${whenWithAge(r.createdAt)}${r.type === 'internal' ? ' · internal note' : ''}`,
      text: r.reply.length > 600 ? `${r.reply.slice(0, 600)}…` : r.reply,
    }),
  );
  if (newestFirst.length > view.replyOffset + PAGE) {
    widgets.push(
      moreButton(
        action(fn.moreReplies, { ticketId: view.ticket.id, offset: view.replyOffset + PAGE }),
        'Older replies',
      ),
    );
  }
  return widgets;
}

/**
 * The ticket card. Its actions come from the ticket's own abilities (the server's verdict for this
 * caller and this ticket), never from the caller's role: a user sees "Close" on a ticket they
 * filed, nobody is offered a reply on an archived ticket.
 */
export function ticketCard(view: TicketView): GasCard {
  const t = view.ticket;
  const can = t.abilities;
  const closedStatus = view.statuses.find((s) => s.isClosedStatus && !s.archivedAt);
  const assignedToMe = t.assignedTo?.id === view.meId;
  const live = view.statuses.filter((s) => !s.archivedAt).sort((a, b) => a.displayOrder - b.displayOrder);
  const closeButton =
    can.close && closedStatus && !t.status.isClosed
      ? button('Close', action(fn.closeTicket, { ticketId: t.id, statusId: closedStatus.id }))
      : null;
  return card({
    title: `${t.displayNumber}: ${t.subject}`,
    subtitle: `${t.status.name}${t.priority ? ` · ${t.priority}` : ''}`,
    name: 'ticket',
    sections: [
      section(null, [
        field('Status', t.status.name),
        field('Priority', t.priority),
        field('Assigned to', t.assignedTo?.name ?? 'Unassigned'),
        field('For', t.relatedUser ? `${t.relatedUser.name} <${t.relatedUser.email}>` : null),
        field('Category', t.category),
        field('Opened', `${whenWithAge(t.createdAt)}${t.createdBy ? ` by ${t.createdBy.name}` : ''}`),
        field('Closed', t.closedAt ? when(t.closedAt) : null),
        buttons(view.publicUrl ? linkButton('Open in browser', view.publicUrl) : null),
      ]),
      section(
        'Details',
        [paragraph(esc(t.details.length > 1500 ? `${t.details.slice(0, 1500)}…` : t.details))],
        1,
      ),
      section(`Replies (${t.replies.length})`, replyWidgets(view)),
      can.reply
        ? section('Reply', [
            input({ name: 'reply', title: 'Your reply', multiline: true }),
            can.replyInternal
              ? choice({
                  name: 'replyType',
                  title: 'Visible to',
                  kind: 'radio',
                  items: [
                    { text: 'Everyone on the ticket (public)', value: 'public', selected: true },
                    { text: 'IT staff only (internal note)', value: 'internal' },
                  ],
                })
              : null,
            buttons(button('Send reply', action(fn.reply, { ticketId: t.id }), true)),
          ])
        : null,
      can.update
        ? section('Manage', [
            live.length > 0
              ? choice({
                  name: 'statusId',
                  title: 'Status',
                  kind: 'dropdown',
                  items: live.map((s) => ({
                    text: s.name,
                    value: String(s.id),
                    selected: s.id === t.status.id,
                  })),
                })
              : null,
            buttons(
              live.length > 0 ? button('Change status', action(fn.setStatus, { ticketId: t.id })) : null,
              assignedToMe ? null : button('Assign to me', action(fn.assignToMe, { ticketId: t.id })),
              closeButton,
            ),
          ])
        : closeButton
          ? section('Manage', [buttons(closeButton)])
          : null,
    ],
  });
}
