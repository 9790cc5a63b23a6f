import { type Actor, isAdmin, isStaff } from '../../../core/auth/actor.ts';

export type UserAction =
  'read' | 'read_directory' | 'create' | 'update' | 'change_role' | 'archive' | 'restore' | 'delete';

/**
 * Staff read and maintain everyone; admins alone change roles and hard-delete. A `user` reads
 * their own profile and the directory (names and emails, for pickers); a `contact` only themselves.
 */
export function canUser(actor: Actor, action: UserAction, target?: { id: number }): boolean {
  switch (action) {
    case 'read':
      return isStaff(actor) || target?.id === actor.userId;
    case 'read_directory':
      return actor.role !== 'contact';
    case 'change_role':
    case 'delete':
      return isAdmin(actor);
    default:
      return isStaff(actor);
  }
}
