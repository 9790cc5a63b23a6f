// A person's card: who they are, their devices and licenses, their tickets — the Gmail sidebar for
// a sender, and the admin's user lookup. In Gmail it leads with this thread's ticket and offers to
// file one (also for senders Helios does not know).
import type { PeopleContext } from '../api/schemas.ts';
import { fn } from './names.ts';
import {
  action,
  bold,
  button,
  buttons,
  card,
  field,
  footer,
  moreButton,
  PAGE,
  paragraph,
  row,
  section,
  textOf,
} from './ui.ts';
import { ticketRow, ticketRows } from './tickets.ts';

type Asset = PeopleContext['assets'][number];
type License = PeopleContext['softwareLicenses'][number];

export interface GmailRef {
  messageId: string;
  threadId: string;
}

export interface PersonView {
  email: string;
  context: PeopleContext;
  /** Set in Gmail: the open message (offers filing and adding to a ticket). */
  gmail?: GmailRef;
  /** The From display name ("Pat Rep" of `Pat Rep <pat@x>`): the title for a sender Helios lacks. */
  senderName?: string | null;
  /** A ticket number the subject or body mentions (`TKT-42`), when the thread has no ticket. */
  mentioned?: string;
  canFile: boolean;
  /** IT staff: "New joiner / leaver from this email" (cards/lifecycle.ts). */
  canStartLifecycle?: boolean;
  /** IT staff looking someone up (no email open): "File a ticket for this person". */
  fileFor?: boolean;
  /** IT staff: may record an unknown sender as an outside contact. */
  canCreateContact?: boolean;
  /** Helios would not show this person to the caller (a contact looking at a colleague). */
  restricted?: boolean;
}

export type PersonListKind = 'assets' | 'licenses' | 'tickets';

/** Lists in the sender card show this many rows; the rest fold away behind Google's "more". */
const AT_A_GLANCE = 3;
/** Licenses and warranties ending this soon are flagged (the admin homepage's expiry window). */
const EXPIRY_WARNING_DAYS = 45;

/** "Expired" / "Expires in 12 d" for a date within the warning window, else null. */
function expiryFlag(date: string | null, what: string, now = Date.now()): string | null {
  if (!date) return null;
  const ms = Date.parse(date.slice(0, 10));
  if (Number.isNaN(ms)) return null;
  const days = Math.ceil((ms - now) / 86_400_000);
  if (days < 0) return `⚠ ${what} expired`;
  if (days <= EXPIRY_WARNING_DAYS) return `⚠ ${what} ends in ${days} d`;
  return null;
}

export const assetRow = (a: Asset): GasDecoratedText =>
  row({
    top: expiryFlag(a.warrantyExpireDate, 'Warranty') ?? a.assetType.replace(/_/g, ' '),
    text: a.name,
    bottom: [[a.make, a.model].filter(Boolean).join(' '), a.serialNumber, a.os, a.status]
      .filter(Boolean)
      .join(' · '),
  });

export const licenseRow = (l: License): GasDecoratedText =>
  row({
    top: expiryFlag(l.expireDate, 'License'),
    text: l.name,
    bottom: [l.licenseType, l.expireDate ? `expires ${l.expireDate}` : null].filter(Boolean).join(' · '),
  });

/** The loaded (capped) list of a kind, and its real total from the context's counts. */
function listOf(context: PeopleContext, kind: PersonListKind): { rows: GasDecoratedText[]; total: number } {
  // The counts and the lists are read by the same request in parallel statements: should a row
  // land between them, the total still never claims fewer than are shown.
  if (kind === 'assets')
    return {
      rows: context.assets.map(assetRow),
      total: Math.max(context.counts.devices, context.assets.length),
    };
  if (kind === 'licenses')
    return {
      rows: context.softwareLicenses.map(licenseRow),
      total: Math.max(context.counts.licenses, context.softwareLicenses.length),
    };
  return {
    rows: context.openTickets.map((t) => ticketRow(t)),
    total: Math.max(context.counts.openTickets, context.openTickets.length),
  };
}

/** "More (47)" to the next page, or a line saying how many more only Helios itself lists. */
function moreWidget(
  view: { email: string; threadId?: string | undefined },
  kind: PersonListKind,
  loaded: number,
  total: number,
  offset: number,
  mode?: 'more',
): GasWidget | null {
  if (loaded > offset) {
    return moreButton(
      action(fn.personList, { email: view.email, kind, offset, threadId: view.threadId, mode }),
      `More (${total - offset})`,
    );
  }
  return total > loaded ? textOf(`…and ${total - loaded} more in Helios.`) : null;
}

/** A list section: "Devices (3 of 57)", the first three rows, the rest folded, More to page on. */
function listSection(view: PersonView, kind: PersonListKind, title: string): GasCardSection | null {
  const { rows, total } = listOf(view.context, kind);
  const label = total > AT_A_GLANCE ? `${title} (${AT_A_GLANCE} of ${total})` : `${title} (${total})`;
  const widgets: (GasWidget | null)[] =
    kind === 'tickets' && rows.length === 0 ? [textOf('No open tickets.')] : rows.slice(0, PAGE);
  widgets.push(
    moreWidget({ email: view.email, threadId: view.gmail?.threadId }, kind, rows.length, total, PAGE),
  );
  return section(label, widgets, AT_A_GLANCE);
}

/** The vendor at an unknown sender's domain, with the people Helios knows there. */
function vendorSection(vendor: NonNullable<PeopleContext['vendor']>): GasCardSection | null {
  return section(`Vendor: ${vendor.name}`, [
    field('Website', vendor.website),
    field('Email', vendor.email),
    field('Phone', vendor.phone),
    field('Contact', vendor.contactName),
    ...vendor.contacts.map((c) => row({ top: 'Contact in Helios', text: c.name, bottom: c.email })),
  ]);
}

export function personCard(view: PersonView): GasCard {
  const { person, ticketForThread, vendor } = view.context;
  const gmail = view.gmail;
  // The directory-only view (a plain user looking at a colleague): the API sends names and emails
  // and nulls what the caller may not see (role among them, which staff always get).
  const limited = person !== null && person.role === null;
  const fileAction = gmail ? action(fn.showTicketForm, { ...gmail, senderEmail: view.email }) : null;
  // The thread's ticket, else a ticket number the email mentions, is where this email belongs:
  // adding it there is the primary action, and filing a new ticket the secondary one.
  const target = ticketForThread?.displayNumber ?? view.mentioned;
  const addAction = gmail
    ? action(fn.showAddToTicket, { ...gmail, senderEmail: view.email, reference: target })
    : null;
  const footerButtons =
    fileAction && addAction && view.canFile
      ? target
        ? footer(button(`Add to ${target}`, addAction, true), button('File a ticket', fileAction))
        : footer(button('File a ticket', fileAction, true), button('Add to a ticket', addAction))
      : !gmail && view.fileFor && person
        ? footer(
            button(
              'File a ticket for this person',
              action(fn.showReportForm, { forEmail: view.email }),
              true,
            ),
          )
        : null;
  const unknownName = !person && view.senderName ? view.senderName : null;
  return card({
    title: person?.name ?? unknownName ?? view.email,
    // "Not in Helios" only when Helios said so; a 403 is not an absence.
    // Who they are at a glance: title, department and manager in the header.
    subtitle: person
      ? [person.title, person.department, person.manager ? `reports to ${person.manager.name}` : null]
          .filter(Boolean)
          .join(' · ') || person.email
      : view.restricted
        ? 'Details not shown to you'
        : unknownName
          ? `${view.email} · Not in Helios`
          : 'Not in Helios',
    imageUrl: person?.photoUrl ?? null,
    name: 'person',
    sections: [
      ticketForThread ? section('This thread is a ticket', [ticketRow(ticketForThread)]) : null,
      !ticketForThread && view.mentioned && gmail
        ? section(null, [paragraph(`This email mentions ${bold(view.mentioned)}.`)])
        : null,
      person
        ? section(
            'Who',
            [
              person.isActive ? null : paragraph(bold('Account suspended or inactive')),
              field('Email', person.email),
              field('Title', person.title),
              field('Department', person.department),
              field('Manager', person.manager ? `${person.manager.name} <${person.manager.email}>` : null),
              field('Org unit', person.orgUnit),
              field('Phone', person.phone),
              field('Location', person.location),
            ],
            4,
          )
        : section(null, [
            paragraph(
              `${bold(view.email)} ${view.restricted ? 'is not visible to you in Helios (IT staff see more)' : 'is not in Helios’s directory'}.${
                gmail && view.canFile
                  ? ` You can still file a ticket ${view.restricted ? 'for yourself ' : ''}from this email.`
                  : ''
              }`,
            ),
            view.canCreateContact && !view.restricted
              ? buttons(
                  button(
                    'Create contact',
                    action(fn.createContact, {
                      email: view.email,
                      name: view.senderName ?? undefined,
                      messageId: gmail?.messageId,
                      threadId: gmail?.threadId,
                    }),
                  ),
                )
              : null,
          ]),
      !person && vendor ? vendorSection(vendor) : null,
      limited
        ? section(null, [
            textOf('Helios shows you a colleague’s name and email; IT staff see their devices and tickets.'),
          ])
        : null,
      // In the directory-only view the tickets are those the caller shares with this person.
      person && !(limited && view.context.openTickets.length === 0)
        ? listSection(view, 'tickets', limited ? 'Open tickets you share' : 'Open tickets')
        : null,
      person && view.context.assets.length > 0 ? listSection(view, 'assets', 'Devices') : null,
      person && view.context.softwareLicenses.length > 0 ? listSection(view, 'licenses', 'Licenses') : null,
      person && view.context.recentTickets.length > 0
        ? section('Recently closed', ticketRows(view.context.recentTickets, ''), 2)
        : null,
      gmail && view.canStartLifecycle
        ? section(null, [
            buttons(
              button('New joiner / leaver from this email', action(fn.showLifecycleForm, { ...gmail })),
            ),
          ])
        : null,
    ],
    ...(footerButtons ? { footer: footerButtons } : {}),
  });
}

export interface PersonListView {
  email: string;
  name: string;
  kind: PersonListKind;
  context: PeopleContext;
  offset: number;
  threadId?: string;
}

/** One page of a person's devices, licenses or open tickets ("More"), with the real total. */
export function personListCard(view: PersonListView): GasCard {
  const { context, kind, offset } = view;
  const { rows, total } = listOf(context, kind);
  const page: GasWidget[] = rows.slice(offset, offset + PAGE);
  if (page.length === 0) page.push(textOf('Nothing more.'));
  const title = kind === 'assets' ? 'Devices' : kind === 'licenses' ? 'Licenses' : 'Open tickets';
  return card({
    title: `${title}: ${view.name}`,
    subtitle: `${Math.min(offset + 1, total)}–${Math.min(offset + PAGE, rows.length)} of ${total}`,
    name: 'person-list',
    sections: [
      section(null, [
        ...page,
        moreWidget(
          { email: view.email, threadId: view.threadId },
          kind,
          rows.length,
          total,
          offset + PAGE,
          'more',
        ),
      ]),
    ],
  });
}
