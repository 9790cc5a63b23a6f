// Compose: the compose trigger's card (this thread's ticket, your open tickets, a search) and the
// insert into the draft (UpdateDraftActionResponse), one round trip each.
import { call, callAll, unwrap, type ApiRequest, type Settled } from '../api/client.ts';
import { inputError } from '../api/errors.ts';
import { getMe, threadTicketRequest, ticketRequest, ticketsRequest, type TicketPage } from '../api/helios.ts';
import type { Ticket } from '../api/schemas.ts';
import { CANNED, cannedText, composeCard, type CannedId } from '../cards/compose.ts';
import { updateCard } from '../cards/responses.ts';
import type { TicketLike } from '../cards/tickets.ts';
import type { AddonEvent } from '../types/events.ts';
import { formValue, param } from './event.ts';
import { isStaff, publicTicketUrl } from './tickets.ts';

const LIST = 10;

function build(threadId: string | undefined, query: string): GasCard {
  const me = getMe();
  const mine = isStaff(me)
    ? ticketsRequest({ assignedTo: 'me', status: 'open' }, LIST)
    : ticketsRequest({ relatedUser: me.email, status: 'open' }, LIST);
  const list = query ? ticketsRequest({ q: query }, LIST) : mine;
  // The thread's ticket (a reply draft knows its thread) beside the list: one round trip.
  const requests: ApiRequest<unknown>[] = [list];
  if (threadId && !query) requests.push(threadTicketRequest(threadId));
  const [page, thread] = callAll(requests) as [Settled<TicketPage>, Settled<Ticket> | undefined];
  const tickets: TicketLike[] = [...(thread?.ok ? [thread.value] : [])];
  for (const t of unwrap(page).items) if (!tickets.some((x) => x.id === t.id)) tickets.push(t);
  return composeCard({ tickets: tickets.slice(0, 15), query, ...(threadId ? { threadId } : {}) });
}

/** The compose trigger (manifest `gmail.composeTrigger`). */
export const composeCardFor = (e: AddonEvent): GasCard =>
  build(e.gmail?.threadId ?? param(e, 'threadId'), '');

export const composeSearch = (e: AddonEvent): GasActionResponse =>
  updateCard(build(param(e, 'threadId'), formValue(e, 'ticketQuery')));

/** Inserts the chosen text at the cursor of the draft. */
export function composeInsert(e: AddonEvent): GasUpdateDraftActionResponse {
  const ticketId = Number(formValue(e, 'ticketId'));
  if (!Number.isInteger(ticketId) || ticketId <= 0) throw inputError('Choose a ticket.');
  const chosen = formValue(e, 'template');
  const template: CannedId = CANNED.some((c) => c.id === chosen) ? (chosen as CannedId) : 'reference';
  const ticket = call(ticketRequest(ticketId));
  const html = cannedText(template, ticket, publicTicketUrl(ticket.urlKey));
  return CardService.newUpdateDraftActionResponseBuilder()
    .setUpdateDraftBodyAction(
      CardService.newUpdateDraftBodyAction()
        .addUpdateContent(html, CardService.ContentType.MUTABLE_HTML)
        .setUpdateType(CardService.UpdateDraftBodyType.IN_PLACE_INSERT),
    )
    .build();
}
