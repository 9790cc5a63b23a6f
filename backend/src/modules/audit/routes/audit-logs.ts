import { auditLogQuerySchema, auditLogSchema } from '@helios/shared';
import { canAdmin } from '../../../core/auth/admin.ts';
import { forbidden } from '../../../core/errors.ts';
import { decodeCursor, idCursorSchema, idPage } from '../../../core/http/cursor.ts';
import { defineRoute, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { listAuditLogs } from '../../../core/queries/audit-logs.ts';
import { presentAuditLog } from '../presenters/audit-logs.ts';

/** GET /audit-logs — admins read the log, newest first, filtered, cursor-paged. */
export function auditLogRoutes({ db }: ModuleContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/audit-logs',
      tag: 'audit',
      summary: 'Read the audit log (admin), newest first',
      query: auditLogQuerySchema,
      responses: { 200: { description: 'A page', page: auditLogSchema } },
      errors: [400, 401, 403],
      async handle({ actor, query }) {
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
        return idPage(rows, query.limit, presentAuditLog);
      },
    }),
  ];
}
