// "Add this email to an existing ticket": pick the ticket (this thread's, the sender's open ones, or
// search), edit the text, add it as the sender's email or as an internal note.
import { fn } from './names.ts';
import type { GmailRef } from './person.ts';
import { ticketLine, type TicketLike } from './tickets.ts';
import { action, button, buttons, card, choice, footer, input, section, textOf } from './ui.ts';

export interface AddToTicketView {
  gmail: GmailRef & { senderEmail: string };
  candidates: TicketLike[];
  query: string;
  reply: string;
  internalReplies: boolean;
}

export function addToTicketCard(view: AddToTicketView): GasCard {
  const search = action(fn.showAddToTicket, { ...view.gmail, mode: 'search' });
  return card({
    title: 'Add this email to a ticket',
    subtitle: view.gmail.senderEmail,
    name: 'add-to-ticket',
    sections: [
      section('Find a ticket', [
        input({ name: 'ticketQuery', title: 'Ticket number or subject', value: view.query }),
        buttons(button('Search', search)),
      ]),
      section(
        'Ticket',
        view.candidates.length > 0
          ? [
              choice({
                name: 'ticketId',
                title: view.query
                  ? `Matching “${view.query}”`
                  : 'This thread’s and the sender’s open tickets',
                kind: 'radio',
                items: view.candidates.map((t, i) => ({
                  text: `${t.displayNumber} ${t.subject} (${ticketLine(t)})`,
                  value: String(t.id),
                  selected: i === 0,
                })),
              }),
            ]
          : [
              textOf(
                view.query
                  ? 'No open tickets match. Try another number or word.'
                  : 'No open tickets found; search above.',
              ),
            ],
      ),
      section('Reply', [
        input({ name: 'reply', title: 'Text to add', value: view.reply, multiline: true }),
        view.internalReplies
          ? choice({
              name: 'replyType',
              title: 'Add as',
              kind: 'radio',
              items: [
                // The email is the sender's message, shown on the requester's side; never a
                // reply in the staff member's name.
                { text: 'The sender’s email', value: 'email', selected: true },
                { text: 'Internal note (IT staff only)', value: 'internal' },
              ],
            })
          : null,
      ]),
    ],
    ...(view.candidates.length > 0
      ? { footer: footer(button('Add to ticket', action(fn.addEmailToTicket, { ...view.gmail }), true)) }
      : {}),
  });
}
