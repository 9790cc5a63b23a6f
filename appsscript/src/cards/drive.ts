// Drive with files selected: attach them to a ticket, or link them to an asset, user or vendor
// (as Drive links; nothing is copied).
import type { SearchResult } from '../api/schemas.ts';
import { fn } from './names.ts';
import { ticketLine, type TicketLike } from './tickets.ts';
import { action, button, buttons, card, choice, esc, input, paragraph, row, section, textOf } from './ui.ts';

export interface SelectedFile {
  id: string;
  title: string;
  mimeType: string;
}

export const LINK_TARGETS = [
  { type: 'asset', resource: 'assets', label: 'Asset' },
  { type: 'user', resource: 'users', label: 'User' },
  { type: 'vendor', resource: 'vendors', label: 'Vendor' },
] as const;
export type LinkType = (typeof LINK_TARGETS)[number]['type'];

export interface DriveView {
  files: SelectedFile[];
  tickets: TicketLike[];
  ticketQuery: string;
  recordType: LinkType;
  recordQuery: string;
  records: SearchResult[] | null;
  canLink: boolean;
}

/** The selection rides along as a parameter (Drive callbacks do not always resend it). */
export const filesParam = (files: SelectedFile[]): string =>
  JSON.stringify(files.map((f) => ({ id: f.id, title: f.title, mimeType: f.mimeType })));

export function driveCard(view: DriveView): GasCard {
  const files = filesParam(view.files);
  const target = LINK_TARGETS.find((t) => t.type === view.recordType) ?? LINK_TARGETS[0];
  const names = view.files.slice(0, 5).map((f) => esc(f.title));
  return card({
    title: `${view.files.length} file${view.files.length === 1 ? '' : 's'} selected`,
    subtitle: 'Helios',
    name: 'drive',
    sections: [
      section(null, [
        paragraph(
          names.join('<br>') + (view.files.length > 5 ? `<br>… and ${view.files.length - 5} more` : ''),
        ),
      ]),
      section(null, [
        buttons(button('New ticket with these files', action(fn.driveNewTicket, { files }), true)),
      ]),
      section('Attach to a ticket', [
        input({ name: 'ticketQuery', title: 'Ticket number or subject', value: view.ticketQuery }),
        buttons(button('Search tickets', action(fn.driveSearch, { mode: 'tickets', files }))),
        ...(view.tickets.length > 0
          ? view.tickets.map((t) =>
              row({
                top: t.displayNumber,
                text: t.subject,
                bottom: ticketLine(t),
                button: button(
                  'Attach',
                  action(fn.driveAttach, { ticketId: t.id, label: t.displayNumber, files }),
                ),
              }),
            )
          : [textOf(view.ticketQuery ? 'No tickets match.' : 'No recent open tickets.')]),
      ]),
      view.canLink
        ? section('Link to a record', [
            choice({
              name: 'recordType',
              title: 'Link to',
              kind: 'dropdown',
              items: LINK_TARGETS.map((t) => ({
                text: t.label,
                value: t.type,
                selected: t.type === view.recordType,
              })),
            }),
            input({ name: 'recordQuery', title: 'Name or email', value: view.recordQuery }),
            buttons(button('Find', action(fn.driveSearch, { mode: 'records', files }))),
            ...(view.records === null
              ? []
              : view.records.length > 0
                ? view.records.map((r) =>
                    row({
                      top: target.label,
                      text: r.title,
                      bottom: r.subtitle,
                      button: button(
                        'Link',
                        action(fn.driveLink, { resource: target.resource, id: r.id, label: r.title, files }),
                      ),
                    }),
                  )
                : [textOf('Nothing found.')]),
          ])
        : null,
    ],
  });
}

/** Drive with nothing selected. */
export const driveEmptyCard = (): GasCard =>
  card({
    title: 'Helios',
    name: 'drive',
    sections: [
      section(null, [
        textOf('Select one or more files to attach them to a ticket or link them to a record.'),
      ]),
    ],
  });
