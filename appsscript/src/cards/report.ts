// A plain user's Gmail sidebar: "Report this email to IT" (a ticket filed as themselves, the email
// quoted in it) and their own open tickets — not a card about a colleague they may not see.
import type { PeopleContext } from '../api/schemas.ts';
import { fn } from './names.ts';
import type { GmailRef } from './person.ts';
import { ticketRow, ticketRows } from './tickets.ts';
import { action, button, card, footer, moreButton, PAGE, paragraph, section } from './ui.ts';

export interface ReportView {
  gmail: GmailRef & { senderEmail: string };
  /** The user's own context (their open tickets; the thread's ticket if they may see it). */
  context: PeopleContext;
  canFile: boolean;
}

export function reportCard(view: ReportView): GasCard {
  const { context } = view;
  const open = context.openTickets;
  const total = Math.max(context.counts.openTickets, open.length);
  return card({
    title: 'Helios',
    subtitle: 'IT help for this email',
    name: 'report',
    sections: [
      context.ticketForThread
        ? section('This thread is a ticket', [ticketRow(context.ticketForThread)])
        : null,
      view.canFile
        ? section(null, [
            paragraph(
              'Something wrong with this email — phishing, a problem to fix, a request? Send it to IT as a ticket; the email is quoted in it.',
            ),
          ])
        : null,
      section(`My open tickets (${total})`, [
        ...ticketRows(open.slice(0, PAGE), 'You have no open tickets.'),
        total > PAGE ? moreButton(action(fn.ticketList, { filter: 'mine' }), `More (${total - PAGE})`) : null,
      ]),
    ],
    ...(view.canFile
      ? {
          footer: footer(
            button('Report this email to IT', action(fn.showTicketForm, { ...view.gmail }), true),
            ...(context.ticketForThread
              ? [
                  button(
                    `Add to ${context.ticketForThread.displayNumber}`,
                    action(fn.showAddToTicket, {
                      ...view.gmail,
                      reference: context.ticketForThread.displayNumber,
                    }),
                  ),
                ]
              : []),
          ),
        }
      : {}),
  });
}
