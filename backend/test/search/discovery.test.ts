import { errorBodySchema, peopleContextSchema, searchResultSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoInto } from '../../src/modules/demo/seed-demo.ts';
import { findOrganization } from '../../src/core/queries/organizations.ts';
import { startApi, TEST_DOMAIN, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

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
    const { createApiKey } = await import('../../src/modules/identity/commands/api-keys.ts');
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

  it('finds the ticket made from a Gmail thread, for those who may see it', async () => {
    const ticket = await h.t.handle.db
      .selectFrom('tickets')
      .select(['id'])
      .where('related_user_id', '=', person.id)
      .executeTakeFirstOrThrow();
    await h.t.handle.db
      .updateTable('tickets')
      .set({ gmail_thread_id: 'thread-42', gmail_message_id: 'msg-42' })
      .where('id', '=', ticket.id)
      .execute();
    const path = `/people/${person.email}/context?threadId=thread-42`;
    expect(peopleContextSchema.parse((await get(staff, path)).body.data).ticketForThread?.id).toBe(ticket.id);
    expect(peopleContextSchema.parse((await get(personKey, path)).body.data).ticketForThread?.id).toBe(
      ticket.id,
    );
    const outsider = await h.user('user');
    expect(peopleContextSchema.parse((await get(outsider.key, path)).body.data).ticketForThread).toBeNull();
    const unknownSender = peopleContextSchema.parse(
      (await get(staff, `/people/nobody@${TEST_DOMAIN}/context?threadId=thread-42`)).body.data,
    );
    expect(unknownSender.person).toBeNull();
    expect(unknownSender.ticketForThread?.id).toBe(ticket.id);
    expect(
      peopleContextSchema.parse(
        (await get(staff, `/people/${person.email}/context?threadId=other`)).body.data,
      ).ticketForThread,
    ).toBeNull();
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
