import { errorBodySchema } from '@helios/shared';
import { expect } from 'vitest';
import type { ApiHarness } from './app.ts';

export type RecordBody = { data: Record<string, unknown> & { id: number }; nextCursor?: string | null };
export type RecordListBody = {
  data: (Record<string, unknown> & { id: number })[];
  nextCursor: string | null;
};

/** Tables the record tests count rows of. */
export type CountedTable =
  | 'assets'
  | 'software_licenses'
  | 'domains'
  | 'certificates'
  | 'organization_users'
  | 'tags'
  | 'custom_fields'
  | 'tickets'
  | 'vendors'
  | 'locations'
  | 'files'
  | 'audit_logs';

/**
 * Requests the documentation record tests make over and over, each checking its status: create
 * (201), get and list (200), and `expectRefused` (every case a 400 `validation_failed` naming its
 * path, and nothing written). `context` is read on every call: the harness exists only once the
 * suite's `beforeAll` ran; `key` is who calls unless a call names another.
 */
export function recordRequests(context: () => { h: ApiHarness; key: string }) {
  const count = async (table: CountedTable): Promise<number> =>
    Number(
      (
        await context()
          .h.t.handle.db.selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const create = async (path: string, body: unknown, key = context().key): Promise<RecordBody['data']> => {
    const res = await context().h.api(key, 'POST', path, body);
    const json = (await res.json()) as RecordBody;
    expect(res.status, JSON.stringify(json)).toBe(201);
    return json.data;
  };
  const get = async (path: string, key = context().key): Promise<RecordBody['data']> => {
    const res = await context().h.api(key, 'GET', path);
    expect(res.status, path).toBe(200);
    return ((await res.json()) as RecordBody).data;
  };
  const list = async (path: string, key = context().key): Promise<RecordListBody['data']> => {
    const res = await context().h.api(key, 'GET', path);
    expect(res.status, path).toBe(200);
    return ((await res.json()) as RecordListBody).data;
  };
  /** Every case answers 400 validation_failed naming `path`, and nothing is written. */
  const expectRefused = async (
    method: 'POST' | 'PATCH',
    url: string,
    table: 'assets' | 'software_licenses' | 'domains' | 'certificates',
    cases: [unknown, string][],
  ) => {
    const before = { rows: await count(table), audits: await count('audit_logs') };
    for (const [body, path] of cases) {
      const res = await context().h.api(context().key, method, url, body);
      expect(res.status, `${method} ${url} ${JSON.stringify(body)}`).toBe(400);
      const error = errorBodySchema.parse(await res.json()).error;
      expect(error.code).toBe('validation_failed');
      if (path)
        expect(
          error.details?.map((d) => d.path),
          JSON.stringify(body),
        ).toContain(path);
    }
    expect(await count(table)).toBe(before.rows);
    expect(await count('audit_logs')).toBe(before.audits);
  };
  return { count, create, get, list, expectRefused };
}
