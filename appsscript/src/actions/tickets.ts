// The ticket card and what it does: open, page replies, reply, change status, assign to me, close;
// ticket lists.
import { inputError } from '../api/errors.ts';
import { backendUrl, call, callAll, unwrap, type ApiRequest, type Settled } from '../api/client.ts';
import {
  addReply,
  cachedFormOptions,
  formOptionsRequest,
  getMe,
  rememberFormOptions,
  statusesRequest,
  ticketRequest,
  ticketsRequest,
  updateTicket,
  type TicketFilter,
} from '../api/helios.ts';
import type {
  Me,
  TicketAttachment,
  TicketFormOptions,
  TicketStatus,
  TicketWithReplies,
} from '../api/schemas.ts';
import { PRIORITIES, type Priority } from '../cards/pickers.ts';
import { pushCard, updateCard } from '../cards/responses.ts';
import { ticketCard, ticketListCard } from '../cards/tickets.ts';
import type { AddonEvent } from '../types/events.ts';
import { formValue, param, requireInt } from './event.ts';

const LIST_PAGE = 15;

export const isStaff = (me: Me): boolean => me.abilities.manageTickets;

/** The ticket's public page (server-rendered HTML, no sign-in). */
export const publicTicketUrl = (urlKey: string | null): string | null => {
  const base = backendUrl();
  return urlKey && base ? `${base}/shared/tickets/${encodeURIComponent(urlKey)}` : null;
};

/** The web console's ticket page: the console is served from the backend's origin (api.md). */
export const consoleTicketUrl = (id: number): string | null => {
  const base = backendUrl();
  return base ? `${base}/tickets/${id}` : null;
};

/**
 * The ticket card: the ticket with replies and the statuses in one round trip. Statuses are asked
 * for whoever the caller is — whether they may change the status (staff) or close the ticket (a
 * user, on their own) is the ticket's `abilities`, known only once it arrives.
 */
export function ticketCardFor(id: number, replyOffset = 0): GasCard {
  return ticketCardAlongside(id, [], replyOffset).card;
}

/**
 * The ticket card, with attachment uploads or Drive links sent in the same round trip (filing sends
 * them this way): the ticket may be read before they land, so those that succeeded are added to
 * its attachment list before the card is drawn.
 */
export function ticketCardAlongside(
  id: number,
  alongside: readonly ApiRequest<TicketAttachment>[],
  replyOffset = 0,
): { card: GasCard; alongside: Settled<TicketAttachment>[] } {
  const me = getMe();
  // Staff reassign from the card: the staff list rides in the same round trip unless cached.
  const cachedOptions = isStaff(me) ? cachedFormOptions() : undefined;
  const askOptions = isStaff(me) && !cachedOptions;
  const [t, s, ...rest] = callAll([
    ticketRequest(id),
    statusesRequest(),
    ...(askOptions ? [formOptionsRequest()] : []),
    ...alongside,
  ] as const);
  const read = unwrap(t as Settled<TicketWithReplies>);
  const statusPage = s as Settled<{ items: TicketStatus[] }>;
  const statuses: TicketStatus[] = statusPage.ok ? statusPage.value.items : [];
  let options: TicketFormOptions | null = cachedOptions ?? null;
  if (askOptions) {
    const settled = rest.shift() as Settled<TicketFormOptions>;
    if (settled.ok) {
      options = settled.value;
      rememberFormOptions(options);
    }
  }
  const attached = (rest as Settled<TicketAttachment>[]).flatMap((r) => (r.ok ? [r.value] : []));
  const ticket = {
    ...read,
    attachments: [
      ...read.attachments,
      ...attached.filter((a) => !read.attachments.some((b) => b.fileId === a.fileId)),
    ],
  };
  const card = ticketCard({
    ticket,
    consoleUrl: consoleTicketUrl(ticket.id),
    publicUrl: publicTicketUrl(ticket.urlKey),
    base: backendUrl(),
    meId: me.id,
    statuses,
    options,
    replyOffset,
  });
  return { card, alongside: rest as Settled<TicketAttachment>[] };
}

export const openTicket = (e: AddonEvent): GasActionResponse =>
  pushCard(ticketCardFor(requireInt(e, 'ticketId')));

export const moreReplies = (e: AddonEvent): GasActionResponse =>
  updateCard(ticketCardFor(requireInt(e, 'ticketId'), requireInt(e, 'offset')));

export function replyToTicket(e: AddonEvent): GasActionResponse {
  const ticketId = requireInt(e, 'ticketId');
  const reply = formValue(e, 'reply');
  if (!reply) throw inputError('Write a reply first.');
  const type = formValue(e, 'replyType') === 'internal' ? 'internal' : 'public';
  const minutesText = formValue(e, 'timeSpentMinutes');
  if (minutesText && !/^\d{1,5}$/.test(minutesText)) throw inputError('Time spent: whole minutes, like 15.');
  const minutes = minutesText ? Number(minutesText) : 0;
  addReply(ticketId, { reply, type, ...(minutes > 0 ? { timeSpentMinutes: minutes } : {}) });
  const what = type === 'internal' ? 'Internal note added' : 'Reply sent';
  return updateCard(ticketCardFor(ticketId), minutes > 0 ? `${what} (${minutes} min logged)` : what);
}

export function setPriority(e: AddonEvent): GasActionResponse {
  const ticketId = requireInt(e, 'ticketId');
  const value = formValue(e, 'priority');
  if (!(PRIORITIES as readonly string[]).includes(value)) throw inputError('Choose a priority.');
  const ticket = updateTicket(ticketId, { priority: value as Priority });
  return updateCard(ticketCardFor(ticketId), `${ticket.displayNumber} is now ${value} priority`);
}

export function reassign(e: AddonEvent): GasActionResponse {
  const ticketId = requireInt(e, 'ticketId');
  const value = formValue(e, 'assignee');
  if (value !== 'none' && !/^\d{1,10}$/.test(value)) throw inputError('Choose who to assign it to.');
  const ticket = updateTicket(ticketId, { assignedToUserId: value === 'none' ? null : Number(value) });
  return updateCard(
    ticketCardFor(ticketId),
    ticket.assignedTo
      ? `${ticket.displayNumber} is assigned to ${ticket.assignedTo.id === getMe().id ? 'you' : ticket.assignedTo.name}`
      : `${ticket.displayNumber} is back in the queue`,
  );
}

export function setStatus(e: AddonEvent): GasActionResponse {
  const ticketId = requireInt(e, 'ticketId');
  const statusId = Number(formValue(e, 'statusId'));
  if (!Number.isInteger(statusId) || statusId <= 0) throw inputError('Choose a status.');
  const ticket = updateTicket(ticketId, { statusId });
  return updateCard(ticketCardFor(ticketId), `${ticket.displayNumber} is now ${ticket.status.name}`);
}

export function assignToMe(e: AddonEvent): GasActionResponse {
  const ticketId = requireInt(e, 'ticketId');
  const ticket = updateTicket(ticketId, { assignedToUserId: getMe().id });
  return updateCard(ticketCardFor(ticketId), `${ticket.displayNumber} is assigned to you`);
}

export function closeTicket(e: AddonEvent): GasActionResponse {
  const ticketId = requireInt(e, 'ticketId');
  const ticket = updateTicket(ticketId, { statusId: requireInt(e, 'statusId') });
  return updateCard(ticketCardFor(ticketId), `${ticket.displayNumber} closed`);
}

/** Filter keys the cards use → the list query and a title. */
export function listFilter(me: Me, key: string): { filter: TicketFilter; title: string; empty: string } {
  if (key === 'assigned')
    return {
      filter: { assignedTo: 'me', status: 'open' },
      title: 'Assigned to me',
      empty: 'Nothing assigned to you.',
    };
  if (key === 'unassigned')
    return {
      filter: { assignedTo: 'none', status: 'open' },
      title: 'Unassigned queue',
      empty: 'The queue is empty.',
    };
  return {
    filter: { relatedUser: me.email, status: 'open' },
    title: 'My open tickets',
    empty: 'You have no open tickets.',
  };
}

export function ticketListCardFor(key: string, cursor?: string): GasCard {
  const me = getMe();
  const { filter, title, empty } = listFilter(me, key);
  const page = call(ticketsRequest(filter, LIST_PAGE, cursor));
  return ticketListCard({ title, filter: key, tickets: page.items, nextCursor: page.nextCursor, empty });
}

export function ticketList(e: AddonEvent): GasActionResponse {
  const card = ticketListCardFor(param(e, 'filter') ?? 'mine', param(e, 'cursor'));
  return param(e, 'mode') === 'more' ? updateCard(card) : pushCard(card);
}
