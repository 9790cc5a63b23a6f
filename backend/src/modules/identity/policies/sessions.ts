import { type Actor, isAdmin } from '../../../core/auth/actor.ts';

/** Everyone sees and ends their own sessions; admins anyone's (a lost laptop, a leaver). */
export const canManageSessionsOf = (actor: Actor, userId: number): boolean =>
  actor.userId === userId || isAdmin(actor);

/** Listing every session of the organization is an admin's. */
export const canListAllSessions = (actor: Actor): boolean => isAdmin(actor);
