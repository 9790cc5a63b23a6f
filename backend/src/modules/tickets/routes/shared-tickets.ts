import { type SharedTicket, sharedTicketSchema } from '@helios/shared';
import { z } from 'zod';
import { notFound } from '../../../core/errors.ts';
import { defineRoute, ok, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext, PageSpec } from '../../../core/module.ts';
import {
  renderSharedTicketMissing,
  renderSharedTicketPage,
  SHARED_PAGE_POLICY,
} from '../presenters/shared-ticket-page.ts';
import { presentSharedTicket } from '../presenters/tickets.ts';
import { findSharedTicket, findStatus, repliesOf, usersByIds } from '../queries/tickets.ts';
import { shareLinks } from '../share-links.ts';

const URL_KEY = /^[A-Za-z0-9_-]{20,200}$/;
const urlKeySchema = z.object({ urlKey: z.string().regex(URL_KEY, 'not a share key') }).strict();

/** The public view of the ticket a share key names, or undefined (wrong, revoked or archived). */
async function loadShared(
  { db, vault, organizationId }: ModuleContext,
  urlKey: string,
): Promise<SharedTicket | undefined> {
  const named = (await shareLinks(db, vault, organizationId)).verify(urlKey);
  const ticket = named && (await findSharedTicket(db, organizationId, named.ticketId, named.revision));
  if (!ticket) return undefined;
  const [status, replies] = await Promise.all([
    findStatus(db, ticket.organization_id, ticket.status_id),
    repliesOf(db, ticket.id, true),
  ]);
  if (!status) return undefined;
  const users = await usersByIds(
    db,
    replies.map((r) => r.created_by_user_id),
  );
  return presentSharedTicket(ticket, status, replies, users);
}

/**
 * GET /tickets/shared/:urlKey — the one route under /api/v1 without authentication: whoever holds
 * the ticket's long random key sees its subject, status and public replies (never internal notes or
 * anyone's email). Rate-limited per address by the app, as every unauthenticated route is.
 */
export function sharedTicketRoutes(ctx: ModuleContext): RouteSpec[] {
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
        const shared = await loadShared(ctx, params.urlKey);
        if (!shared) throw notFound('No such ticket');
        res.set('Cache-Control', 'private, no-store');
        return ok(shared);
      },
    }),
  ];
}

/** The path of a ticket's public page (what the add-on's "Open in browser" and the console link to). */
export const SHARED_TICKET_PAGE = '/shared/tickets/:urlKey';

/**
 * GET /shared/tickets/:urlKey — the same public view as a server-rendered page a person can read
 * on a phone, with no sign-in and no script: the JSON route's data, escaped into HTML under a
 * policy that allows only the page's own stylesheet.
 */
export function sharedTicketPages(ctx: ModuleContext): PageSpec[] {
  return [
    {
      path: SHARED_TICKET_PAGE,
      async handle(req, res) {
        const key = typeof req.params.urlKey === 'string' ? req.params.urlKey : '';
        const shared = URL_KEY.test(key) ? await loadShared(ctx, key) : undefined;
        res.set({
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': SHARED_PAGE_POLICY,
          'cache-control': 'private, no-store',
          // The key is in the path: it must not leave in a Referer, nor be indexed.
          'referrer-policy': 'no-referrer',
          'x-robots-tag': 'noindex',
        });
        res
          .status(shared ? 200 : 404)
          .send(shared ? renderSharedTicketPage(shared) : renderSharedTicketMissing());
      },
    },
  ];
}
