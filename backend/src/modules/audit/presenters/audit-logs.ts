import type { AuditLog } from '@helios/shared';
import type { AuditLogRow } from '../../../core/queries/audit-logs.ts';

export function presentAuditLog(row: AuditLogRow): AuditLog {
  return {
    id: row.id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    description: row.description,
    oldValue: row.old_value,
    newValue: row.new_value,
    userId: row.user_id,
    ipAddress: row.ip_address,
    userAgent: row.user_agent,
    createdAt: row.created_at.toISOString(),
  };
}
