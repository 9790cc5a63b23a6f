import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AuditLogs, Database } from '../db/schema.ts';

export type AuditLogRow = Selectable<AuditLogs>;

export async function insertAuditLog(db: Kysely<Database>, values: Insertable<AuditLogs>): Promise<void> {
  await db.insertInto('audit_logs').values(values).execute();
}

export interface AuditLogFilter {
  organizationId: number;
  entityType?: string | undefined;
  entityId?: number | undefined;
  userId?: number | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Rows with an id below this (keyset paging, newest first). */
  beforeId?: number | undefined;
  limit: number;
}

/** Newest first, keyset-paged by id (stays fast however deep the log). */
export async function listAuditLogs(db: Kysely<Database>, f: AuditLogFilter): Promise<AuditLogRow[]> {
  let query = db.selectFrom('audit_logs').selectAll().where('organization_id', '=', f.organizationId);
  if (f.entityType !== undefined) query = query.where('entity_type', '=', f.entityType);
  if (f.entityId !== undefined) query = query.where('entity_id', '=', f.entityId);
  if (f.userId !== undefined) query = query.where('user_id', '=', f.userId);
  if (f.action !== undefined) query = query.where('action', '=', f.action);
  if (f.from !== undefined) query = query.where('created_at', '>=', new Date(f.from));
  if (f.to !== undefined) query = query.where('created_at', '<', new Date(f.to));
  if (f.beforeId !== undefined) query = query.where('id', '<', f.beforeId);
  return query.orderBy('id', 'desc').limit(f.limit).execute();
}
