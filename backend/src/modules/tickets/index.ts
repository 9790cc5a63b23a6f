// The tickets module's public entry: what other modules may use (architecture.md). Links, tags and
// search scope tickets with the same party rule the tickets routes enforce, and name them the same.
export { displayNumber } from './display-number.ts';
export { canTicket, ticketListScope, type TicketRecord } from './policies/tickets.ts';
export { presentTicketSummary } from './presenters/ticket-summaries.ts';
export { ticketPartyCondition } from './queries/ticket-party.ts';
export { ticketForThread, ticketSummaries } from './queries/ticket-summaries.ts';
// The mail module files emails from the watched mailbox as tickets and replies through the same
// commands (and uniqueness) the add-on uses, and reads what it mails about.
export { addReply, attachFile, createTicket, type EmailFiling } from './commands/tickets.ts';
export {
  findTicket,
  repliesOf,
  ticketLinks,
  watchersWithRoles,
  type ReplyRow,
  type TicketRow,
} from './queries/tickets.ts';
