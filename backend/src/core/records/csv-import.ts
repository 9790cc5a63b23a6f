import type { ErrorDetail } from '@helios/shared';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { AuditContext } from '../audit.ts';
import type { Database } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { HttpError, payloadTooLarge, validationFailed } from '../errors.ts';
import { createRecord, updateRecordCommand } from './commands.ts';
import type { RecordTable, ResourceDefinition, Row } from './definition.ts';
import { rowsByText, unusableRefs } from './queries/records.ts';

/**
 * CSV import of a record resource (api.md, round 2): `POST /<resource>/import?dryRun=true|false`
 * with a `text/csv` body. Every row is checked the way the API checks a `POST`/`PATCH` — the same
 * zod schemas, references, the resource's own rules — and reported as `create`, `update` (a row
 * naming an existing record by its key) or `refuse` with its errors. The apply step writes the
 * rows that are not refused, each through the record kit's own create/update (audit rows
 * included), all in ONE transaction: the good rows, or — if anything fails while writing —
 * nothing.
 */

/** What a resource declares to be importable. */
export interface CsvImportSpec {
  /**
   * Accepted headers → input key, in order of preference (when two headers give one key, the
   * first non-empty wins). Headers are compared normalized: lower case, letters and digits only,
   * so `Serial Number`, `serial_number` and `serialNumber` are one. Snipe-IT's and ITFlow's
   * export headers are listed beside Helios's own.
   */
  columns: Record<string, string>;
  /** Keys whose CSV value names another record by a text column (a location's name, an email). */
  byName?: Record<string, { table: RecordTable; column: string }>;
  /** How an existing record is found, in order: the first key the row has a value for. */
  matchOn: { key: string; column: string }[];
  /** Free-text values of enum keys → the API's value (`Laptop` → `computer`). */
  values?: Record<string, Record<string, string>>;
}

export interface ImportRowReport {
  /** Line of the CSV the row starts on (the header is line 1). */
  line: number;
  action: 'create' | 'update' | 'refuse';
  errors: ErrorDetail[];
}

/** Rows accepted in one file; a bigger import is split by the client. */
export const MAX_IMPORT_ROWS = 50_000;

export const normalizeHeader = (header: string): string => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The schema behind optional/nullable/default wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable ||
    current instanceof z.ZodDefault
  )
    current = current.unwrap() as z.ZodType;
  return current;
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'x']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/** A CSV text as the value the field's schema expects (left as text when it is not one: the schema says why). */
function typed(
  field: z.ZodType | undefined,
  text: string,
  values: Record<string, string> | undefined,
): unknown {
  const inner = field ? unwrap(field) : undefined;
  if (inner instanceof z.ZodNumber) {
    const n = Number(text.replace(/,/g, ''));
    return Number.isFinite(n) ? n : text;
  }
  if (inner instanceof z.ZodBoolean) {
    const t = text.toLowerCase();
    return TRUE.has(t) ? true : FALSE.has(t) ? false : text;
  }
  if (inner instanceof z.ZodEnum) {
    const mapped = values?.[text.toLowerCase()];
    if (mapped) return mapped;
    const option = (inner.options as string[]).find((o) => normalizeHeader(o) === normalizeHeader(text));
    return option ?? text;
  }
  return text;
}

interface ParsedRow {
  line: number;
  cells: Record<string, string>;
}

/** The CSV's records with the line each starts on; a malformed file is a 400 naming the line. */
function readCsv(body: string): { headers: string[]; rows: ParsedRow[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(body, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    throw validationFailed(`Not readable as CSV: ${(error as Error).message}`);
  }
  const [head, ...rest] = records;
  if (!head) throw validationFailed('The CSV is empty: send a header line and at least one row');
  if (rest.length > MAX_IMPORT_ROWS)
    throw payloadTooLarge(`At most ${MAX_IMPORT_ROWS} rows per import (this file has ${rest.length})`);
  const headers = head.record;
  // info.lines is where a record ends; a record starts after the previous one ended.
  let previousEnd = head.info.lines;
  const rows = rest.map(({ record, info }) => {
    const cells: Record<string, string> = {};
    headers.forEach((h, i) => {
      const value = record[i];
      if (value !== undefined && value !== '') cells[h] = value;
    });
    const row = { line: previousEnd + 1, cells };
    previousEnd = info.lines;
    return row;
  });
  return { headers, rows };
}

/** The issues of a failed parse as error details named by the CSV's own headers. */
function issuesOf(error: z.ZodError, headerOf: (key: string) => string): ErrorDetail[] {
  return error.issues.map((issue) => {
    const key = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys')
      return { path: '', message: `not importable: ${issue.keys.map(headerOf).join(', ')}` };
    return { path: key ? headerOf(key) : '', message: issue.message };
  });
}

export interface ImportResult {
  rows: ImportRowReport[];
  summary: { create: number; update: number; refuse: number };
  /** Headers no field of the resource takes (their values are not imported). */
  ignoredColumns: string[];
  applied: boolean;
}

/** Checks every row (and, unless `dryRun`, writes the good ones in one transaction). */
export async function importCsv(
  db: Kysely<Database>,
  def: ResourceDefinition,
  spec: CsvImportSpec,
  actor: Actor,
  ctx: AuditContext,
  body: string,
  dryRun: boolean,
): Promise<ImportResult> {
  const { headers, rows } = readCsv(body);
  const preference = Object.keys(spec.columns).map(normalizeHeader);
  const keyOfHeader = new Map<string, string>();
  const ignoredColumns: string[] = [];
  for (const h of headers) {
    const key = spec.columns[normalizeHeader(h)];
    if (key) keyOfHeader.set(h, key);
    else ignoredColumns.push(h);
  }
  // Per key, its headers in the spec's order of preference.
  const headersOfKey = new Map<string, string[]>();
  for (const h of [...keyOfHeader.keys()].sort(
    (a, b) => preference.indexOf(normalizeHeader(a)) - preference.indexOf(normalizeHeader(b)),
  )) {
    const key = keyOfHeader.get(h) ?? '';
    headersOfKey.set(key, [...(headersOfKey.get(key) ?? []), h]);
  }
  const headerOf = (key: string) => headersOfKey.get(key)?.[0] ?? key;
  const createShape =
    def.createSchema instanceof z.ZodObject ? (def.createSchema.shape as Record<string, z.ZodType>) : {};

  // Each row's values by key (before types), first non-empty header wins.
  const texts = rows.map((row) => {
    const out: Record<string, string> = {};
    for (const [key, hs] of headersOfKey) {
      const value = hs.map((h) => row.cells[h]).find((v) => v !== undefined);
      if (value !== undefined) out[key] = value;
    }
    return out;
  });

  // Records named by text, looked up once per import (live ones only).
  const named = new Map<string, Map<string, number>>();
  for (const [key, ref] of Object.entries(spec.byName ?? {})) {
    const values = [
      ...new Set(texts.map((t) => t[key]).filter((v): v is string => v !== undefined && !/^\d+$/.test(v))),
    ];
    const found = await rowsByText(db, ref.table, actor.organizationId, ref.column, values, true);
    named.set(key, new Map(found.map((r) => [String(r.match_key), r.id as number])));
  }
  // Existing records the rows name by their keys.
  const existing = new Map<string, Map<string, Row>>();
  for (const { key, column } of spec.matchOn) {
    const values = [...new Set(texts.map((t) => t[key]).filter((v): v is string => v !== undefined))];
    const found = await rowsByText(db, def.table, actor.organizationId, column, values, false);
    existing.set(key, new Map(found.map((r) => [String(r.match_key), r])));
  }

  const reports: ImportRowReport[] = [];
  const writes: { input: Row; existing: Row | undefined }[] = [];
  const seenKeys = new Set<string>();
  const refIds = new Map<RecordTable, Set<number>>();
  const pending: { report: ImportRowReport; input: Row; existing: Row | undefined }[] = [];

  for (const [i, row] of rows.entries()) {
    const text = texts[i] ?? {};
    const errors: ErrorDetail[] = [];
    const input: Row = {};
    for (const [key, value] of Object.entries(text)) {
      const byName = spec.byName?.[key];
      if (byName && !/^\d+$/.test(value)) {
        const id = named.get(key)?.get(value.toLowerCase());
        if (id === undefined)
          errors.push({ path: headerOf(key), message: `no active record named "${value}"` });
        else input[key] = id;
        continue;
      }
      input[key] = typed(createShape[key], value, spec.values?.[key]);
    }
    // The record this row is about, by the first key it has a value for.
    let match: Row | undefined;
    let identity: string | undefined;
    for (const { key } of spec.matchOn) {
      const value = text[key];
      if (value === undefined) continue;
      identity = `${key}:${value.toLowerCase()}`;
      match = existing.get(key)?.get(value.toLowerCase());
      break;
    }
    if (identity !== undefined) {
      if (seenKeys.has(identity))
        errors.push({
          path: headerOf(identity.split(':')[0] ?? ''),
          message: 'named by an earlier row of this file',
        });
      seenKeys.add(identity);
    }
    if (match && match.archived_at !== null && match.archived_at !== undefined)
      errors.push({ path: '', message: 'the record this row names is archived; restore it first' });
    const allowed = match ? def.can(actor, 'update', match) : def.can(actor, 'create');
    if (!allowed)
      errors.push({ path: '', message: `you may not ${match ? 'update' : 'create'} this record` });
    const parsed = (match ? def.updateSchema : def.createSchema).safeParse(input);
    if (!parsed.success) errors.push(...issuesOf(parsed.error, headerOf));
    const report: ImportRowReport = { line: row.line, action: match ? 'update' : 'create', errors };
    reports.push(report);
    if (errors.length > 0 || !parsed.success) continue;
    for (const [key, table] of Object.entries(def.refs ?? {})) {
      const id = parsed.data[key];
      if (typeof id === 'number') refIds.set(table, (refIds.get(table) ?? new Set()).add(id));
    }
    pending.push({ report, input: parsed.data, existing: match });
  }

  // References by id: checked once per table, as POST would (missing, foreign or archived: refused).
  const unusable = new Map<RecordTable, Set<number>>();
  for (const [table, ids] of refIds)
    unusable.set(
      table,
      new Set(await unusableRefs(db, table, actor.organizationId, [...ids], table !== 'custom_fields')),
    );
  for (const item of pending) {
    for (const [key, table] of Object.entries(def.refs ?? {})) {
      const id = item.input[key];
      if (typeof id === 'number' && unusable.get(table)?.has(id))
        item.report.errors.push({ path: headerOf(key), message: `no active record with id ${id}` });
    }
    if (item.report.errors.length === 0 && def.prepare) {
      // The resource's own rules (an email already taken, who may set a role…), as its POST runs them.
      try {
        await def.prepare(item.input, { db, actor, existing: item.existing });
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        item.report.errors.push(
          ...(error.details?.length ? error.details : [{ path: '', message: error.message }]),
        );
      }
    }
    if (item.report.errors.length === 0) writes.push({ input: item.input, existing: item.existing });
  }
  for (const r of reports) if (r.errors.length > 0) r.action = 'refuse';

  if (!dryRun && writes.length > 0) {
    await inTransaction(db, async (trx) => {
      for (const w of writes) {
        if (w.existing) await updateRecordCommand(trx, def, actor, ctx, w.existing, w.input);
        else await createRecord(trx, def, actor, ctx, w.input);
      }
    });
  }
  const count = (action: ImportRowReport['action']) => reports.filter((r) => r.action === action).length;
  return {
    rows: reports,
    summary: { create: count('create'), update: count('update'), refuse: count('refuse') },
    ignoredColumns,
    applied: !dryRun,
  };
}
