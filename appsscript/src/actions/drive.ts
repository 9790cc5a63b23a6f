// Drive with files selected: attach them to a ticket (recent open tickets or a search), or link
// them to an asset, user or vendor as Drive links (POST /files, then PUT …/links/files/:id).
import { callAll, unwrap, type Settled } from '../api/client.ts';
import { inputError } from '../api/errors.ts';
import {
  attachDriveRequest,
  createTicket,
  driveLinkRequest,
  getMe,
  linkFileRequest,
  searchRequest,
  ticketsRequest,
  type TicketPage,
} from '../api/helios.ts';
import type { SearchResult } from '../api/schemas.ts';
import {
  driveCard,
  driveEmptyCard,
  filesParam,
  LINK_TARGETS,
  type LinkType,
  type SelectedFile,
} from '../cards/drive.ts';
import { finishWith, pushCard, toastOnly, updateCard } from '../cards/responses.ts';
import { ticketFormCard } from '../cards/ticket-form.ts';
import { hashKey } from './entry.ts';
import { ticketFromForm, withFormOptions } from './gmail.ts';
import { isStaff, ticketCardAlongside } from './tickets.ts';
import type { AddonEvent } from '../types/events.ts';
import { formValue, param, requireInt, selectedFiles } from './event.ts';

const FOLDER = 'application/vnd.google-apps.folder';
const TICKETS = 10;

/** Folders cannot be attached or linked as files. */
const filesOnly = (files: SelectedFile[]) => files.filter((f) => f.mimeType !== FOLDER);

function build(
  files: SelectedFile[],
  options: { ticketQuery: string; recordType: LinkType; recordQuery: string },
): GasCard {
  if (files.length === 0) return driveEmptyCard();
  const me = getMe();
  const ticketReq = ticketsRequest(
    options.ticketQuery ? { q: options.ticketQuery, status: 'open' } : { status: 'open' },
    TICKETS,
  );
  const searching = options.recordQuery.length >= 2;
  const results = callAll(
    searching ? [ticketReq, searchRequest(options.recordQuery, TICKETS, options.recordType)] : [ticketReq],
  );
  const tickets = unwrap(results[0] as Settled<TicketPage>).items;
  const records = searching ? unwrap(results[1] as Settled<SearchResult[]>) : null;
  return driveCard({
    files,
    tickets,
    ticketQuery: options.ticketQuery,
    recordType: options.recordType,
    recordQuery: options.recordQuery,
    records,
    canLink: me.abilities.writeDocumentation,
  });
}

/** onItemsSelectedTrigger. */
export const driveCardFor = (e: AddonEvent): GasCard =>
  build(filesOnly(selectedFiles(e)), { ticketQuery: '', recordType: 'asset', recordQuery: '' });

export function driveSearch(e: AddonEvent): GasActionResponse {
  const typed = formValue(e, 'recordType');
  const recordType: LinkType = LINK_TARGETS.some((t) => t.type === typed) ? (typed as LinkType) : 'asset';
  const recordQuery = formValue(e, 'recordQuery');
  if (param(e, 'mode') === 'records' && recordQuery.length < 2)
    throw inputError('Type at least 2 characters to find a record.');
  return updateCard(
    build(filesOnly(selectedFiles(e)), { ticketQuery: formValue(e, 'ticketQuery'), recordType, recordQuery }),
  );
}

const plural = (n: number) => `${n} file${n === 1 ? '' : 's'}`;

export function driveAttach(e: AddonEvent): GasActionResponse {
  const ticketId = requireInt(e, 'ticketId');
  const files = filesOnly(selectedFiles(e));
  if (files.length === 0) throw inputError('Select one or more files first.');
  const results = callAll(
    files.map((f) =>
      attachDriveRequest(ticketId, { driveFileId: f.id, name: f.title.slice(0, 200), mimeType: f.mimeType }),
    ),
  );
  const ok = results.filter((r) => r.ok).length;
  const failed = results.find((r) => !r.ok);
  if (ok === 0 && failed && !failed.ok) throw failed.error;
  const label = param(e, 'label') ?? `ticket #${ticketId}`;
  return toastOnly(
    `Attached ${plural(ok)} to ${label}${ok < files.length ? ` (${files.length - ok} failed)` : ''}`,
    true,
  );
}

export function driveLink(e: AddonEvent): GasActionResponse {
  const resource = param(e, 'resource');
  const target = LINK_TARGETS.find((t) => t.resource === resource);
  if (!target) throw inputError('Choose an asset, user or vendor.');
  const id = requireInt(e, 'id');
  const files = filesOnly(selectedFiles(e));
  if (files.length === 0) throw inputError('Select one or more files first.');
  const created = callAll(
    files.map((f) =>
      driveLinkRequest({ driveFileId: f.id, name: f.title.slice(0, 200), mimeType: f.mimeType }),
    ),
  );
  const firstError = created.find((c) => !c.ok);
  const fileIds = created.flatMap((c) => (c.ok ? [c.value.id] : []));
  if (fileIds.length === 0 && firstError && !firstError.ok) throw firstError.error;
  const linked = callAll(fileIds.map((fileId) => linkFileRequest(target.resource, id, fileId)));
  const ok = linked.filter((l) => l.ok).length;
  const linkError = linked.find((l) => !l.ok);
  if (ok === 0 && linkError && !linkError.ok) throw linkError.error;
  const label = param(e, 'label') ?? `${target.label.toLowerCase()} #${id}`;
  return toastOnly(
    `Linked ${plural(ok)} to ${label}${ok < files.length ? ` (${files.length - ok} failed)` : ''}`,
    true,
  );
}

const driveUrl = (file: SelectedFile): string =>
  `https://drive.google.com/file/d/${encodeURIComponent(file.id)}/view`;

/** "New ticket with these files": the form, subject and details from the files. */
export function driveNewTicket(e: AddonEvent): GasActionResponse {
  const files = filesOnly(selectedFiles(e));
  if (files.length === 0) throw inputError('Select one or more files first.');
  const me = getMe();
  const staff = isStaff(me);
  const { options } = withFormOptions(me, []);
  const names = files.map((f) => f.title);
  return pushCard(
    ticketFormCard({
      subject:
        names.length === 1
          ? (names[0] ?? '').slice(0, 500)
          : `${names.length} files: ${names.join(', ')}`.slice(0, 500),
      details: `Files in Google Drive:\n${files.map((f) => `- ${f.title}: ${driveUrl(f)}`).join('\n')}`,
      staff,
      meId: me.id,
      senderName: me.name,
      assets: [],
      attachments: [],
      existing: null,
      options,
      drive: { files: filesParam(files), names },
    }),
  );
}

/**
 * Files the ticket, then attaches the files as Drive links beside the ticket card's requests: two
 * round trips. Only IT staff attach; anyone else's ticket carries the files' links in its details
 * (the form put them there).
 */
export function driveFileTicket(e: AddonEvent): GasActionResponse {
  const files = filesOnly(selectedFiles(e));
  if (files.length === 0) throw inputError('Select one or more files first.');
  const me = getMe();
  const body = ticketFromForm(e, me);
  const key = `drive-${me.id}-${hashKey(JSON.stringify({ body, files: files.map((f) => f.id) }))}`;
  const { ticket, created } = createTicket(body, key);
  const attach = isStaff(me)
    ? files.map((f) =>
        attachDriveRequest(ticket.id, {
          driveFileId: f.id,
          name: f.title.slice(0, 200),
          mimeType: f.mimeType,
        }),
      )
    : [];
  const { card, alongside } = ticketCardAlongside(ticket.id, attach);
  const ok = alongside.filter((a) => a.ok).length;
  const verb = created ? 'Filed' : 'Already filed as';
  const toast = isStaff(me)
    ? `${verb} ${ticket.displayNumber} with ${plural(ok)}${ok < files.length ? ` (${files.length - ok} failed)` : ''}`
    : `${verb} ${ticket.displayNumber} (the files are linked in its details)`;
  return finishWith(card, toast);
}
