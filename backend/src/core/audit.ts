import type { Insertable, Kysely } from 'kysely';
import type { AuditLogs, Database, Json } from './db/schema.ts';
import type { Actor } from './auth/actor.ts';
import { insertAuditLog } from './queries/audit-logs.ts';

/** Where a change came from: filled from the request by the HTTP layer, or by the CLI/jobs. */
export interface AuditContext {
  organizationId: number;
  /** The acting user; undefined for the system (jobs, first-start bootstrap). */
  actor: Pick<Actor, 'userId'> | undefined;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: number | null;
  description?: string;
  oldValue?: unknown;
  newValue?: unknown;
}

// Keys whose values never enter the audit log (secrets, hashes, ciphertext).
const SECRET_KEY =
  /(password|otp|secret|token|private_?key|api_?key|key_hash|_encrypted$|serviceaccountkey)/i;

/** A deep copy with every secret-looking value replaced, safe to store and to show. */
export function withoutSecrets(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return '[binary]';
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      out[key] = SECRET_KEY.test(key) ? '[redacted]' : withoutSecrets(v);
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/** The audit row of a change, secrets redacted (what `recordAudit` writes). */
export function auditRow(ctx: AuditContext, entry: AuditEntry): Insertable<AuditLogs> {
  return {
    organization_id: ctx.organizationId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    description: entry.description ?? null,
    old_value: entry.oldValue === undefined ? null : JSON.stringify(withoutSecrets(entry.oldValue)),
    new_value: entry.newValue === undefined ? null : JSON.stringify(withoutSecrets(entry.newValue)),
    user_id: ctx.actor?.userId ?? null,
    ip_address: ctx.ip,
    user_agent: ctx.userAgent?.slice(0, 1000) ?? null,
  };
}

/**
 * Writes one audit row. Call it with the transaction of the change it records, so the row exists
 * exactly when the change does (a rolled-back change leaves no audit row).
 */
export async function recordAudit(
  trx: Kysely<Database>,
  ctx: AuditContext,
  entry: AuditEntry,
): Promise<void> {
  await insertAuditLog(trx, auditRow(ctx, entry));
}

/**
 * The "what changed" of an update's audit row: of `keys` (the columns the update set), those whose
 * stored value differs before and after, with both values. Compared as JSON, so a timestamp set to
 * the same instant or a number set to itself is no change.
 */
export function changedColumns<R extends object>(
  before: R,
  after: R,
  keys: Iterable<keyof R>,
): { oldValue: Partial<R>; newValue: Partial<R> } {
  const oldValue: Partial<R> = {};
  const newValue: Partial<R> = {};
  for (const key of keys) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      oldValue[key] = before[key];
      newValue[key] = after[key];
    }
  }
  return { oldValue, newValue };
}
