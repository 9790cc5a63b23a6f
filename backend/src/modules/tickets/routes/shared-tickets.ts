import { sharedTicketSchema } from '@helios/shared';
import { z } from 'zod';
import { notFound } from '../../../core/errors.ts';
import { defineRoute, ok, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { presentSharedTicket } from '../presenters/tickets.ts';
import { findSharedTicket, findStatus, repliesOf, usersByIds } from '../queries/tickets.ts';
import { shareLinks } from '../share-links.ts';

const urlKeySchema = z
  .object({ urlKey: z.string().regex(/^[A-Za-z0-9_-]{20,200}$/, 'not a share key') })
  .strict();

/**
 * GET /tickets/shared/:urlKey — the one route under /api/v1 without authentication: whoever holds
 * the ticket's long random key sees its subject, status and public replies (never internal notes or
 * anyone's email). Rate-limited per address by the app, as every unauthenticated route is.
 */
export function sharedTicketRoutes({ db, vault, organizationId }: ModuleContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/tickets/shared/:urlKey',
      tag: 'tickets',
      summary: 'Public view by share key (no authentication; public replies only; rate-limited)',
      public: true,
      params: urlKeySchema,
      responses: { 200: { description: 'The ticket, public replies only', data: sharedTicketSchema } },
      errors: [400, 404, 429],
      async handle({ res, params }) {
        const named = (await shareLinks(db, vault, organizationId)).verify(params.urlKey);
        const ticket = named && (await findSharedTicket(db, organizationId, named.ticketId, named.revision));
        if (!ticket) throw notFound('No such ticket');
        const [status, replies] = await Promise.all([
          findStatus(db, ticket.organization_id, ticket.status_id),
          repliesOf(db, ticket.id, true),
        ]);
        if (!status) throw notFound('No such ticket');
        const users = await usersByIds(
          db,
          replies.map((r) => r.created_by_user_id),
        );
        res.set('Cache-Control', 'private, no-store');
        return ok(presentSharedTicket(ticket, status, replies, users));
      },
    }),
  ];
}
