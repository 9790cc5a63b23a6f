import { errorBodySchema, peopleContextSchema, searchResultSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoInto } from '../src/demo/seed-demo.ts';
import { findOrganization } from '../src/queries/organizations.ts';
import { startApi, TEST_DOMAIN, type ApiHarness } from './support/app.ts';
import { backends } from './support/databases.ts';

describe.each(backends)('search and people context on %s (demo organization)', (backend) => {
  let h: ApiHarness;
  let staff: string;
  let person: { id: number; email: string; manager_id: number | null };
  let personKey: string;

  beforeAll(async () => {
    h = await startApi(backend);
    const org = await findOrganization(h.t.handle.db);
    if (!org) throw new Error('no org');
    await seedDemoInto(h.t.handle.db, org);
    staff = (await h.user('manager')).key;
    // A demo employee who has an assigned laptop and an open ticket about them.
    const row = await h.t.handle.db
      .selectFrom('organization_users as u')
      .innerJoin('assets as a', 'a.assigned_to_user_id', 'u.id')
      .innerJoin('tickets as t', 't.related_user_id', 'u.id')
      .select(['u.id', 'u.email', 'u.manager_id'])
      .where('u.role', '=', 'user')
      .where('u.manager_id', 'is not', null)
      .executeTakeFirstOrThrow();
    person = row;
    const { createApiKey } = await import('../src/commands/api-keys.ts');
    const user = await h.t.handle.db
      .selectFrom('organization_users')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    personKey = (
      await createApiKey(
        h.t.handle.db,
        { organizationId: h.organizationId, actor: undefined, ip: null, userAgent: null },
        { name: 't', user, expiresAt: null },
      )
    ).key;
  });
  afterAll(async () => {
    await h?.close();
  });

  const get = async (key: string, path: string) => {
    const res = await h.api(key, 'GET', path);
    return { status: res.status, body: (await res.json()) as { data: unknown } };
  };

  it('searches across resources, ranked, scoped to what the caller may read', async () => {
    const { status, body } = await get(staff, '/search?q=laptop&limit=50');
    expect(status).toBe(200);
    const results = (body.data as unknown[]).map((r) => searchResultSchema.parse(r));
    expect(results.length).toBeGreaterThan(5);
    expect(results.every((r) => r.type === 'asset' || r.type === 'ticket' || r.type === 'document')).toBe(
      true,
    );

    const vendor = (await get(staff, '/search?q=Dell')).body.data as { type: string; title: string }[];
    expect(vendor[0]).toMatchObject({ type: 'vendor', title: 'Dell' });

    const own = (await get(personKey, '/search?q=laptop&limit=100')).body.data as {
      type: string;
      id: number;
    }[];
    const ownAssets = own.filter((r) => r.type === 'asset').map((r) => r.id);
    const assigned = await h.t.handle.db
      .selectFrom('assets')
      .select('id')
      .where('assigned_to_user_id', '=', person.id)
      .execute();
    expect(ownAssets.length).toBeGreaterThan(0);
    for (const id of ownAssets) expect(assigned.map((a) => a.id)).toContain(id);
  });

  it('refuses a query that is too short or malformed', async () => {
    for (const q of ['?q=a', '?q=', '', '?q=ok&limit=1000', '?q=ok&types=DROP TABLE']) {
      const res = await h.api(staff, 'GET', `/search${q}`);
      expect(res.status, q).toBe(400);
      expect(errorBodySchema.parse(await res.json()).error.code).toBe('validation_failed');
    }
  });

  it('gives staff the whole sender card in one round trip', async () => {
    const { status, body } = await get(
      staff,
      `/people/${encodeURIComponent(person.email.toUpperCase())}/context`,
    );
    expect(status).toBe(200);
    const ctx = peopleContextSchema.parse(body.data);
    expect(ctx.person).toMatchObject({ id: person.id, email: person.email });
    expect(ctx.person?.manager?.id).toBe(person.manager_id);
    expect(ctx.assets.length).toBeGreaterThan(0);
    expect(ctx.softwareLicenses.length).toBeGreaterThan(0);
    expect(ctx.openTickets.length + ctx.recentTickets.length).toBeGreaterThan(0);
    for (const t of [...ctx.openTickets, ...ctx.recentTickets]) expect(t.displayNumber).toMatch(/^TKT-\d+$/);
  });

  it('says who is unknown, and filters by role', async () => {
    const unknown = peopleContextSchema.parse(
      (await get(staff, `/people/stranger@${TEST_DOMAIN}/context`)).body.data,
    );
    expect(unknown).toEqual({
      person: null,
      assets: [],
      softwareLicenses: [],
      openTickets: [],
      recentTickets: [],
      ticketForThread: null,
    });

    const self = peopleContextSchema.parse(
      (await get(personKey, `/people/${person.email}/context`)).body.data,
    );
    expect(self.assets.length).toBeGreaterThan(0);

    const colleague = await h.user('user');
    const seen = peopleContextSchema.parse(
      (await get(colleague.key, `/people/${person.email}/context`)).body.data,
    );
    expect(seen.person?.email).toBe(person.email);
    expect(seen.assets).toEqual([]);
    expect(seen.softwareLicenses).toEqual([]);
    expect(seen.openTickets).toEqual([]);

    const contact = await h.user('contact');
    expect((await h.api(contact.key, 'GET', `/people/${person.email}/context`)).status).toBe(403);
    expect((await h.api(staff, 'GET', '/people/not-an-email/context')).status).toBe(400);
  });
});
