import { type Actor, isAdmin, isStaff } from '../../../core/auth/actor.ts';

/**
 * Assets, domains, certificates, software licenses, locations, vendors, documents, files and
 * folders share one rule set (rbac.md): staff read and write everything, admins alone hard-delete,
 * a `user` reads only what is linked or assigned to them, a `contact` reads nothing.
 */
export type DocumentationAction = 'read' | 'create' | 'update' | 'archive' | 'restore' | 'delete' | 'link';

export interface DocumentationRecord {
  /** True when the record is linked or assigned to the actor (computed by the query that loads it). */
  linkedToActor: boolean;
}

/** Which rows a list may show the actor. */
export function documentationListScope(actor: Actor): 'all' | 'linked' | 'none' {
  if (isStaff(actor)) return 'all';
  return actor.role === 'user' ? 'linked' : 'none';
}

export function canDocumentation(
  actor: Actor,
  action: DocumentationAction,
  record?: DocumentationRecord,
): boolean {
  switch (action) {
    case 'read':
      return isStaff(actor) || (actor.role === 'user' && record?.linkedToActor === true);
    case 'delete':
      return isAdmin(actor);
    default:
      return isStaff(actor);
  }
}
