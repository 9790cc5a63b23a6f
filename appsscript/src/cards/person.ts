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
  /** Helios would not show this person to the caller (a contact looking at a colleague). */
  restricted?: boolean;
}

export type PersonListKind = 'assets' | 'licenses' | 'tickets';

export const assetRow = (a: Asset): GasDecoratedText =>
  row({
    top: a.assetType.replace(/_/g, ' '),
    text: a.name,
    bottom: [[a.make, a.model].filter(Boolean).join(' '), a.serialNumber, a.os, a.status]
      .filter(Boolean)
      .join(' · '),
  });

export const licenseRow = (l: License): GasDecoratedText =>
  row({
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
    widgets.push(
      moreButton(
        action(fn.personList, { email: view.email, kind, offset: PAGE, threadId: view.gmail?.threadId }),
        `More (${total - PAGE})`,
      ),
    );
  }
  return widgets;
}

export function personCard(view: PersonView): GasCard {
  const { person, ticketForThread } = view.context;
  const gmail = view.gmail;
  const fileAction = gmail ? action(fn.showTicketForm, { ...gmail, senderEmail: view.email }) : null;
  const addAction = gmail ? action(fn.showAddToTicket, { ...gmail, senderEmail: view.email }) : null;
  return card({
    title: person?.name ?? view.email,
    subtitle: person
      ? [person.title, person.department].filter(Boolean).join(' · ') || person.email
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
              `${bold(view.email)} ${view.restricted ? 'is not visible to you in Helios' : 'is not in Helios’s directory'}.${
                gmail && view.canFile
                  ? ` You can still file a ticket ${view.restricted ? 'for yourself ' : ''}from this email.`
                  : ''
              }`,
            ),
          ]),
      person
        ? section(`Open tickets (${view.context.openTickets.length})`, listWidgets(view, 'tickets'))
        : null,
      person && view.context.assets.length > 0
        ? section(`Devices (${view.context.assets.length})`, listWidgets(view, 'assets'))
        : null,
      person && view.context.softwareLicenses.length > 0
        ? section(`Licenses (${view.context.softwareLicenses.length})`, listWidgets(view, 'licenses'))
        : null,
      person && view.context.recentTickets.length > 0
        ? section('Recently closed', ticketRows(view.context.recentTickets, ''), 2)
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
    subtitle: `${offset + 1}–${Math.min(offset + PAGE, all.length)} of ${all.length}`,
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
