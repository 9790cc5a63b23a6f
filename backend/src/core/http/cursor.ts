import { z } from 'zod';
import { validationFailed } from '../errors.ts';

/**
 * Opaque list cursors: base64url JSON of the last row's sort key. Clients pass them back
 * untouched; a tampered or foreign cursor is a 400, never a 500.
 */
export function encodeCursor(value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(
  schema: S,
  cursor: string | undefined,
): z.output<S> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  throw validationFailed('cursor: invalid cursor', [{ path: 'cursor', message: 'invalid cursor' }]);
}

export const idCursorSchema = z.object({ id: z.number().int().positive() }).strict();

/**
 * A page keyed by id (newest or oldest first): `rows` were fetched with `limit + 1` so that one extra row tells
 * whether another page follows. Returns the presented page and the cursor of the next one.
 */
export function idPage<R extends { id: number }>(
  rows: R[],
  limit: number,
  present: (row: R) => unknown,
): { status: 200; data: unknown[]; nextCursor: string | null } {
  const slice = rows.slice(0, limit);
  const last = slice.at(-1);
  return {
    status: 200,
    data: slice.map(present),
    nextCursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null,
  };
}
