import { errorBodySchema, searchResultSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { startDemoApi, type DemoApi } from '../support/demo-org.ts';

describe.each(backends)('search on %s (demo organization)', (backend) => {
  let h: ApiHarness;
  let staff: string;
  let person: DemoApi['person'];
  let personKey: string;

  beforeAll(async () => {
    ({ h, staff, person, personKey } = await startDemoApi(backend));
  });
  afterAll(async () => {
    await h?.close();
  });

  const get = async (key: string, path: string) => {
    const res = await h.api(key, 'GET', path);
    return { status: res.status, body: (await res.json()) as { data: unknown } };
  };

  it('searches across resources, ranked, scoped to what the caller may read', async () => {
    const { status, body } = await get(staff, '/search?q=Dell&limit=50');
    expect(status).toBe(200);
    const results = (body.data as unknown[]).map((r) => searchResultSchema.parse(r));
    expect(results).toContainEqual(expect.objectContaining({ type: 'vendor', title: 'Dell Technologies' }));
    // Ranked: titles that start with the query come before those that merely contain it.
    const firstContains = results.findIndex((r) => !r.title.toLowerCase().startsWith('dell'));
    if (firstContains >= 0)
      expect(results.slice(firstContains).every((r) => !r.title.toLowerCase().startsWith('dell'))).toBe(true);

    // Tickets: staff find every match; a user only tickets they are party to.
    const subjects = await h.t.handle.db
      .selectFrom('tickets')
      .select(['id', 'subject', 'related_user_id', 'created_by_user_id'])
      .execute();
    const word = subjects[0]?.subject.split(' ').find((w) => w.length >= 4) ?? 'printer';
    const matching = subjects.filter((t) => t.subject.toLowerCase().includes(word.toLowerCase()));
    const staffTickets = (
      (await get(staff, `/search?q=${encodeURIComponent(word)}&types=ticket&limit=100`)).body.data as {
        id: number;
      }[]
    ).map((r) => r.id);
    expect(staffTickets.sort()).toEqual(matching.map((t) => t.id).sort());

    const mine = subjects.filter(
      (t) => t.related_user_id === person.id || t.created_by_user_id === person.id,
    );
    const mineWord = mine[0]?.subject.split(' ').find((w) => w.length >= 4) ?? word;
    const userTickets = (
      await get(personKey, `/search?q=${encodeURIComponent(mineWord)}&types=ticket&limit=100`)
    ).body.data as { id: number }[];
    expect(userTickets.length).toBeGreaterThan(0);
    const watched = await h.t.handle.db
      .selectFrom('ticket_watchers')
      .select('ticket_id')
      .where('user_id', '=', person.id)
      .execute();
    const allowed = new Set([...mine.map((t) => t.id), ...watched.map((w) => w.ticket_id)]);
    for (const t of userTickets) expect(allowed.has(t.id)).toBe(true);
  });

  it('refuses a query that is too short or malformed', async () => {
    for (const q of ['?q=a', '?q=', '', '?q=ok&limit=1000', '?q=ok&types=DROP TABLE']) {
      const res = await h.api(staff, 'GET', `/search${q}`);
      expect(res.status, q).toBe(400);
      expect(errorBodySchema.parse(await res.json()).error.code).toBe('validation_failed');
    }
  });
});
