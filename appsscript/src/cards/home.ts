// The homepage (every host): what the backend's /me says this person may see. Everyone: their open
// tickets, devices and licenses, "Report a problem". IT staff: assigned to me, the unassigned queue,
// search. Admins: user lookup, what expires in 45 days, the last Google sync and "Sync now".
import type { Expiring, Me, PeopleContext, SyncRun } from '../api/schemas.ts';
import { fn } from './names.ts';
import { assetRow, licenseRow } from './person.ts';
import { ticketRows, type TicketLike } from './tickets.ts';
import {
  action,
  button,
  buttons,
  card,
  field,
  input,
  moreButton,
  PAGE,
  row,
  section,
  textOf,
  whenWithAge,
} from './ui.ts';

/** A part of the page that loaded, or why it did not (the rest of the page still shows). */
export type Loaded<T> = { ok: true; value: T } | { ok: false; message: string };

export interface TicketPageView {
  tickets: TicketLike[];
  nextCursor: string | null;
}

export interface HomeView {
  me: Me;
  mine: Loaded<PeopleContext>;
  staff: { assigned: Loaded<TicketPageView>; unassigned: Loaded<TicketPageView> } | null;
  admin: { expiring: Loaded<Expiring>; lastSync: Loaded<SyncRun | null> | null } | null;
}

function loaded<T>(part: Loaded<T>, render: (value: T) => (GasWidget | null)[]): (GasWidget | null)[] {
  return part.ok ? render(part.value) : [textOf(part.message)];
}

function pageWidgets(page: TicketPageView, filter: string, empty: string): (GasWidget | null)[] {
  return [
    ...ticketRows(page.tickets, empty),
    page.nextCursor ? moreButton(action(fn.ticketList, { filter, cursor: page.nextCursor })) : null,
  ];
}

/** " (8)" for a complete page, " (15+)" when more pages follow (the API gives no total). */
const countLabel = (part: Loaded<TicketPageView>): string =>
  part.ok ? ` (${part.value.tickets.length}${part.value.nextCursor ? '+' : ''})` : '';

export interface ExpiringItem {
  kind: string;
  name: string;
  expireDate: string;
  daysLeft: number;
}

/** All kinds in one list, soonest first. */
export function expiringItems(expiring: Expiring): ExpiringItem[] {
  const items: ExpiringItem[] = [
    ...expiring.domains.map((d) => ({ kind: 'Domain', ...d })),
    ...expiring.certificates.map((c) => ({ kind: 'Certificate', ...c })),
    ...expiring.softwareLicenses.map((l) => ({ kind: 'License', ...l })),
    ...expiring.assetWarranties.map((a) => ({ kind: 'Warranty', ...a })),
  ];
  return items.sort((a, b) => a.daysLeft - b.daysLeft || a.name.localeCompare(b.name));
}

export const expiringRow = (item: ExpiringItem): GasDecoratedText =>
  row({
    top: item.kind,
    text: item.name,
    bottom:
      item.daysLeft < 0
        ? `expired ${item.expireDate} (${-item.daysLeft} days ago)`
        : item.daysLeft === 0
          ? `expires today (${item.expireDate})`
          : `expires ${item.expireDate} (in ${item.daysLeft} days)`,
  });

function syncWidgets(run: SyncRun | null): (GasWidget | null)[] {
  if (!run) return [textOf('No Google sync has run yet.')];
  const counts = Object.entries(run.counts)
    .map(([phase, c]) => `${phase}: +${c.created} ~${c.updated} −${c.archived}`)
    .join('; ');
  return [
    field('Last sync', `${run.status} · ${whenWithAge(run.finishedAt ?? run.startedAt ?? run.createdAt)}`),
    field('Duration', run.durationMs !== null ? `${Math.round(run.durationMs / 1000)} s` : null),
    field('Changes', counts || null),
    run.errors.length > 0
      ? field(
          'Errors',
          run.errors
            .slice(0, 3)
            .map((e) => `${e.phase}: ${e.message}`)
            .join('; '),
        )
      : null,
  ];
}

export function homeCard(view: HomeView): GasCard {
  const { me } = view;
  const abilities = me.abilities;
  return card({
    title: 'Helios',
    subtitle: `${me.name} · ${me.role}`,
    name: 'home',
    sections: [
      // Staff come to the homepage for their queues: those first, then their own tickets.
      view.staff
        ? section(
            `Assigned to me${countLabel(view.staff.assigned)}`,
            loaded(view.staff.assigned, (p) => pageWidgets(p, 'assigned', 'Nothing assigned to you.')),
          )
        : null,
      view.staff
        ? section(
            `Unassigned queue${countLabel(view.staff.unassigned)}`,
            loaded(view.staff.unassigned, (p) => pageWidgets(p, 'unassigned', 'The queue is empty.')),
          )
        : null,
      section(
        view.mine.ok
          ? `My open tickets (${Math.max(view.mine.value.counts.openTickets, view.mine.value.openTickets.length)})`
          : 'My open tickets',
        [
          ...loaded(view.mine, (c) => [
            ...ticketRows(c.openTickets.slice(0, PAGE), 'You have no open tickets.'),
            c.openTickets.length > PAGE ? moreButton(action(fn.ticketList, { filter: 'mine' })) : null,
          ]),
          abilities.createTickets
            ? buttons(button('Report a problem', action(fn.showReportForm), true))
            : null,
        ],
      ),
      view.mine.ok && (view.mine.value.assets.length > 0 || view.mine.value.softwareLicenses.length > 0)
        ? section(
            'My devices and licenses',
            [
              ...view.mine.value.assets.slice(0, PAGE).map(assetRow),
              view.mine.value.assets.length > PAGE
                ? moreButton(
                    action(fn.personList, { email: me.email, kind: 'assets', offset: PAGE }),
                    'More devices',
                  )
                : null,
              ...view.mine.value.softwareLicenses.slice(0, PAGE).map(licenseRow),
              view.mine.value.softwareLicenses.length > PAGE
                ? moreButton(
                    action(fn.personList, { email: me.email, kind: 'licenses', offset: PAGE }),
                    'More licenses',
                  )
                : null,
            ],
            4,
          )
        : null,
      view.staff
        ? section('Search', [
            input({ name: 'q', title: 'Search Helios', hint: 'Tickets, people, devices, licenses…' }),
            buttons(button('Search', action(fn.search))),
          ])
        : null,
      view.admin
        ? section('Look up a user', [
            input({ name: 'lookupEmail', title: 'Email address' }),
            buttons(button('Look up', action(fn.lookupUser))),
          ])
        : null,
      view.admin
        ? section(
            'Expiring in the next 45 days',
            loaded(view.admin.expiring, (e) => {
              const items = expiringItems(e);
              return [
                ...(items.length > 0
                  ? items.slice(0, PAGE).map(expiringRow)
                  : [textOf('Nothing expires soon.')]),
                items.length > PAGE
                  ? moreButton(action(fn.expiringList, { offset: PAGE }), `More (${items.length - PAGE})`)
                  : null,
              ];
            }),
            5,
          )
        : null,
      view.admin && view.admin.lastSync
        ? section('Google Workspace sync', [
            ...loaded(view.admin.lastSync, syncWidgets),
            buttons(button('Sync now', action(fn.syncNow)), button('Refresh', action(fn.home))),
          ])
        : null,
      abilities.manageSettings ? section(null, [buttons(button('Settings', action(fn.showSettings)))]) : null,
    ],
  });
}

export interface ExpiringListView {
  items: ExpiringItem[];
  offset: number;
}

export function expiringListCard(view: ExpiringListView): GasCard {
  const page = view.items.slice(view.offset, view.offset + PAGE);
  return card({
    title: 'Expiring in 45 days',
    subtitle: `${view.offset + 1}–${view.offset + page.length} of ${view.items.length}`,
    name: 'expiring',
    sections: [
      section(null, [
        ...(page.length > 0 ? page.map(expiringRow) : [textOf('Nothing more.')]),
        view.items.length > view.offset + PAGE
          ? moreButton(action(fn.expiringList, { offset: view.offset + PAGE, mode: 'more' }))
          : null,
      ]),
    ],
  });
}
