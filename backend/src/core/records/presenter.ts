import { camelize } from './case.ts';
import type { ResourceDefinition, Row } from './definition.ts';
import type { CustomValue } from './custom-field-values.ts';

// Never sent for any resource: tenancy is implicit, and these columns are internal.
const ALWAYS_HIDDEN = new Set(['organization_id']);

/**
 * A stored row as the API sends it: camelCase keys, timestamps as ISO strings, date-only columns as
 * `YYYY-MM-DD`, hidden columns (secrets, ciphertext) left out — whatever the caller asked for.
 */
export function presentRecord(
  def: Pick<ResourceDefinition, 'hidden'>,
  row: Row,
  customFields: Record<string, CustomValue> | undefined,
  extras?: Row,
): Row {
  const hidden = new Set(def.hidden ?? []);
  const out: Row = {};
  for (const [column, value] of Object.entries(row)) {
    if (ALWAYS_HIDDEN.has(column) || hidden.has(column)) continue;
    out[camelize(column)] =
      value instanceof Date ? value.toISOString() : Buffer.isBuffer(value) ? undefined : value;
  }
  if (customFields !== undefined) out.customFields = customFields;
  return { ...out, ...extras };
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
