import type { Actor } from '../auth/actor.ts';
import { snakeize } from './case.ts';
import type { CustomValue } from './custom-field-values.ts';
import type { ResourceDefinition, Row } from './definition.ts';

/** The record kit's abilities: what the caller may do with this record now. */
export interface RecordAbilities {
  update: boolean;
  archive: boolean;
  restore: boolean;
  delete: boolean;
  link: boolean;
  [more: string]: boolean;
}

/**
 * What the actor may do with a record, asked of the resource's own policy (the one its routes
 * enforce): archive only while live, restore only once archived.
 */
export function recordAbilities(def: ResourceDefinition, actor: Actor, row: Row): RecordAbilities {
  const archived = row.archived_at !== null && row.archived_at !== undefined;
  const archivable = def.archivable !== false;
  return {
    update: def.can(actor, 'update', row),
    archive: archivable && !archived && def.can(actor, 'archive', row),
    restore: archivable && archived && def.can(actor, 'restore', row),
    delete: def.can(actor, 'delete', row),
    link: def.can(actor, 'link', row),
    ...def.moreAbilities?.(actor, row),
  };
}

const toJson = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);

/**
 * A response schema's keys with their columns, worked out once per schema: a page presents 50
 * rows of 40 fields, and renaming 2 000 keys by regular expression per request was the API's
 * largest single cost in a CPU profile of `GET /assets`.
 */
const columnsBySchema = new WeakMap<object, [key: string, column: string][]>();
function fieldsOf(schema: ResourceDefinition['responseSchema']): [string, string][] {
  let fields = columnsBySchema.get(schema);
  if (!fields) {
    fields = Object.keys(schema.shape).map((key) => [key, snakeize(key)]);
    columnsBySchema.set(schema, fields);
  }
  return fields;
}

/**
 * A stored row as the API sends it — exactly the fields of the resource's response schema (an
 * allowlist: columns the schema does not name never leave the server): camelCase keys, timestamps
 * as ISO strings, date-only columns as `YYYY-MM-DD`, custom fields, computed extras, abilities.
 */
export function presentRecord(
  def: Pick<ResourceDefinition, 'responseSchema'>,
  row: Row,
  parts: { customFields?: Record<string, CustomValue>; extras?: Row; abilities?: RecordAbilities } = {},
): Row {
  const out: Row = {};
  for (const [key, column] of fieldsOf(def.responseSchema)) {
    if (key === 'customFields') {
      out.customFields = parts.customFields ?? {};
    } else if (key === 'abilities') {
      if (parts.abilities) out.abilities = parts.abilities;
    } else if (parts.extras && Object.hasOwn(parts.extras, key)) {
      out[key] = parts.extras[key];
    } else {
      const value = row[column];
      // A key the row does not carry (e.g. `counts`, only on one route) is left out, not nulled.
      if (value !== undefined) out[key] = toJson(value);
    }
  }
  return out;
}

/** The short form used in link lists and search results. */
export function summarizeRecord(
  def: ResourceDefinition,
  row: Row,
): { id: number; title: string; subtitle: string | null } {
  return {
    id: row.id as number,
    title: String(row[def.titleColumn] ?? ''),
    subtitle: def.subtitle ? def.subtitle(row) : null,
  };
}
