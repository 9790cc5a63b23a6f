import type { ErrorDetail } from '@helios/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { conflict, validationFailed } from '../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { deleteCustomValuesOf, putCustomValue } from './queries/custom-fields.ts';
import { deleteRecord, insertRecord, unusableRefs, updateRecord } from './queries/records.ts';
import { snakeize } from './case.ts';
import { prepareCustomFields, type CustomValue } from './custom-field-values.ts';
import type { RecordTable, ResourceDefinition, Row } from './definition.ts';
import { recordAudit, type AuditContext } from '../audit.ts';

// Referenced tables that have no archived_at: a reference to them only has to exist and be ours.
const WITHOUT_ARCHIVE = new Set<RecordTable>(['custom_fields', 'audit_logs', 'notifications']);

/** Camel-case input → column values; undefined (absent) keys are left out, null clears. */
function toColumns(def: ResourceDefinition, input: Row): Row {
  const readOnly = new Set(def.readOnly ?? []);
  const out: Row = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || key === 'customFields') continue;
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

async function writeCustomFields(
  trx: Kysely<Database>,
  writes: { fieldId: number; value: string | null }[],
  entityId: number,
) {
  for (const w of writes) await putCustomValue(trx, w.fieldId, entityId, w.value);
}

const auditEntity = (def: ResourceDefinition, id: number) => ({ entityType: def.entityType, entityId: id });

/** Creates a record with its custom values and audit row, in one transaction. */
export async function createRecord(
  db: Kysely<Database>,
  def: ResourceDefinition,
  actor: Actor,
  ctx: AuditContext,
  input: Row,
): Promise<Row> {
  await checkRefs(db, def, actor.organizationId, input);
  const customFields = await prepareCustomFields(
    db,
    actor.organizationId,
    def.table,
    input.customFields as Record<string, CustomValue> | undefined,
  );
  const prepared = def.prepare ? await def.prepare(input, { db, actor, existing: undefined }) : input;
  const values = { ...toColumns(def, prepared), organization_id: actor.organizationId };
  return db.transaction().execute(async (trx) => {
    const row = await insertRecord(trx, def.table, values);
    await writeCustomFields(trx, customFields, row.id as number);
    await recordAudit(trx, ctx, { action: 'create', ...auditEntity(def, row.id as number), newValue: row });
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
): Promise<Row> {
  await checkRefs(db, def, actor.organizationId, input);
  const customFields = await prepareCustomFields(
    db,
    actor.organizationId,
    def.table,
    input.customFields as Record<string, CustomValue> | undefined,
  );
  const prepared = def.prepare ? await def.prepare(input, { db, actor, existing }) : input;
  const values = toColumns(def, prepared);
  const id = existing.id as number;
  return db.transaction().execute(async (trx) => {
    const row = await updateRecord(trx, def.table, id, values);
    await writeCustomFields(trx, customFields, id);
    const oldValue: Row = {};
    const newValue: Row = {};
    for (const column of Object.keys(values)) {
      if (JSON.stringify(existing[column]) !== JSON.stringify(row[column])) {
        oldValue[column] = existing[column];
        newValue[column] = row[column];
      }
    }
    if (customFields.length > 0) newValue.customFields = input.customFields;
    await recordAudit(trx, ctx, { action: 'update', ...auditEntity(def, id), oldValue, newValue });
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
  return db.transaction().execute(async (trx) => {
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
    await db.transaction().execute(async (trx) => {
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
