import type { TicketAbilities, TicketCreate, TicketUpdate } from '@helios/shared';
import { type Actor, isAdmin, isStaff } from '../../../core/auth/actor.ts';
import { conflict, forbidden } from '../../../core/errors.ts';

export type TicketAction =
  | 'read'
  | 'create'
  /** File a ticket about someone else, or set assignee, status, watchers or assets on creation. */
  | 'triage'
  | 'reply_public'
  | 'reply_internal'
  | 'read_internal'
  /** Record minutes spent with a reply. */
  | 'record_time'
  | 'update'
  | 'close'
  | 'archive'
  | 'restore'
  | 'delete'
  /** Watch or stop watching oneself. */
  | 'watch'
  /** Add or remove anyone as a watcher. */
  | 'manage_watchers'
  | 'attach'
  | 'feedback';

/** Who a ticket is about: the facts that decide who may see and act on it. */
export interface TicketRecord {
  createdByUserId: number;
  relatedUserId: number | null;
  watcherUserIds: readonly number[];
}

/** Where a ticket stands: the facts that decide whether an action makes sense now. */
export interface TicketState {
  archived: boolean;
  /** Its status is a resolved or a closed one. */
  finished: boolean;
  rated: boolean;
}

export type TicketFacts = TicketRecord & TicketState;

/** The facts of a stored ticket (structural, so callers pass rows without this file knowing them). */
export function ticketFacts(
  row: {
    created_by_user_id: number;
    related_user_id: number | null;
    archived_at: Date | null;
    feedback_rating: number | null;
  },
  watcherUserIds: readonly number[],
  status: { is_closed_status: boolean; is_resolved_status: boolean },
): TicketFacts {
  return {
    createdByUserId: row.created_by_user_id,
    relatedUserId: row.related_user_id,
    watcherUserIds,
    archived: row.archived_at !== null,
    finished: status.is_closed_status || status.is_resolved_status,
    rated: row.feedback_rating !== null,
  };
}

/**
 * Whether the creator of a ticket counts as a party for this (non-staff) actor: users file tickets
 * and follow them; a contact's ticket is about whoever it names (rbac.md). The SQL twin of the
 * party rule (queries/ticket-party.ts) asks this same question.
 */
export const creatorIsParty = (actor: Actor): boolean => actor.role === 'user';

/** Whether a non-staff actor is a party to the ticket: related user, watcher, or (users) creator. */
export function isParty(actor: Actor, ticket: TicketRecord): boolean {
  if (ticket.relatedUserId === actor.userId || ticket.watcherUserIds.includes(actor.userId)) return true;
  return creatorIsParty(actor) && ticket.createdByUserId === actor.userId;
}

/** Which tickets a list may show: all, or those the actor is a party to. */
export function ticketListScope(actor: Actor): 'all' | 'party' {
  return isStaff(actor) ? 'all' : 'party';
}

/** The requester a ticket is for: the related user, else whoever filed it. */
const requesterOf = (ticket: TicketRecord): number => ticket.relatedUserId ?? ticket.createdByUserId;

/**
 * rbac.md: staff do everything (admins alone hard-delete); users and contacts read and publicly
 * reply to tickets they are party to and may watch them, never see internal replies; a user may
 * close their own; only the requester rates a ticket. This is who may — see `ticketRefusal` for
 * whether the ticket's state allows it now.
 */
export function canTicket(actor: Actor, action: TicketAction, ticket?: TicketRecord): boolean {
  // Rating is the requester's, whatever their role.
  if (action === 'feedback') return ticket !== undefined && requesterOf(ticket) === actor.userId;
  if (isStaff(actor)) return action === 'delete' ? isAdmin(actor) : true;
  switch (action) {
    case 'create':
      return true; // for themselves: see `ticketCreateRefusal`
    case 'read':
    case 'reply_public':
    case 'watch':
      return ticket !== undefined && isParty(actor, ticket);
    case 'close':
      return (
        actor.role === 'user' &&
        ticket !== undefined &&
        (ticket.createdByUserId === actor.userId || ticket.relatedUserId === actor.userId)
      );
    default:
      return false;
  }
}

/** Why an action is refused: not allowed (403), or not now (409). */
export interface Refusal {
  status: 403 | 409;
  message: string;
}

const FORBIDDEN_MESSAGES: Partial<Record<TicketAction, string>> = {
  close: 'You may only close your own ticket',
  update: 'You may only close your own ticket',
  feedback: 'Only the requester rates a ticket',
};

/** What the ticket's state says against an action the actor may otherwise take. */
function stateRefusal(action: TicketAction, ticket: TicketState): string | undefined {
  switch (action) {
    case 'update':
    case 'close':
    case 'attach':
      return ticket.archived ? 'This ticket is archived; restore it first' : undefined;
    case 'reply_public':
    case 'reply_internal':
      return ticket.archived ? 'This ticket is archived; restore it before replying' : undefined;
    case 'feedback':
      if (!ticket.finished) return 'A ticket can be rated once it is resolved';
      return ticket.rated ? 'This ticket was already rated' : undefined;
    default:
      // Archiving and restoring are idempotent; watching does not change the ticket.
      return undefined;
  }
}

/**
 * The one verdict on an action on a ticket: permission first (403), then state (409). Routes
 * enforce it (`authorizeTicket`) and presenters report it (`ticketAbilities`), so what a client is
 * offered is exactly what would be accepted.
 */
export function ticketRefusal(actor: Actor, action: TicketAction, ticket: TicketFacts): Refusal | undefined {
  if (!canTicket(actor, action, ticket)) {
    return { status: 403, message: FORBIDDEN_MESSAGES[action] ?? 'You are not allowed to do this' };
  }
  const state = stateRefusal(action, ticket);
  return state === undefined ? undefined : { status: 409, message: state };
}

/** Throws the refusal of `ticketRefusal`, if any. */
export function authorizeTicket(actor: Actor, action: TicketAction, ticket: TicketFacts): void {
  const refusal = ticketRefusal(actor, action, ticket);
  if (refusal) throw refusal.status === 403 ? forbidden(refusal.message) : conflict(refusal.message);
}

/**
 * What a PATCH amounts to: closing when it only moves the ticket to a closed status, which a user
 * may do to their own ticket; any other change is an update (staff).
 */
export function updateActionOf(
  actor: Actor,
  ticket: TicketRecord,
  input: TicketUpdate,
  target: { is_closed_status: boolean } | undefined,
): 'update' | 'close' {
  if (canTicket(actor, 'update', ticket)) return 'update';
  const onlyClosing = Object.keys(input).every((k) => k === 'statusId') && target?.is_closed_status === true;
  return onlyClosing ? 'close' : 'update';
}

/**
 * Users and contacts file tickets for themselves, about their own devices at most (`ownAssetIds`:
 * which of the input's assets are the actor's); triage (for others, with assignee…) is IT's.
 */
export function authorizeTicketCreate(
  actor: Actor,
  input: TicketCreate,
  ownAssetIds: ReadonlySet<number> = new Set(),
): void {
  if (!canTicket(actor, 'create')) throw forbidden();
  if (canTicket(actor, 'triage')) return;
  const forOther =
    (input.relatedUserId !== undefined &&
      input.relatedUserId !== null &&
      input.relatedUserId !== actor.userId) ||
    (input.relatedUserEmail !== undefined &&
      input.relatedUserEmail.toLowerCase() !== actor.email.toLowerCase());
  if (forOther) throw forbidden('You can file tickets for yourself only');
  if (
    input.assignedToUserId ||
    input.statusId ||
    input.watcherUserIds?.length ||
    input.watcherEmails?.length ||
    input.tagIds?.length
  ) {
    throw forbidden('Only IT staff set assignee, status, watchers or tags');
  }
  if (input.assetIds?.some((id) => !ownAssetIds.has(id)))
    throw forbidden('You can link only your own devices to your ticket');
}

/** Only staff record the minutes a reply took. */
export function authorizeTimeSpent(actor: Actor, minutes: number | undefined): void {
  if (minutes && !canTicket(actor, 'record_time')) throw forbidden('Only IT staff record time spent');
}

/** Watching oneself is the `watch` action; changing someone else's watching is `manage_watchers`. */
export const watcherActionOf = (actor: Actor, userId: number): TicketAction =>
  userId === actor.userId ? 'watch' : 'manage_watchers';

/** What the caller may do with this ticket, one flag per route (see ticketAbilitiesSchema). */
export function ticketAbilities(actor: Actor, ticket: TicketFacts): TicketAbilities {
  const may = (action: TicketAction) => ticketRefusal(actor, action, ticket) === undefined;
  return {
    update: may('update'),
    close: may('close'),
    reply: may('reply_public'),
    replyInternal: may('reply_internal'),
    archive: may('archive'),
    restore: may('restore'),
    watch: may('watch'),
    manageWatchers: may('manage_watchers'),
    attach: may('attach'),
    feedback: may('feedback'),
  };
}
