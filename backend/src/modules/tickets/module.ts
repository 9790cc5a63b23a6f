import type { HeliosModule } from '../../core/module.ts';
import { recordRoutes } from '../../core/records/routes.ts';
import { canTicket, ticketListScope } from './policies/tickets.ts';
import { ticketStatuses } from './resources/ticket-statuses.ts';
import { savedViewRoutes } from './routes/saved-views.ts';
import { sharedTicketPages, sharedTicketRoutes } from './routes/shared-tickets.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { DEFAULT_TICKET_STATUSES } from './statuses.ts';
import { insertTicketStatuses } from './queries/ticket-statuses.ts';

/**
 * The helpdesk: tickets, replies, watchers, attachments, feedback, statuses, the public view (JSON
 * and its HTML page), and people's saved views of the queue.
 */
export const ticketsModule: HeliosModule = {
  name: 'tickets',
  resources: [ticketStatuses],
  routes: (ctx) => [
    ...recordRoutes(ticketStatuses, ctx),
    ...ticketRoutes(ctx),
    ...sharedTicketRoutes(ctx),
    ...savedViewRoutes(ctx),
  ],
  pages: (ctx) => sharedTicketPages(ctx),
  abilities: (actor) => ({
    createTickets: canTicket(actor, 'create'),
    readAllTickets: ticketListScope(actor) === 'all',
    internalReplies: canTicket(actor, 'reply_internal'),
    manageTickets: canTicket(actor, 'update'),
  }),
  async onOrganizationCreated(trx, organization) {
    await insertTicketStatuses(
      trx,
      DEFAULT_TICKET_STATUSES.map((s, i) => ({
        ...s,
        organization_id: organization.id,
        display_order: (i + 1) * 10,
      })),
    );
  },
};
