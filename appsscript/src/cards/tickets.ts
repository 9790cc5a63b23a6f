// Ticket rows, the ticket card (status, priority, assignee, replies, actions) and paged lists.
import type { TicketFormOptions, TicketStatus, TicketWithReplies } from '../api/schemas.ts';
import { fn } from './names.ts';
import { assigneeChoice, priorityChoice } from './pickers.ts';
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
  /** The web console's page of the ticket (`<backend>/tickets/:id`), when a server is set. */
  consoleUrl: string | null;
  /** The public (no sign-in) view of the ticket, when the server shares one. */
  publicUrl: string | null;
  /** The backend origin, for attachment downloads (their URLs are server-relative). */
  base: string | null;
  meId: number;
  statuses: TicketStatus[];
  /** Staff: who the ticket may be reassigned to (null: only "Assign to me"). */
  options: TicketFormOptions | null;
  /** Newest replies first; skip this many. */
  replyOffset: number;
}

function replyWidgets(view: TicketView): (GasWidget | null)[] {
  const newestFirst = [...view.ticket.replies].reverse();
  const page = newestFirst.slice(view.replyOffset, view.replyOffset + PAGE);
  if (page.length === 0) return [textOf('No replies yet.')];
  const widgets: (GasWidget | null)[] = page.map((r) =>
    row({
      // Internal notes are marked before anything else on the line: they never reach the requester.
      top: `${r.type === 'internal' ? '🔒 INTERNAL NOTE · ' : ''}${r.createdBy?.name ?? 'Someone'} · ${whenWithAge(r.createdAt)}${
        r.timeSpentMinutes > 0 ? ` · ${r.timeSpentMinutes} min` : ''
      }`,
      text: r.reply.length > 600 ? `${r.reply.slice(0, 600)}…` : r.reply,
      ...(r.type === 'internal' ? { bottom: 'Visible to IT staff only' } : {}),
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

const size = (bytes: number | null): string | null =>
  bytes === null
    ? null
    : bytes >= 1048576
      ? `${(bytes / 1048576).toFixed(1)} MB`
      : `${Math.ceil(bytes / 1024)} KB`;

function attachmentRows(view: TicketView): GasWidget[] {
  return view.ticket.attachments.slice(0, 20).map((a) =>
    row({
      top: a.kind === 'drive' ? 'Google Drive' : 'File',
      text: a.name,
      bottom: [size(a.size), a.mimeType, age(a.createdAt)].filter(Boolean).join(' · '),
      // Downloads need the console's sign-in (or open Drive); the link is the server's own route.
      ...(view.base ? { button: linkButton('Open', `${view.base}${a.downloadUrl}`) } : {}),
    }),
  );
}

/**
 * The ticket card. Its actions come from the ticket's own abilities (the server's verdict for this
 * caller and this ticket), never from the caller's role: a user sees "Close" on a ticket they
 * filed, nobody is offered a reply on an archived ticket. Status, priority and assignee change on
 * selection (one click: each dropdown's on-change action saves it).
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
  const onTicket = { ticketId: t.id };
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
        field('Tags', t.tags.map((tag) => tag.name).join(', ')),
        field('Time spent', t.timeSpentMinutes > 0 ? `${t.timeSpentMinutes} min` : null),
        field('Opened', `${whenWithAge(t.createdAt)}${t.createdBy ? ` by ${t.createdBy.name}` : ''}`),
        field('Closed', t.closedAt ? when(t.closedAt) : null),
        buttons(
          view.consoleUrl ? linkButton('Open in Helios', view.consoleUrl) : null,
          view.publicUrl ? linkButton('Public page', view.publicUrl) : null,
        ),
      ]),
      can.update
        ? section('Manage', [
            live.length > 0
              ? choice({
                  name: 'statusId',
                  title: 'Status (saved on change)',
                  kind: 'dropdown',
                  items: live.map((s) => ({
                    text: s.name,
                    value: String(s.id),
                    selected: s.id === t.status.id,
                  })),
                }).setOnChangeAction(action(fn.setStatus, onTicket))
              : null,
            priorityChoice(t.priority, action(fn.setPriority, onTicket)),
            view.options
              ? assigneeChoice(
                  view.options,
                  t.assignedTo?.id ?? null,
                  view.meId,
                  action(fn.reassign, onTicket),
                )
              : null,
            buttons(
              assignedToMe || view.options ? null : button('Assign to me', action(fn.assignToMe, onTicket)),
              closeButton,
            ),
          ])
        : closeButton
          ? section('Manage', [buttons(closeButton)])
          : null,
      section(
        'Details',
        [paragraph(esc(t.details.length > 1500 ? `${t.details.slice(0, 1500)}…` : t.details))],
        1,
      ),
      section(`Attachments (${t.attachments.length})`, attachmentRows(view), 3),
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
                    { text: '🔒 IT staff only (internal note)', value: 'internal' },
                  ],
                })
              : null,
            // Time is logged with the work it was spent on (the reply's minutes add to the ticket's).
            can.update
              ? input({ name: 'timeSpentMinutes', title: 'Time spent (minutes, optional)', hint: 'e.g. 15' })
              : null,
            buttons(button('Send reply', action(fn.reply, onTicket), true)),
          ])
        : null,
    ],
  });
}
