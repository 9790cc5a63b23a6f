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
  canFile: boolean;
  /** IT staff: "New joiner / leaver from this email" (cards/lifecycle.ts). */
  canStartLifecycle?: boolean;
  /** Helios would not show this person to the caller (a contact looking at a colleague). */
  restricted?: boolean;
}

export type PersonListKind = 'assets' | 'licenses' | 'tickets';

/**
 * What GET /people/:email/context returns at most per list (backend people route): a list that
 * long may be cut, so its count reads "50+", never a made-up total.
 */
const CAPS: Record<PersonListKind, number> = { assets: 50, licenses: 50, tickets: 20 };
const countOf = (kind: PersonListKind, length: number): string =>
  length >= CAPS[kind] ? `${length}+` : String(length);

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

function listWidgets(view: PersonView, kind: PersonListKind): GasWidget[] {
  const { context } = view;
  const widgets: GasWidget[] =
    kind === 'assets'
      ? context.assets.slice(0, PAGE).map(assetRow)
      : kind === 'licenses'
        ? context.softwareLicenses.slice(0, PAGE).map(licenseRow)
        : ticketRows(context.openTickets.slice(0, PAGE), 'No open tickets.');
  const total =
    kind === 'assets'
      ? context.assets.length
      : kind === 'licenses'
        ? context.softwareLicenses.length
        : context.openTickets.length;
  if (total > PAGE) {
    // A capped list has an unknown rest: "More", not a count the backend never gave.
    const rest = total >= CAPS[kind] ? 'More' : `More (${total - PAGE})`;
    widgets.push(
      moreButton(
        action(fn.personList, { email: view.email, kind, offset: PAGE, threadId: view.gmail?.threadId }),
        rest,
      ),
    );
  }
  return widgets;
}

/** A list section: its real count (or "50+"), the first three rows, the rest folded. */
const listSection = (view: PersonView, kind: PersonListKind, title: string, length: number) =>
  section(`${title} (${countOf(kind, length)})`, listWidgets(view, kind), AT_A_GLANCE);

export function personCard(view: PersonView): GasCard {
  const { person, ticketForThread } = view.context;
  const gmail = view.gmail;
  // The directory-only view (a plain user looking at a colleague): the API sends names and emails
  // and nulls what the caller may not see (role among them, which staff always get).
  const limited = person !== null && person.role === null;
  const fileAction = gmail ? action(fn.showTicketForm, { ...gmail, senderEmail: view.email }) : null;
  const addAction = gmail ? action(fn.showAddToTicket, { ...gmail, senderEmail: view.email }) : null;
  return card({
    title: person?.name ?? view.email,
    // "Not in Helios" only when Helios said so; a 403 is not an absence.
    // Who they are at a glance: title, department and manager in the header.
    subtitle: person
      ? [person.title, person.department, person.manager ? `reports to ${person.manager.name}` : null]
          .filter(Boolean)
          .join(' · ') || person.email
      : view.restricted
        ? 'Details not shown to you'
        : 'Not in Helios',
    imageUrl: person?.photoUrl ?? null,
    name: 'person',
    sections: [
      ticketForThread
        ? section('This thread is a ticket', [
            ticketRow(ticketForThread),
            addAction
              ? buttons(button(`Add this email to ${ticketForThread.displayNumber}`, addAction))
              : null,
          ])
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
          ]),
      limited
        ? section(null, [
            textOf('Helios shows you a colleague’s name and email; IT staff see their devices and tickets.'),
          ])
        : null,
      // In the directory-only view the tickets are those the caller shares with this person.
      person && !(limited && view.context.openTickets.length === 0)
        ? listSection(
            view,
            'tickets',
            limited ? 'Open tickets you share' : 'Open tickets',
            view.context.openTickets.length,
          )
        : null,
      person && view.context.assets.length > 0
        ? listSection(view, 'assets', 'Devices', view.context.assets.length)
        : null,
      person && view.context.softwareLicenses.length > 0
        ? listSection(view, 'licenses', 'Licenses', view.context.softwareLicenses.length)
        : null,
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
    ...(fileAction && addAction && view.canFile
      ? { footer: footer(button('File a ticket', fileAction, true), button('Add to a ticket', addAction)) }
      : {}),
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

/** One page of a person's devices, licenses or open tickets ("More"). */
export function personListCard(view: PersonListView): GasCard {
  const { context, kind, offset } = view;
  const all =
    kind === 'assets'
      ? context.assets.map(assetRow)
      : kind === 'licenses'
        ? context.softwareLicenses.map(licenseRow)
        : context.openTickets.map((t) => ticketRow(t));
  const page: GasWidget[] = all.slice(offset, offset + PAGE);
  if (page.length === 0) page.push(textOf('Nothing more.'));
  const title = kind === 'assets' ? 'Devices' : kind === 'licenses' ? 'Licenses' : 'Open tickets';
  return card({
    title: `${title}: ${view.name}`,
    subtitle: `${offset + 1}–${Math.min(offset + PAGE, all.length)} of ${countOf(kind, all.length)}`,
    name: 'person-list',
    sections: [
      section(null, [
        ...page,
        all.length > offset + PAGE
          ? moreButton(
              action(fn.personList, {
                email: view.email,
                kind,
                offset: offset + PAGE,
                threadId: view.threadId,
                mode: 'more',
              }),
            )
          : null,
      ]),
    ],
  });
}
