import { auditLogQuerySchema } from '@helios/shared';
import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';
import { actorOf } from '../../../core/http/context.ts';
import { decodeCursor, encodeCursor, idCursorSchema } from '../../../core/http/cursor.ts';
import { forbidden } from '../../../core/errors.ts';
import { parse } from '../../../core/http/validate.ts';
import { canAdmin } from '../../../core/auth/admin.ts';
import { presentAuditLog } from '../presenters/audit-logs.ts';
import { listAuditLogs } from '../../../core/queries/audit-logs.ts';

/** GET /audit-logs — admins read the log, newest first, filtered, cursor-paged. */
export function auditLogRoutes(db: Kysely<Database>): Router {
  const router = Router();
  router.get('/audit-logs', async (req, res) => {
    const actor = actorOf(req);
    const query = parse(auditLogQuerySchema, req.query);
    if (!canAdmin(actor, 'audit_log')) throw forbidden();
    const cursor = decodeCursor(idCursorSchema, query.cursor);
    const rows = await listAuditLogs(db, {
      organizationId: actor.organizationId,
      entityType: query.entityType,
      entityId: query.entityId,
      userId: query.userId,
      action: query.action,
      from: query.from,
      to: query.to,
      beforeId: cursor?.id,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    res.json({
      data: page.map(presentAuditLog),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ id: last.id }) : null,
    });
  });
  return router;
}
