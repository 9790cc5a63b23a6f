// The homepage (every host), "Report a problem", admin lookups, what expires, Google sync.
import { call, callAll, type ApiRequest, type Settled } from '../api/client.ts';
import { describeError, inputError } from '../api/errors.ts';
import {
  contextRequest,
  createTicket,
  expiringRequest,
  getContext,
  getMe,
  lastSyncRequest,
  startSync,
  ticketsRequest,
  type NewTicket,
  type TicketPage,
} from '../api/helios.ts';
import type { Expiring, PeopleContext, SyncRun } from '../api/schemas.ts';
import {
  expiringItems,
  expiringListCard,
  homeCard,
  type Loaded,
  type TicketPageView,
} from '../cards/home.ts';
import { personCard, personListCard, type PersonListKind } from '../cards/person.ts';
import { pushCard, updateCard, finishWith } from '../cards/responses.ts';
import { ticketFormCard } from '../cards/ticket-form.ts';
import type { AddonEvent } from '../types/events.ts';
import { hashKey } from './entry.ts';
import { formValue, intParam, param } from './event.ts';
import { ticketFromForm, withFormOptions } from './gmail.ts';
import { isStaff, ticketCardFor } from './tickets.ts';

const HOME_PAGE = 10;
const EXPIRING_DAYS = 45;

const settledToLoaded = <T, U = T>(s: Settled<T>, map: (v: T) => U = (v) => v as unknown as U): Loaded<U> =>
  s.ok ? { ok: true, value: map(s.value) } : { ok: false, message: describeError(s.error).text };

/** /me (cached), then everything the role may see in one parallel round trip. */
export function homeCardFor(): GasCard {
  const me = getMe();
  const staff = isStaff(me);
  const admin = me.abilities.manageSettings;
  const requests: ApiRequest<unknown>[] = [contextRequest(me.email)];
  if (staff) {
    requests.push(ticketsRequest({ assignedTo: 'me', status: 'open' }, HOME_PAGE));
    requests.push(ticketsRequest({ assignedTo: 'none', status: 'open' }, HOME_PAGE));
  }
  if (admin) {
    requests.push(expiringRequest(EXPIRING_DAYS));
    if (me.abilities.runSync) requests.push(lastSyncRequest());
  }
  const results = callAll(requests);
  let index = 0;
  const next = <T>(): Settled<T> => results[index++] as Settled<T>;
  const pageOf = (s: Settled<TicketPage>): Loaded<TicketPageView> =>
    settledToLoaded(s, (p) => ({ tickets: p.items, nextCursor: p.nextCursor }));
  const mine = settledToLoaded(next<PeopleContext>());
  const staffView = staff
    ? { assigned: pageOf(next<TicketPage>()), unassigned: pageOf(next<TicketPage>()) }
    : null;
  const adminView = admin
    ? {
        expiring: settledToLoaded(next<Expiring>()),
        lastSync: me.abilities.runSync
          ? settledToLoaded(next<{ items: SyncRun[] }>(), (p): SyncRun | null => p.items[0] ?? null)
          : null,
      }
    : null;
  return homeCard({ me, mine, staff: staffView, admin: adminView });
}

export const showHome = (): GasActionResponse => updateCard(homeCardFor());

export function showReportForm(e: AddonEvent): GasActionResponse {
  const me = getMe();
  const staff = isStaff(me);
  // Staff filing for someone they looked up: that person's devices; else their own.
  const forEmail = staff ? param(e, 'forEmail') : undefined;
  // Staff: the devices and the pickers' options, in one round trip (the options cached).
  const { options, rest } = staff
    ? withFormOptions(me, [contextRequest(forEmail ?? me.email)])
    : { options: null, rest: [] };
  const context = rest[0]?.ok ? rest[0].value : null;
  const forPerson =
    forEmail && context?.person ? { email: context.person.email, name: context.person.name } : undefined;
  return pushCard(
    ticketFormCard({
      subject: '',
      details: '',
      staff,
      meId: me.id,
      senderName: forPerson?.name ?? me.name,
      assets: context?.assets ?? [],
      attachments: [],
      existing: null,
      options,
      ...(forPerson ? { forPerson } : {}),
    }),
  );
}

export function fileReport(e: AddonEvent): GasActionResponse {
  const me = getMe();
  const body: NewTicket = ticketFromForm(e, me);
  // Staff filing for the person they looked up: that person is the requester.
  const forEmail = isStaff(me) ? param(e, 'forEmail') : undefined;
  if (forEmail) body.relatedUserEmail = forEmail;
  // The same form sent twice (double click, retry) files one ticket.
  const key = `report-${me.id}-${hashKey(`${forEmail ?? ''}\n${body.subject}\n${body.details}`)}`;
  const { ticket, created } = createTicket(body, key);
  return finishWith(
    ticketCardFor(ticket.id),
    created ? `Filed ${ticket.displayNumber}` : `Already filed as ${ticket.displayNumber}`,
  );
}

export function lookupUser(e: AddonEvent): GasActionResponse {
  const email = (param(e, 'email') ?? formValue(e, 'lookupEmail')).toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw inputError('Enter an email address, like ada@example.org.');
  const me = getMe();
  return pushCard(
    personCard({
      email,
      context: getContext(email),
      canFile: me.abilities.createTickets,
      fileFor: isStaff(me) && me.abilities.createTickets,
    }),
  );
}

export function personList(e: AddonEvent): GasActionResponse {
  const email = param(e, 'email');
  if (!email) throw inputError('Missing the person; reload the card.');
  const kindParam = param(e, 'kind');
  const kind: PersonListKind = kindParam === 'licenses' || kindParam === 'tickets' ? kindParam : 'assets';
  const threadId = param(e, 'threadId');
  const context = getContext(email, threadId);
  const card = personListCard({
    email,
    name: context.person?.name ?? email,
    kind,
    context,
    offset: intParam(e, 'offset') ?? 0,
    ...(threadId ? { threadId } : {}),
  });
  return param(e, 'mode') === 'more' ? updateCard(card) : pushCard(card);
}

export function expiringList(e: AddonEvent): GasActionResponse {
  const items = expiringItems(call(expiringRequest(EXPIRING_DAYS)));
  const card = expiringListCard({ items, offset: intParam(e, 'offset') ?? 0 });
  return param(e, 'mode') === 'more' ? updateCard(card) : pushCard(card);
}

export function syncNow(): GasActionResponse {
  const run = startSync();
  const toast = run.alreadyRunning
    ? `A Google sync is already ${run.status} (run #${run.runId})`
    : `Google sync started (run #${run.runId})`;
  return updateCard(homeCardFor(), toast, true);
}
