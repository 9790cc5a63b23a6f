// The file-a-ticket form: from an email (prefilled, the sender's devices as checkboxes, the
// message's attachments) or "Report a problem" from the homepage.
import type { PeopleContext, TicketSummary } from '../api/schemas.ts';
import { fn } from './names.ts';
import type { GmailRef } from './person.ts';
import { ticketRow } from './tickets.ts';
import { action, bold, button, card, choice, footer, input, paragraph, section } from './ui.ts';

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const MAX_ASSET_CHOICES = 20;

export interface TicketFormView {
  /** Absent for "Report a problem". */
  gmail?: GmailRef & { senderEmail: string };
  subject: string;
  details: string;
  /** IT staff: assignee, related devices, filing for someone else. */
  staff: boolean;
  meId: number;
  senderName: string | null;
  assets: PeopleContext['assets'];
  attachments: { name: string; size: number }[];
  /** The ticket this thread already became. */
  existing: TicketSummary | null;
}

const kib = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

export function ticketFormCard(view: TicketFormView): GasCard {
  const submit = view.gmail ? action(fn.fileTicket, { ...view.gmail }) : action(fn.fileReport);
  return card({
    title: view.gmail ? 'File a ticket from this email' : 'Report a problem',
    subtitle: view.gmail
      ? view.staff
        ? `For ${view.senderName ?? view.gmail.senderEmail}`
        : 'For yourself'
      : 'IT will get back to you',
    name: 'ticket-form',
    sections: [
      view.existing
        ? section('Already a ticket', [
            paragraph(
              `This thread is already ${bold(view.existing.displayNumber)}. Filing this same message again shows it.`,
            ),
            ticketRow(view.existing),
          ])
        : null,
      section(null, [
        input({ name: 'subject', title: 'Subject', value: view.subject }),
        input({
          name: 'details',
          title: 'Details',
          value: view.details,
          multiline: true,
          hint: view.gmail
            ? 'From the email; quoted history and signature removed'
            : 'What happened, what you expected',
        }),
        choice({
          name: 'priority',
          title: 'Priority',
          kind: 'dropdown',
          items: PRIORITIES.map((p) => ({
            text: p[0]?.toUpperCase() + p.slice(1),
            value: p,
            selected: p === 'medium',
          })),
        }),
        input({ name: 'category', title: 'Category (optional)', hint: 'e.g. Hardware, Access, Email' }),
        view.staff
          ? choice({
              name: 'assignee',
              title: 'Assign to',
              kind: 'dropdown',
              items: [
                { text: 'Me', value: String(view.meId), selected: true },
                { text: 'Nobody (queue)', value: 'none' },
              ],
            })
          : null,
      ]),
      view.staff && view.assets.length > 0
        ? section('Related devices', [
            choice({
              name: 'assetIds',
              title: `${view.senderName ?? 'Sender'}’s devices`,
              kind: 'checkbox',
              items: view.assets.slice(0, MAX_ASSET_CHOICES).map((a) => ({
                text: [a.name, a.serialNumber].filter(Boolean).join(' · '),
                value: String(a.id),
              })),
            }),
          ])
        : null,
      view.attachments.length > 0
        ? section('Attachments', [
            choice({
              name: 'includeAttachments',
              title: 'Attach to the ticket',
              kind: 'checkbox',
              items: [
                {
                  text: `Include ${view.attachments.length} attachment${view.attachments.length === 1 ? '' : 's'}: ${view.attachments
                    .map((a) => `${a.name} (${kib(a.size)})`)
                    .join(', ')}`,
                  value: 'yes',
                },
              ],
            }),
          ])
        : null,
    ],
    footer: footer(button('File ticket', submit, true)),
  });
}
