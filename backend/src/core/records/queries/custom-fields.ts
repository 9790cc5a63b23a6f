import { type Expression, type Insertable, type Kysely, type Selectable, sql, type SqlBool } from 'kysely';
import { cached } from '../../cache.ts';
import type { CustomFields, Database } from '../../db/schema.ts';

export type CustomFieldRow = Selectable<CustomFields>;

/**
 * The organization's custom fields for one table, in display order: read by every page of every
 * record list, so through the process's cache (core/cache.ts; any change to the table drops it).
 */
export async function customFieldsFor(
  db: Kysely<Database>,
  organizationId: number,
  table: string,
): Promise<CustomFieldRow[]> {
  const rows = await cached(db, 'custom_fields', `${organizationId}:${table}`, () =>
    db
      .selectFrom('custom_fields')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('table_name', '=', table)
      .orderBy('display_order')
      .orderBy('id')
      .execute(),
  );
  return [...rows];
}

/** Stored values of the given fields for the given records. */
export async function customValuesFor(
  db: Kysely<Database>,
  fieldIds: number[],
  entityIds: number[],
): Promise<{ field_id: number; entity_id: number; value: string | null }[]> {
  if (fieldIds.length === 0 || entityIds.length === 0) return [];
  return db
    .selectFrom('custom_values')
    .select(['field_id', 'entity_id', 'value'])
    .where('field_id', 'in', fieldIds)
    .where('entity_id', 'in', entityIds)
    .execute();
}

/** Sets (string) or clears (null) one value. */
export async function putCustomValue(
  db: Kysely<Database>,
  fieldId: number,
  entityId: number,
  value: string | null,
): Promise<void> {
  if (value === null) {
    await db
      .deleteFrom('custom_values')
      .where('field_id', '=', fieldId)
      .where('entity_id', '=', entityId)
      .execute();
    return;
  }
  await db
    .insertInto('custom_values')
    .values({ field_id: fieldId, entity_id: entityId, value })
    .onConflict((oc) => oc.columns(['field_id', 'entity_id']).doUpdateSet({ value }))
    .execute();
}

/** Removes every value a record has (its row is being deleted; custom_values has no FK to it). */
export async function deleteCustomValuesOf(
  db: Kysely<Database>,
  organizationId: number,
  table: string,
  entityId: number,
): Promise<void> {
  await db
    .deleteFrom('custom_values')
    .where('entity_id', '=', entityId)
    .where(
      'field_id',
      'in',
      db
        .selectFrom('custom_fields')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('table_name', '=', table),
    )
    .execute();
}

/** A list condition: the record (aliased `alias`, `r` unless told) has `value` in the field. */
export function customValueMatches(fieldId: number, value: string, alias = 'r'): Expression<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM custom_values cv WHERE cv.field_id = ${fieldId} AND cv.entity_id = ${sql.ref(`${alias}.id`)} AND cv.value = ${value})`;
}

export async function insertCustomField(
  db: Kysely<Database>,
  values: Insertable<CustomFields>,
): Promise<CustomFieldRow> {
  return db.insertInto('custom_fields').values(values).returningAll().executeTakeFirstOrThrow();
}
