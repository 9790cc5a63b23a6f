import { once } from 'node:events';
import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify';
import { z } from 'zod';

/**
 * CSV export of every list (api.md, round 2): `GET /<resource>` with `Accept: text/csv` answers
 * the list with its current filters as CSV — every matching row, not one page. The route layer
 * asks the list's own handler for page after page (the same validation, scope, filters and
 * presenter as the JSON answer, so a CSV can never show more than the JSON would) and streams each
 * page out before it asks for the next: memory stays bounded by one page whatever the row count.
 */

/** Rows asked of the handler per page (the largest `limit` every list accepts). */
export const CSV_PAGE_SIZE = 200;

/** The client prefers CSV over JSON (`Accept: text/csv`; a browser's `*\/*` stays JSON). */
export function wantsCsv(req: Request): boolean {
  return req.method === 'GET' && req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

/** One column: its header and how to read it from a presented record. */
interface Column {
  header: string;
  read: (record: Record<string, unknown>) => unknown;
}

/** The schema behind wrappers that do not change what a value looks like (nullable, optional…). */
function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (
      current instanceof z.ZodNullable ||
      current instanceof z.ZodOptional ||
      current instanceof z.ZodDefault
    )
      current = current.unwrap() as z.ZodType;
    else return current;
  }
}

/** Every object shape a record schema may have (a union's options merged, in order). */
function shapesOf(schema: z.ZodType): Record<string, z.ZodType>[] {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) return [inner.shape as Record<string, z.ZodType>];
  if (inner instanceof z.ZodUnion)
    return (inner.options as z.ZodType[]).flatMap((option) => shapesOf(option));
  return [];
}

/**
 * The CSV columns of a list, from its record schema (so the header is known before the first row
 * and is the same for an empty list): one column per field, nested objects flattened one level
 * (`status.name`, `assignedTo.email`), `abilities` left out (they describe the caller, not the row).
 */
export function csvColumns(recordSchema: z.ZodType): Column[] {
  const columns: Column[] = [];
  const seen = new Set<string>();
  const add = (column: Column) => {
    if (seen.has(column.header)) return;
    seen.add(column.header);
    columns.push(column);
  };
  for (const shape of shapesOf(recordSchema)) {
    for (const [key, field] of Object.entries(shape)) {
      if (key === 'abilities') continue;
      const inner = unwrap(field);
      if (inner instanceof z.ZodObject) {
        for (const sub of Object.keys(inner.shape as object)) {
          add({
            header: `${key}.${sub}`,
            read: (r) => (r[key] as Record<string, unknown> | null | undefined)?.[sub],
          });
        }
      } else {
        add({ header: key, read: (r) => r[key] });
      }
    }
  }
  return columns;
}

/**
 * One cell. Lists of records (tags, members) become their names joined by `; `, other objects
 * JSON. A text starting like a formula (`=`, `+`, `-`, `@`, tab, CR) is prefixed with `'` so a
 * spreadsheet shows it instead of running it (CSV injection).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return value
      .map((item: unknown) => {
        if (item !== null && typeof item === 'object') {
          const o = item as Record<string, unknown>;
          return String(o.name ?? o.email ?? o.title ?? o.id ?? JSON.stringify(o));
        }
        return String(item);
      })
      .map((text) => csvCell(text))
      .join('; ');
  return JSON.stringify(value);
}

/** One page of presented records and where the next one starts. */
export interface CsvPage {
  data: unknown[];
  nextCursor: string | null | undefined;
}

/**
 * Streams a list as CSV: `nextPage(cursor)` answers page after page (the list handler), each
 * written out — waiting for the socket to drain — before the next is asked for. Errors before the
 * first byte reach the error handler as usual; a failure later can only cut the download short.
 */
export async function streamCsv(
  res: Response,
  options: {
    filename: string;
    columns: Column[];
    nextPage: (cursor: string | undefined) => Promise<CsvPage>;
  },
): Promise<void> {
  let page = await options.nextPage(undefined);
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${options.filename}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  const csv = stringify({ header: true, columns: options.columns.map((c) => c.header) });
  csv.pipe(res);
  const cursors = new Set<string>();
  // Settles when the client goes away: a wait for the socket to drain ends then too.
  const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
  try {
    for (;;) {
      for (const item of page.data) {
        const record = item as Record<string, unknown>;
        if (!csv.write(options.columns.map((c) => csvCell(c.read(record)))))
          await Promise.race([once(csv, 'drain'), closed]);
        if (res.destroyed) return;
      }
      const next = page.nextCursor;
      // A list that pages by cursor moves on; one without (a single page) or a cursor seen before ends.
      if (!next || cursors.has(next)) break;
      cursors.add(next);
      page = await options.nextPage(next);
    }
    csv.end();
    await closed;
  } catch (error) {
    csv.destroy();
    res.destroy(error instanceof Error ? error : undefined);
  }
}
