// The tickets module's public entry: what other modules (people, search, relations) may use.
export { canTicket, ticketListScope, type TicketRecord } from './policies/tickets.ts';
export { presentTicketSummary } from './presenters/ticket-summaries.ts';
export { ticketForThread, ticketPartyCondition, ticketSummaries } from './queries/ticket-summaries.ts';
