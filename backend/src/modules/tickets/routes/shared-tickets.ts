import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { ipKeyGenerator } from 'express-rate-limit';
import { notFound, rateLimited } from '../../../core/errors.ts';
import { parse } from '../../../core/http/validate.ts';
import { presentSharedTicket } from '../presenters/tickets.ts';
import { findStatus, findTicketByUrlKey, repliesOf, usersByIds } from '../queries/tickets.ts';
import type { RouteDeps } from '../../../core/module.ts';

const urlKeySchema = z
  .object({ urlKey: z.string().regex(/^[A-Za-z0-9_-]{20,200}$/, 'not a share key') })
  .strict();

/**
 * GET /tickets/shared/:urlKey — the one route under /api/v1 without authentication: whoever holds
 * the ticket's long random key sees its subject, status and public replies (never internal notes or
 * anyone's email). Rate-limited per address so keys cannot be guessed by volume.
 */
export function sharedTicketRoutes({ db }: RouteDeps, perMinute = 60): Router {
  const router = Router();
  router.get(
    '/tickets/shared/:urlKey',
    rateLimit({
      identifier: 'shared-ticket',
      windowMs: 60_000,
      limit: perMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
      handler: (_req, _res, next) => next(rateLimited(60)),
    }),
    async (req, res) => {
      const { urlKey } = parse(urlKeySchema, req.params);
      const ticket = await findTicketByUrlKey(db, urlKey);
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
      res.json({ data: presentSharedTicket(ticket, status, replies, users) });
    },
  );
  return router;
}
