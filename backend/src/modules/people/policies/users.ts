import { type Actor, isAdmin, isStaff } from '../../../core/auth/actor.ts';

export type UserAction =
  'read' | 'read_directory' | 'create' | 'update' | 'change_role' | 'archive' | 'restore' | 'delete';

/** The facts about a user record that decide access: who it is, and whether it is an admin. */
export interface UserTarget {
  id: number;
  role?: string | undefined;
}

/**
 * Staff read and maintain everyone; admins alone change roles and hard-delete. Only admins act on
 * admins: a manager may not deactivate, archive, edit or link an admin (managers may not change
 * roles, and taking an admin out of service is the same power). A `user` reads their own profile
 * and the directory (names and emails, for pickers); a `contact` only themselves.
 */
export function canUser(actor: Actor, action: UserAction, target?: UserTarget): boolean {
  switch (action) {
    case 'read':
      return isStaff(actor) || target?.id === actor.userId;
    case 'read_directory':
      return actor.role !== 'contact';
    case 'change_role':
    case 'delete':
      return isAdmin(actor);
    default:
      return isStaff(actor) && (target?.role !== 'admin' || isAdmin(actor));
  }
}
