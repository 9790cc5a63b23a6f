import { ticketStatusCreateSchema, ticketStatusSchema, ticketStatusUpdateSchema } from '@helios/shared';
import { isAdmin } from '../../../core/auth/actor.ts';
import type { ResourceDefinition } from '../../../core/records/definition.ts';
import { clearOtherDefaultStatuses } from '../queries/ticket-statuses.ts';

/**
 * The organization's ticket statuses: everyone reads them (they label every ticket), admins shape
 * them. One is the default for new tickets. A status in use cannot be deleted (the tickets' foreign
 * key refuses: 409), only archived.
 */
export const ticketStatuses: ResourceDefinition = {
  name: 'ticket-statuses',
  table: 'ticket_statuses',
  entityType: 'ticket_status',
  createSchema: ticketStatusCreateSchema,
  responseSchema: ticketStatusSchema,
  updateSchema: ticketStatusUpdateSchema,
  searchColumns: ['name'],
  titleColumn: 'name',
  tracksAccess: false,
  sortable: ['name', 'display_order', 'created_at'],
  can: (actor, action) => (action === 'read' ? true : isAdmin(actor)),
  listScope: () => 'all',
  prepare: async (input, { db, actor, existing }) => {
    // Making one status the default demotes the previous one.
    if (input.isDefault === true)
      await clearOtherDefaultStatuses(db, actor.organizationId, existing?.id as number | undefined);
    return input;
  },
};
