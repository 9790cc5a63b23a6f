import { customFieldCreateSchema, customFieldSchema, customFieldUpdateSchema } from '@helios/shared';
import { sql, type SqlBool } from 'kysely';
import { conflict, validationFailed } from '../../../core/errors.ts';
import { isAdmin, isStaff } from '../../../core/auth/actor.ts';
import { customFieldsFor } from '../../../core/records/queries/custom-fields.ts';
import { recordMatches } from '../../../core/records/queries/records.ts';
import type { ResourceDefinition, Row } from '../../../core/records/definition.ts';

const optionsError = (message: string) =>
  validationFailed(`fieldOptions: ${message}`, [{ path: 'fieldOptions', message }]);

/**
 * Custom field definitions (the values ride inside each entity, see core/records/custom-field-values.ts).
 * custom_fields has no archived_at: no archive or restore, and a list of its own (routes/custom-fields.ts).
 */
export const customFields: ResourceDefinition = {
  name: 'custom-fields',
  table: 'custom_fields',
  entityType: 'custom_field',
  createSchema: customFieldCreateSchema,
  responseSchema: customFieldSchema,
  updateSchema: customFieldUpdateSchema,
  searchColumns: ['field_name', 'field_label'],
  titleColumn: 'field_label',
  subtitle: (row) => `${String(row.table_name)}.${String(row.field_name)}`,
  tracksAccess: false,
  archivable: false,
  sortable: ['field_name', 'display_order', 'created_at'],
  // Staff read the definitions (they fill the values); defining fields is configuration: admins.
  can: (actor, action) => (action === 'read' ? isStaff(actor) : isAdmin(actor)),
  listScope: (actor) => (isStaff(actor) ? 'all' : 'none'),
  async prepare(input, { db, actor, existing }) {
    const out: Row = { ...input };
    const table = (existing?.table_name ?? input.tableName) as string;
    const fieldName = input.fieldName as string | undefined;
    if (fieldName !== undefined && fieldName !== existing?.field_name) {
      const clash = (await customFieldsFor(db, actor.organizationId, table)).find(
        (f) => f.field_name === fieldName && f.id !== existing?.id,
      );
      if (clash) throw conflict(`${table} already has a custom field named ${fieldName}`);
    }

    if (!existing) {
      // The create schema already tied options to dropdowns; jsonb takes the JSON text.
      out.fieldOptions = input.fieldOptions ? JSON.stringify(input.fieldOptions) : null;
      return out;
    }

    if (input.fieldType === undefined && input.fieldOptions === undefined) return out;
    const type = (input.fieldType ?? existing.field_type) as string;
    const id = existing.id as number;
    const hasValues = await recordMatches(
      db,
      'custom_fields',
      id,
      sql<SqlBool>`EXISTS (SELECT 1 FROM custom_values v WHERE v.field_id = r.id)`,
    );
    // Stored values are text checked against the type they were written under; reinterpreting them
    // (a date as a number, free text as a dropdown choice) would silently corrupt them.
    if (type !== existing.field_type && hasValues)
      throw conflict('This field already has values; its type cannot change (delete and re-create it)');

    if (type !== 'dropdown') {
      if (input.fieldOptions) throw optionsError('only dropdown fields take options');
      out.fieldOptions = null;
      return out;
    }
    const options =
      input.fieldOptions !== undefined
        ? (input.fieldOptions as { options: string[] } | null)
        : existing.field_type === 'dropdown'
          ? (existing.field_options as { options: string[] } | null)
          : null;
    if (!options || options.options.length === 0) throw optionsError('a dropdown needs options');
    if (input.fieldOptions !== undefined && hasValues) {
      const orphaned = await recordMatches(
        db,
        'custom_fields',
        id,
        sql<SqlBool>`EXISTS (SELECT 1 FROM custom_values v WHERE v.field_id = r.id AND v.value IS NOT NULL
          AND v.value NOT IN (${sql.join(options.options)}))`,
      );
      if (orphaned)
        throw conflict('Some records use an option that is no longer in the list; change them first');
    }
    out.fieldOptions = JSON.stringify(options);
    return out;
  },
};

/** List condition: fields of one table. */
export const tableIs = (table: string) => sql<SqlBool>`r.table_name = ${table}`;
