import type { ErrorDetail } from '@helios/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { conflict, validationFailed } from '../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { deleteCustomValuesOf, putCustomValue } from './queries/custom-fields.ts';
import { deleteRecord, insertRecord, unusableRefs, updateRecord } from './queries/records.ts';
import { snakeize } from './case.ts';
import { prepareCustomFields, type CustomValue } from './custom-field-values.ts';
import type { RecordTable, ResourceDefinition, Row } from './definition.ts';
import { changedColumns, recordAudit, type AuditContext } from '../audit.ts';

// Referenced tables that have no archived_at: a reference to them only has to exist and be ours.
const WITHOUT_ARCHIVE = new Set<RecordTable>(['custom_fields', 'audit_logs', 'notifications']);

/** Camel-case input → column values; undefined (absent) keys are left out, null clears. */
function toColumns(def: ResourceDefinition, input: Row): Row {
  const readOnly = new Set(def.readOnly ?? []);
  const secret = new Set(def.secretInputs ?? []);
  const out: Row = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || key === 'customFields' || secret.has(key)) continue;
    const column = snakeize(key);
    if (readOnly.has(column)) continue;
    out[column] = value;
  }
  return out;
}

/** Refuses references to records that do not exist, are archived, or belong elsewhere (400). */
async function checkRefs(db: Kysely<Database>, def: ResourceDefinition, organizationId: number, input: Row) {
  const details: ErrorDetail[] = [];
  for (const [key, table] of Object.entries(def.refs ?? {})) {
    const value = input[key];
    if (typeof value !== 'number') continue;
    const bad = await unusableRefs(db, table, organizationId, [value], !WITHOUT_ARCHIVE.has(table));
    if (bad.length > 0) details.push({ path: key, message: `no active record with id ${value}` });
  }
  if (details.length > 0)
    throw validationFailed(details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
}

/** Writes validated custom values (from `prepareCustomFields`) of one record, in the caller's transaction. */
export async function writeCustomFields(
  trx: Kysely<Database>,
  writes: { fieldId: number; value: string | null }[],
  entityId: number,
) {
  for (const w of writes) await putCustomValue(trx, w.fieldId, entityId, w.value);
}

const auditEntity = (def: ResourceDefinition, id: number) => ({ entityType: def.entityType, entityId: id });

/**
 * Columns a write can only compute once it knows the row's id, inside its transaction: secrets
 * sealed with the row id bound into the ciphertext (the vault). The resource's `secretInputs` are
 * handed to this hook and never mapped to columns by the kit.
 */
export interface SealedWrite {
  columns(id: number): { columns: Row; description?: string | undefined };
}

/** What every write checks before its transaction: references, custom fields, the resource's own rules. */
async function prepareWrite(
  db: Kysely<Database>,
  def: ResourceDefinition,
  actor: Actor,
  input: Row,
  existing: Row | undefined,
  sealed: SealedWrite | undefined,
) {
  // A resource with secret inputs is written only by its module's command, which brings the vault.
  if (def.secretInputs && !sealed) throw new Error(`${def.name} are written by their own command`);
  await checkRefs(db, def, actor.organizationId, input);
  const customFields = await prepareCustomFields(
    db,
    actor.organizationId,
    def.table,
    input.customFields as Record<string, CustomValue> | undefined,
  );
  const prepared = def.prepare ? await def.prepare(input, { db, actor, existing }) : input;
  return { customFields, values: toColumns(def, prepared) };
}

/** Creates a record with its custom values (and sealed columns) and audit row, in one transaction. */
export async function createRecord(
  db: Kysely<Database>,
  def: ResourceDefinition,
  actor: Actor,
  ctx: AuditContext,
  input: Row,
  sealed?: SealedWrite,
): Promise<Row> {
  const { customFields, values } = await prepareWrite(db, def, actor, input, undefined, sealed);
  return inTransaction(db, async (trx) => {
    let row = await insertRecord(trx, def.table, { ...values, organization_id: actor.organizationId });
    const id = row.id as number;
    const bound = sealed?.columns(id);
    if (bound) row = await updateRecord(trx, def.table, id, bound.columns);
    await writeCustomFields(trx, customFields, id);
    await recordAudit(trx, ctx, {
      action: 'create',
      ...auditEntity(def, id),
      ...(bound?.description ? { description: bound.description } : {}),
      newValue: row,
    });
    return row;
  });
}

/** Applies a partial update; the audit row carries only the columns that changed. */
export async function updateRecordCommand(
  db: Kysely<Database>,
  def: ResourceDefinition,
  actor: Actor,
  ctx: AuditContext,
  existing: Row,
  input: Row,
  sealed?: SealedWrite,
): Promise<Row> {
  const { customFields, values: plain } = await prepareWrite(db, def, actor, input, existing, sealed);
  const id = existing.id as number;
  const bound = sealed?.columns(id);
  const values = { ...plain, ...bound?.columns };
  return inTransaction(db, async (trx) => {
    await def.guardWrite?.(trx, actor.organizationId, existing, { kind: 'update', values });
    const row = await updateRecord(trx, def.table, id, values);
    await writeCustomFields(trx, customFields, id);
    const { oldValue, newValue } = changedColumns(existing, row, Object.keys(values));
    if (customFields.length > 0) newValue.customFields = input.customFields;
    await recordAudit(trx, ctx, {
      action: 'update',
      ...auditEntity(def, id),
      ...(bound?.description ? { description: bound.description } : {}),
      oldValue,
      newValue,
    });
    return row;
  });
}

/** Archives (or restores) a record; doing it twice is harmless and audited once. */
export async function setArchived(
  db: Kysely<Database>,
  def: ResourceDefinition,
  ctx: AuditContext,
  existing: Row,
  archived: boolean,
): Promise<Row> {
  const id = existing.id as number;
  if ((existing.archived_at !== null) === archived) return existing;
  return inTransaction(db, async (trx) => {
    await def.guardWrite?.(trx, ctx.organizationId, existing, { kind: archived ? 'archive' : 'restore' });
    const row = await updateRecord(trx, def.table, id, { archived_at: archived ? new Date() : null });
    await recordAudit(trx, ctx, {
      action: archived ? 'archive' : 'restore',
      ...auditEntity(def, id),
      oldValue: { archived_at: existing.archived_at },
      newValue: { archived_at: row.archived_at },
    });
    return row;
  });
}

/** Hard delete (admins): the row, its custom values and its links go; referenced rows refuse (409). */
export async function deleteRecordCommand(
  db: Kysely<Database>,
  def: ResourceDefinition,
  ctx: AuditContext,
  existing: Row,
): Promise<void> {
  const id = existing.id as number;
  try {
    await inTransaction(db, async (trx) => {
      await def.guardWrite?.(trx, ctx.organizationId, existing, { kind: 'delete' });
      await deleteCustomValuesOf(trx, ctx.organizationId, def.table, id);
      await deleteRecord(trx, def.table, id);
      await recordAudit(trx, ctx, { action: 'delete', ...auditEntity(def, id), oldValue: existing });
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23503') {
      throw conflict(
        `This ${def.entityType.replace(/_/g, ' ')} is still referenced by other records; archive it instead`,
      );
    }
    throw error;
  }
}
