// The file-a-ticket form: from an email (prefilled: the sender's devices, the single one ticked;
// the CC'd as watchers; the message's attachments one by one), "Report this email to IT" for a
// plain user, "Report a problem" from the homepage, or new ticket from Drive files. IT staff also
// pick the assignee (any staff member, default me), a category in use, and tags.
import type { PeopleContext, TicketFormOptions, TicketSummary } from '../api/schemas.ts';
import { fn } from './names.ts';
import type { GmailRef } from './person.ts';
import { assigneeChoice, priorityChoice } from './pickers.ts';
import { ticketRow } from './tickets.ts';
import { action, bold, button, card, choice, footer, input, paragraph, section } from './ui.ts';

export const MAX_ASSET_CHOICES = 20;
/** The category dropdown's "type one" entry: its value is never a category. */
export const OTHER_CATEGORY = '__other__';

export interface TicketFormView {
  /** Absent for "Report a problem". */
  gmail?: GmailRef & { senderEmail: string };
  subject: string;
  details: string;
  /** IT staff: assignee, related devices, watchers, tags, filing for someone else. */
  staff: boolean;
  meId: number;
  senderName: string | null;
  assets: PeopleContext['assets'];
  attachments: { name: string; size: number }[];
  /** The ticket this thread already became. */
  existing: TicketSummary | null;
  /** Staff: the pickers' options (null when they could not be loaded: free text instead). */
  options?: TicketFormOptions | null;
  /** The email's To/Cc addresses, offered as watchers (ticked). */
  cc?: string[];
  /** A plain user reporting an email: the wording says so. */
  report?: boolean;
  /** Staff filing for someone they looked up (no email open): the requester. */
  forPerson?: { email: string; name: string };
  /** Drive: the files the ticket is filed with (their names shown; the submit carries them). */
  drive?: { files: string; names: string[] };
}

const kib = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

function categoryWidgets(options: TicketFormOptions | null | undefined): (GasWidget | null)[] {
  if (!options || options.categories.length === 0)
    return [input({ name: 'category', title: 'Category (optional)', hint: 'e.g. Hardware, Access, Email' })];
  return [
    choice({
      name: 'categoryChoice',
      title: 'Category',
      kind: 'dropdown',
      items: [
        { text: 'None', value: '', selected: true },
        ...options.categories.map((c) => ({ text: c, value: c })),
        { text: 'Other (type below)', value: OTHER_CATEGORY },
      ],
    }),
    input({ name: 'category', title: 'Other category', hint: 'Only when “Other” is chosen' }),
  ];
}

export function ticketFormCard(view: TicketFormView): GasCard {
  const submit = view.drive
    ? action(fn.driveFileTicket, { files: view.drive.files })
    : view.gmail
      ? action(fn.fileTicket, { ...view.gmail })
      : action(fn.fileReport, view.forPerson ? { forEmail: view.forPerson.email } : {});
  const options = view.staff ? (view.options ?? null) : null;
  const cc = view.staff ? (view.cc ?? []).slice(0, 20) : [];
  return card({
    title: view.report
      ? 'Report this email to IT'
      : view.drive
        ? 'New ticket with these files'
        : view.gmail
          ? 'File a ticket from this email'
          : view.forPerson
            ? 'File a ticket'
            : 'Report a problem',
    subtitle: view.forPerson
      ? `For ${view.forPerson.name} (${view.forPerson.email})`
      : view.drive
        ? `${view.drive.names.length} file${view.drive.names.length === 1 ? '' : 's'}: ${view.drive.names.slice(0, 3).join(', ')}${view.drive.names.length > 3 ? '…' : ''}`
        : view.gmail
          ? view.staff
            ? `For ${view.senderName ?? view.gmail.senderEmail}`
            : 'For yourself'
          : 'IT will get back to you',
    name: 'ticket-form',
    sections: [
      view.existing
        ? section('Already a ticket', [
            paragraph(
              `This thread is already ${bold(view.existing.displayNumber)}. Filing this same message again shows it; a later message of the thread belongs on it (Add to ${view.existing.displayNumber}).`,
            ),
            ticketRow(view.existing),
            // The one way to a second ticket from a ticketed thread: asked for, never by accident.
            choice({
              name: 'separate',
              title: 'This email is about something else',
              kind: 'checkbox',
              items: [{ text: 'File a separate ticket', value: 'yes' }],
            }),
          ])
        : null,
      section(null, [
        input({ name: 'subject', title: 'Subject', value: view.subject }),
        input({
          name: 'details',
          title: 'Details',
          value: view.details,
          multiline: true,
          hint: view.report
            ? 'The email is quoted for IT; add what you want them to know'
            : view.gmail
              ? 'From the email; quoted history and signature removed'
              : 'What happened, what you expected',
        }),
        priorityChoice('medium'),
        ...categoryWidgets(options),
        view.staff && options ? assigneeChoice(options, view.meId, view.meId) : null,
        view.staff && !options
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
              // The sender's one device is almost surely the one meant: ticked for them.
              items: view.assets.slice(0, MAX_ASSET_CHOICES).map((a) => ({
                text: [a.name, a.serialNumber].filter(Boolean).join(' · '),
                value: String(a.id),
                selected: view.assets.length === 1,
              })),
            }),
          ])
        : null,
      cc.length > 0 || (options && options.tags.length > 0)
        ? section('Watchers and tags', [
            cc.length > 0
              ? choice({
                  name: 'watcherEmails',
                  title: 'Keep informed (from the email’s To/Cc; Helios users only)',
                  kind: 'checkbox',
                  items: cc.map((address) => ({ text: address, value: address, selected: true })),
                })
              : null,
            options && options.tags.length > 0
              ? choice({
                  name: 'tagIds',
                  title: 'Tags',
                  kind: 'checkbox',
                  items: options.tags.slice(0, 30).map((t) => ({ text: t.name, value: String(t.id) })),
                })
              : null,
          ])
        : null,
      // Only staff attach files to tickets (a user's report quotes the attachment names instead).
      view.staff && view.attachments.length > 0
        ? section('Attachments', [
            choice({
              name: 'attachmentIndexes',
              title: 'Attach to the ticket',
              kind: 'checkbox',
              items: view.attachments.map((a, index) => ({
                text: `${a.name} (${kib(a.size)})`,
                value: String(index),
              })),
            }),
          ])
        : null,
    ],
    footer: footer(button(view.report ? 'Send to IT' : 'File ticket', submit, true)),
  });
}
