// What the add-on's second pass asks of the backend (issue 12): a later message of a ticketed Gmail
// thread is refused as a second ticket (409 thread_has_ticket) unless `separate: true`; tags and
// watchers by email on create; the form's options in one round trip; and the people context's real
// totals beside its capped lists and the vendor at an unknown sender's domain.
import { errorBodySchema, peopleContextSchema, ticketFormOptionsSchema, ticketSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, TEST_DOMAIN, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

type Who = Awaited<ReturnType<ApiHarness['user']>>;

describe.each(backends)('add-on filing on %s', (backend) => {
  let h: ApiHarness;
  let staff: Who;
  let user: Who;
  let colleague: Who;

  beforeAll(async () => {
    h = await startApi(backend);
    staff = await h.user('manager', `it-filing@${TEST_DOMAIN}`, { first_name: 'Ivan', last_name: 'Tech' });
    user = await h.user('user', `ada-filing@${TEST_DOMAIN}`);
    colleague = await h.user('user', `grace-filing@${TEST_DOMAIN}`);
  });
  afterAll(async () => {
    await h?.close();
  });

  const post = (who: Who, body: Record<string, unknown>) => h.api(who.key, 'POST', '/tickets', body);
  const gmail = (messageId: string, threadId = 'thread-filing-1') => ({ messageId, threadId });
  const count = async () =>
    Number(
      (
        await h.t.handle.db
          .selectFrom('tickets')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses a later message of a ticketed thread as a second ticket unless separate: true', async () => {
    const first = await post(staff, { subject: 'Scanner', details: 'offline', gmail: gmail('m-1') });
    expect(first.status).toBe(201);
    const ticket = ticketSchema.parse(((await first.json()) as { data: unknown }).data);

    // The same message again: the ticket it made (200), guard or not.
    const again = await post(staff, { subject: 'Scanner', details: 'edited', gmail: gmail('m-1') });
    expect(again.status).toBe(200);

    const before = await count();
    const later = await post(staff, { subject: 'Re: Scanner', details: 'still', gmail: gmail('m-2') });
    expect(later.status).toBe(409);
    const body = errorBodySchema.parse(await later.json());
    expect(body.error.code).toBe('thread_has_ticket');
    expect(body.error.message).toContain(ticket.displayNumber);
    expect(body.error.details?.[0]).toEqual({
      path: 'gmail.threadId',
      message: `already ${ticket.displayNumber} (id ${ticket.id})`,
    });
    expect(await count()).toBe(before);

    const separate = await post(staff, {
      subject: 'Other problem',
      details: 'not the scanner',
      gmail: gmail('m-2'),
      separate: true,
    });
    expect(separate.status).toBe(201);
    expect(await count()).toBe(before + 1);

    // Thread ids are per mailbox: the same id in someone else's mailbox is another thread.
    const elsewhere = await post(user, { subject: 'Mine', details: 'x', gmail: gmail('m-9') });
    expect(elsewhere.status).toBe(201);
  });

  it('puts ticket tags on and makes known CC addresses watchers, skipping unknown ones', async () => {
    const db = h.t.handle.db;
    const tag = await db
      .insertInto('tags')
      .values({ organization_id: h.organizationId, name: 'printer', type: 'ticket' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const assetTag = await db
      .insertInto('tags')
      .values({ organization_id: h.organizationId, name: 'laptop', type: 'asset' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await post(staff, {
      subject: 'Jam',
      details: 'paper',
      tagIds: [tag.id],
      watcherEmails: [colleague.user.email.toUpperCase(), 'outsider@elsewhere.example'],
    });
    expect(res.status).toBe(201);
    const ticket = ticketSchema.parse(((await res.json()) as { data: unknown }).data);
    expect(ticket.tags.map((t) => t.id)).toEqual([tag.id]);
    expect(ticket.watcherUserIds).toEqual([colleague.user.id]);

    const before = await count();
    const bad = await post(staff, { subject: 'Jam', details: 'x', tagIds: [assetTag.id] });
    expect(bad.status).toBe(400);
    expect(errorBodySchema.parse(await bad.json()).error.details?.[0]?.path).toBe('tagIds');
    expect(await count()).toBe(before);

    // Only staff set tags and watchers.
    expect((await post(user, { subject: 'x', details: 'x', tagIds: [tag.id] })).status).toBe(403);
    expect((await post(user, { subject: 'x', details: 'x', watcherEmails: [staff.user.email] })).status).toBe(
      403,
    );
  });

  it('gives staff the form options in one request: assignees, categories in use, ticket tags', async () => {
    await post(staff, { subject: 'a', details: 'x', category: 'Hardware' });
    await post(staff, { subject: 'b', details: 'x', category: 'Hardware' });
    await post(staff, { subject: 'c', details: 'x', category: 'Access' });
    const res = await h.api(staff.key, 'GET', '/ticket-form-options');
    expect(res.status).toBe(200);
    const options = ticketFormOptionsSchema.parse(((await res.json()) as { data: unknown }).data);
    expect(options.assignees.map((a) => a.email)).toContain(staff.user.email);
    expect(options.assignees.map((a) => a.email)).not.toContain(user.user.email);
    expect(options.categories.slice(0, 2)).toEqual(['Hardware', 'Access']);
    expect(options.tags.map((t) => t.name)).toContain('printer');
    expect(options.tags.map((t) => t.name)).not.toContain('laptop');
    expect((await h.api(user.key, 'GET', '/ticket-form-options')).status).toBe(403);
  });

  it('counts what the capped context lists hold, and finds the vendor at an unknown domain', async () => {
    const db = h.t.handle.db;
    const person = await h.user('user', `many-devices@${TEST_DOMAIN}`);
    const assets = await db
      .insertInto('assets')
      .values(
        Array.from({ length: 57 }, (_, i) => ({
          organization_id: h.organizationId,
          name: `Device ${String(i).padStart(2, '0')}`,
          asset_type: 'computer',
          assigned_to_user_id: person.user.id,
        })),
      )
      .returning('id')
      .execute();
    // Assigned and linked: counted once.
    await db
      .insertInto('user_assets')
      .values({ user_id: person.user.id, asset_id: assets[0]?.id ?? 0 })
      .execute();
    for (let i = 0; i < 3; i++)
      await post(staff, { subject: `t${i}`, details: 'x', relatedUserEmail: person.user.email });

    const ctx = peopleContextSchema.parse(
      (
        (await (await h.api(staff.key, 'GET', `/people/${person.user.email}/context`)).json()) as {
          data: unknown;
        }
      ).data,
    );
    expect(ctx.assets).toHaveLength(50);
    expect(ctx.counts).toEqual({ openTickets: 3, devices: 57, licenses: 0 });

    // A colleague sees the directory card: nothing of theirs counted.
    const seen = peopleContextSchema.parse(
      (
        (await (await h.api(colleague.key, 'GET', `/people/${person.user.email}/context`)).json()) as {
          data: unknown;
        }
      ).data,
    );
    expect(seen.counts).toEqual({ openTickets: 0, devices: 0, licenses: 0 });

    const vendor = await db
      .insertInto('vendors')
      .values({
        organization_id: h.organizationId,
        name: 'Acme Printers',
        website: 'https://www.printers.example/support',
        phone: '+1 555 0100',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const contact = await h.user('contact', 'rep@printers.example', { first_name: 'Pat', last_name: 'Rep' });
    const unknown = peopleContextSchema.parse(
      (
        (await (await h.api(staff.key, 'GET', '/people/sales@printers.example/context')).json()) as {
          data: unknown;
        }
      ).data,
    );
    expect(unknown.person).toBeNull();
    expect(unknown.vendor).toMatchObject({
      id: vendor.id,
      name: 'Acme Printers',
      phone: '+1 555 0100',
      contacts: [{ id: contact.user.id, name: 'Pat Rep', email: 'rep@printers.example' }],
    });
    const none = peopleContextSchema.parse(
      (
        (await (await h.api(staff.key, 'GET', '/people/who@nowhere.example/context')).json()) as {
          data: unknown;
        }
      ).data,
    );
    expect(none.vendor).toBeNull();
  });
});
