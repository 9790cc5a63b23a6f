import { peopleContextSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DOMAIN, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { startDemoApi, type DemoApi } from '../support/demo-org.ts';

describe.each(backends)('people context on %s (demo organization)', (backend) => {
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
      groups: [],
      orgUnit: null,
      counts: { openTickets: 0, devices: 0, licenses: 0 },
      vendor: null,
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
