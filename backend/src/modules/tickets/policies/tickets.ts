import { type Actor, isAdmin, isStaff } from '../../../core/auth/actor.ts';

export type TicketAction =
  | 'read'
  | 'create'
  | 'reply_public'
  | 'reply_internal'
  | 'read_internal'
  | 'update'
  | 'close'
  | 'archive'
  | 'delete';

/** The facts about a ticket that decide access. */
export interface TicketRecord {
  createdByUserId: number;
  relatedUserId: number | null;
  watcherUserIds: readonly number[];
}

/** Whether a non-staff actor is a party to the ticket (contacts: only as related user or watcher). */
function isParty(actor: Actor, ticket: TicketRecord): boolean {
  if (ticket.relatedUserId === actor.userId || ticket.watcherUserIds.includes(actor.userId)) return true;
  return actor.role === 'user' && ticket.createdByUserId === actor.userId;
}

/** Which tickets a list may show: all, or those the actor is a party to. */
export function ticketListScope(actor: Actor): 'all' | 'party' {
  return isStaff(actor) ? 'all' : 'party';
}

/**
 * rbac.md: staff do everything (admins alone hard-delete); users and contacts read and publicly
 * reply to tickets they are party to, never see internal replies; a user may close their own.
 */
export function canTicket(actor: Actor, action: TicketAction, ticket?: TicketRecord): boolean {
  if (isStaff(actor)) return action === 'delete' ? isAdmin(actor) : true;
  switch (action) {
    case 'create':
      return true; // for themselves: the command forces relatedUserId to the actor
    case 'read':
    case 'reply_public':
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
