import { type Actor, isAdmin, isStaff } from '../../../core/auth/actor.ts';

/** The vault: staff only (metadata lists and audited reveals); users and contacts never. */
export type CredentialAction =
  'list' | 'read' | 'reveal' | 'create' | 'update' | 'archive' | 'restore' | 'delete';

export function canCredential(actor: Actor, action: CredentialAction): boolean {
  return action === 'delete' ? isAdmin(actor) : isStaff(actor);
}
