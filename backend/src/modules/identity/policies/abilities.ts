import type { Abilities } from '@helios/shared';
import type { Actor } from '../../../core/auth/actor.ts';
import { canAdmin } from '../../../core/auth/admin.ts';
import { canCredential } from '../../vault/policies/credentials.ts';
import { canDocumentation, documentationListScope } from '../../documentation/policies/documentation.ts';
import { canTicket, ticketListScope } from '../../tickets/policies/tickets.ts';
import { canUser } from '../../people/policies/users.ts';

/** The actor's abilities, derived from the same policies the routes enforce (never a second list). */
export function abilitiesOf(actor: Actor): Abilities {
  return {
    readAllDocumentation: documentationListScope(actor) === 'all',
    writeDocumentation: canDocumentation(actor, 'create'),
    hardDelete: canDocumentation(actor, 'delete'),
    listCredentials: canCredential(actor, 'list'),
    revealCredentials: canCredential(actor, 'reveal'),
    createTickets: canTicket(actor, 'create'),
    readAllTickets: ticketListScope(actor) === 'all',
    internalReplies: canTicket(actor, 'reply_internal'),
    manageTickets: canTicket(actor, 'update'),
    readAllUsers: canUser(actor, 'read', { id: 0 }), // id 0 is nobody: "may read any other user"
    changeRoles: canUser(actor, 'change_role'),
    manageSettings: canAdmin(actor, 'settings'),
    runSync: canAdmin(actor, 'sync'),
    manageApiKeys: canAdmin(actor, 'api_keys'),
    readAuditLog: canAdmin(actor, 'audit_log'),
  };
}
