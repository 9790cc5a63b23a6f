// Compose: while writing an email, insert a ticket reference or a canned reply about a ticket into
// the draft (Gmail's compose action; it needs only gmail.addons.current.action.compose). Helios
// keeps no canned replies of its own, so the few here are the add-on's, each naming the ticket.
import type { Ticket } from '../api/schemas.ts';
import { fn } from './names.ts';
import { ticketLine, type TicketLike } from './tickets.ts';
import { action, button, buttons, card, choice, esc, footer, input, section, textOf } from './ui.ts';

export const CANNED = [
  { id: 'reference', label: 'Ticket reference (number, subject, link)' },
  { id: 'received', label: 'We received your request' },
  { id: 'more-info', label: 'We need more information' },
  { id: 'resolved', label: 'This is resolved' },
] as const;
export type CannedId = (typeof CANNED)[number]['id'];

export interface ComposeView {
  tickets: TicketLike[];
  query: string;
  threadId?: string;
}

export function composeCard(view: ComposeView): GasCard {
  const hasTickets = view.tickets.length > 0;
  return card({
    title: 'Insert from Helios',
    subtitle: 'A ticket reference or a reply about a ticket',
    name: 'compose',
    sections: [
      section('Find a ticket', [
        input({ name: 'ticketQuery', title: 'Ticket number or subject', value: view.query }),
        buttons(button('Search', action(fn.composeSearch, { threadId: view.threadId }))),
      ]),
      section(
        'Ticket',
        hasTickets
          ? [
              choice({
                name: 'ticketId',
                title: view.query ? `Matching “${view.query}”` : 'This thread’s and your open tickets',
                kind: 'radio',
                items: view.tickets.map((t, i) => ({
                  text: `${t.displayNumber} ${t.subject} (${ticketLine(t)})`,
                  value: String(t.id),
                  selected: i === 0,
                })),
              }),
            ]
          : [textOf(view.query ? 'No tickets match.' : 'No open tickets; search above.')],
      ),
      hasTickets
        ? section('Insert', [
            choice({
              name: 'template',
              title: 'What to insert',
              kind: 'radio',
              items: CANNED.map((c, i) => ({ text: c.label, value: c.id, selected: i === 0 })),
            }),
          ])
        : null,
    ],
    ...(hasTickets
      ? { footer: footer(button('Insert into the email', action(fn.composeInsert), true)) }
      : {}),
  });
}

/** The text to insert (HTML; everything from the ticket escaped), with the ticket's link if any. */
export function cannedText(id: CannedId, ticket: Ticket, link: string | null): string {
  const ref = `${esc(ticket.displayNumber)}: ${esc(ticket.subject)}`;
  const linked = link ? `<a href="${esc(link)}">${ref}</a>` : ref;
  switch (id) {
    case 'reference':
      return `<p>Ticket ${linked}</p>`;
    case 'received':
      return `<p>Thank you — we have your request as ticket ${linked} and will get back to you shortly.</p>`;
    case 'more-info':
      return `<p>To move ticket ${linked} forward we need a little more information: could you tell us when it started, and what you see on screen (a screenshot helps)?</p>`;
    case 'resolved':
      return `<p>Ticket ${linked} is resolved. If the problem comes back, reply to this email and we will reopen it.</p>`;
  }
}
