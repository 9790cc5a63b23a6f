/**
 * `TKT-1042`: the ticket's stored prefix and its per-organization number — how a ticket is named
 * everywhere (responses, notifications, link subtitles), so it is written once.
 */
export const displayNumber = (ticket: { prefix: string; number: number }): string =>
  `${ticket.prefix}-${ticket.number}`;
