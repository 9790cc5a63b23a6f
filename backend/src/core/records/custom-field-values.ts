import type { ErrorDetail } from '@helios/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { validationFailed } from '../errors.ts';
import { type CustomFieldRow, customFieldsFor, customValuesFor } from './queries/custom-fields.ts';

export type CustomValue = string | number | boolean | null;

/** Dropdown options live in field_options as `{ options: string[] }`. */
export function dropdownOptions(field: Pick<CustomFieldRow, 'field_options'>): string[] {
  const options = (field.field_options as { options?: unknown } | null)?.options;
  return Array.isArray(options) ? options.filter((o): o is string => typeof o === 'string') : [];
}

/** `YYYY-MM-DD` naming a real day (2027-02-30 is not one: Date would silently roll it over). */
function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Checks a value against its field's type; returns the text stored, or an error message. */
function encode(field: CustomFieldRow, value: CustomValue): { text: string | null } | { error: string } {
  if (value === null) return { text: null };
  switch (field.field_type) {
    case 'text':
      return typeof value === 'string' ? { text: value } : { error: 'expected text' };
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? { text: String(value) }
        : { error: 'expected a number' };
    case 'date':
      return isCalendarDate(value) ? { text: value } : { error: 'expected a date as YYYY-MM-DD' };
    case 'checkbox':
      return typeof value === 'boolean' ? { text: String(value) } : { error: 'expected true or false' };
    case 'dropdown': {
      const options = dropdownOptions(field);
      return typeof value === 'string' && options.includes(value)
        ? { text: value }
        : { error: `expected one of: ${options.join(', ')}` };
    }
    default:
      return { error: 'unsupported field type' };
  }
}

/** Stored text → the typed value clients see. */
export function decode(field: Pick<CustomFieldRow, 'field_type'>, text: string | null): CustomValue {
  if (text === null) return null;
  if (field.field_type === 'number') return Number(text);
  if (field.field_type === 'checkbox') return text === 'true';
  return text;
}

export interface CustomFieldWrite {
  fieldId: number;
  value: string | null;
}

/**
 * Validates `customFields` of a request against the table's fields: unknown names and values of the
 * wrong type are 400s naming `customFields.<name>`. Runs before the transaction, so bad input
 * writes nothing.
 */
export async function prepareCustomFields(
  db: Kysely<Database>,
  organizationId: number,
  table: string,
  input: Record<string, CustomValue> | undefined,
): Promise<CustomFieldWrite[]> {
  if (!input || Object.keys(input).length === 0) return [];
  const fields = new Map((await customFieldsFor(db, organizationId, table)).map((f) => [f.field_name, f]));
  const details: ErrorDetail[] = [];
  const writes: CustomFieldWrite[] = [];
  for (const [name, value] of Object.entries(input)) {
    const field = fields.get(name);
    if (!field) {
      details.push({ path: `customFields.${name}`, message: 'no such custom field' });
      continue;
    }
    const encoded = encode(field, value);
    if ('error' in encoded) details.push({ path: `customFields.${name}`, message: encoded.error });
    else writes.push({ fieldId: field.id, value: encoded.text });
  }
  if (details.length > 0)
    throw validationFailed(details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
  return writes;
}

/** Every record's custom values, typed, keyed by record id (one query for a whole page). */
/** A record's custom fields by name from its stored [field id, text] pairs (read with its page). */
export function customFieldsFromPairs(
  fields: readonly CustomFieldRow[],
  pairs: readonly [number, string | null][],
): Record<string, CustomValue> {
  const byId = new Map(fields.map((f) => [f.id, f]));
  const out: Record<string, CustomValue> = {};
  for (const [fieldId, text] of pairs) {
    const field = byId.get(fieldId);
    if (field) out[field.field_name] = decode(field, text);
  }
  return out;
}

export async function loadCustomFields(
  db: Kysely<Database>,
  organizationId: number,
  table: string,
  ids: number[],
): Promise<Map<number, Record<string, CustomValue>>> {
  const out = new Map<number, Record<string, CustomValue>>(ids.map((id) => [id, {}]));
  const fields = await customFieldsFor(db, organizationId, table);
  if (fields.length === 0) return out;
  const byId = new Map(fields.map((f) => [f.id, f]));
  for (const v of await customValuesFor(db, [...byId.keys()], ids)) {
    const field = byId.get(v.field_id);
    const values = out.get(v.entity_id);
    if (field && values) values[field.field_name] = decode(field, v.value);
  }
  return out;
}
