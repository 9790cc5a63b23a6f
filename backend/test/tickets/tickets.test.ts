import { errorBodySchema, ticketSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, TEST_DOMAIN, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

const body = async <T>(res: Response): Promise<T> => ((await res.json()) as { data: T }).data;

describe.each(backends)('tickets on %s', (backend) => {
  let h: ApiHarness;
  let admin: Awaited<ReturnType<ApiHarness['user']>>;
  let agent: Awaited<ReturnType<ApiHarness['user']>>;
  let alice: Awaited<ReturnType<ApiHarness['user']>>;
  let bob: Awaited<ReturnType<ApiHarness['user']>>;
  let contact: Awaited<ReturnType<ApiHarness['user']>>;
  let statuses: { id: number; name: string }[];
  const status = (name: string) => statuses.find((s) => s.name === name)?.id ?? 0;
  const count = async (table: 'tickets' | 'audit_logs' | 'ticket_replies' | 'notifications') =>
    (
      await h.t.handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  beforeAll(async () => {
    h = await startApi(backend);
    admin = await h.user('admin');
    agent = await h.user('manager');
    alice = await h.user('user');
    bob = await h.user('user');
    contact = await h.user('contact');
    statuses = await body(await h.api(alice.key, 'GET', '/ticket-statuses?sort=displayOrder'));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('runs a ticket through its life: numbered, assigned, replied, resolved, rated, reopened, closed', async () => {
    const created = await h.api(alice.key, 'POST', '/tickets', {
      subject: 'Printer on 3rd floor jams',
      details: 'Every page.',
    });
    expect(created.status).toBe(201);
    const t = ticketSchema.parse(await body(created));
    expect(t).toMatchObject({
      displayNumber: `TKT-${t.number}`,
      status: { name: 'New' },
      relatedUser: { id: alice.user.id },
      priority: 'medium',
      source: 'portal',
    });

    const assigned = ticketSchema.parse(
      await body(
        await h.api(agent.key, 'PATCH', `/tickets/${t.id}`, {
          assignedToUserId: agent.user.id,
          statusId: status('In progress'),
        }),
      ),
    );
    expect(assigned.assignedTo?.id).toBe(agent.user.id);

    const internal = await h.api(agent.key, 'POST', `/tickets/${t.id}/replies`, {
      reply: 'Toner is fake, order new.',
      type: 'internal',
      timeSpentMinutes: 10,
    });
    expect(internal.status).toBe(201);
    const pub = await h.api(agent.key, 'POST', `/tickets/${t.id}/replies`, {
      reply: 'Replaced the toner.',
      type: 'public',
      timeSpentMinutes: 15,
    });
    expect(pub.status).toBe(201);
    const afterReplies = ticketSchema.parse(await body(await h.api(agent.key, 'GET', `/tickets/${t.id}`)));
    expect(afterReplies.timeSpentMinutes).toBe(25);
    expect(afterReplies.firstResponseAt).not.toBeNull();

    const resolved = ticketSchema.parse(
      await body(await h.api(agent.key, 'PATCH', `/tickets/${t.id}`, { statusId: status('Resolved') })),
    );
    expect(resolved.resolvedAt).not.toBeNull();
    expect(resolved.closedAt).toBeNull();
    const rated = await h.api(alice.key, 'POST', `/tickets/${t.id}/feedback`, {
      rating: 5,
      comment: 'Quick!',
    });
    expect(rated.status).toBe(200);
    const twice = await h.api(alice.key, 'POST', `/tickets/${t.id}/feedback`, { rating: 4 });
    expect(twice.status).toBe(409);

    const reopened = ticketSchema.parse(
      await body(await h.api(agent.key, 'PATCH', `/tickets/${t.id}`, { statusId: status('Open') })),
    );
    expect(reopened).toMatchObject({ resolvedAt: null, closedAt: null, closedByUserId: null });
    const closed = ticketSchema.parse(
      await body(await h.api(alice.key, 'PATCH', `/tickets/${t.id}`, { statusId: status('Closed') })),
    );
    expect(closed.closedAt).not.toBeNull();
    expect(closed.closedByUserId).toBe(alice.user.id);

    // Alice was told about the public reply and the status changes, never about the internal note.
    const notes = await body<{ type: string; message: string }[]>(
      await h.api(alice.key, 'GET', '/notifications'),
    );
    expect(notes.map((n) => n.type)).toContain('ticket_reply');
    expect(notes.map((n) => n.type)).toContain('ticket_status_changed');
    expect(notes.some((n) => n.message.includes('internal'))).toBe(false);
    const agentNotes = await body<{ type: string }[]>(await h.api(agent.key, 'GET', '/notifications'));
    expect(agentNotes.map((n) => n.type)).toContain('ticket_feedback');
  });

  it('keeps internal replies and other people’s tickets from users and contacts', async () => {
    const t = ticketSchema.parse(
      await body(
        await h.api(agent.key, 'POST', '/tickets', {
          subject: 'VPN for Alice',
          details: 'x',
          relatedUserId: alice.user.id,
          watcherUserIds: [contact.user.id],
        }),
      ),
    );
    await h.api(agent.key, 'POST', `/tickets/${t.id}/replies`, {
      reply: 'SECRET internal note',
      type: 'internal',
    });
    await h.api(agent.key, 'POST', `/tickets/${t.id}/replies`, { reply: 'We are on it', type: 'public' });

    for (const who of [alice, contact]) {
      const res = await h.api(who.key, 'GET', `/tickets/${t.id}`);
      expect(res.status).toBe(200);
      const text = JSON.stringify(await res.json());
      expect(text).toContain('We are on it');
      expect(text).not.toContain('SECRET');
      const replies = JSON.stringify(await (await h.api(who.key, 'GET', `/tickets/${t.id}/replies`)).json());
      expect(replies).not.toContain('SECRET');
      expect(
        (await h.api(who.key, 'POST', `/tickets/${t.id}/replies`, { reply: 'sneaky', type: 'internal' }))
          .status,
      ).toBe(403);
    }
    expect(JSON.stringify(await (await h.api(agent.key, 'GET', `/tickets/${t.id}`)).json())).toContain(
      'SECRET',
    );

    // Bob is no party: not in his list, 404 by id (existence does not leak), not even by thread.
    expect((await h.api(bob.key, 'GET', `/tickets/${t.id}`)).status).toBe(404);
    expect((await h.api(bob.key, 'PATCH', `/tickets/${t.id}`, { statusId: status('Closed') })).status).toBe(
      404,
    );
    const bobs = await body<{ id: number }[]>(await h.api(bob.key, 'GET', '/tickets?archived=all&limit=200'));
    expect(bobs.map((x) => x.id)).not.toContain(t.id);
    // Users and contacts cannot triage.
    expect((await h.api(alice.key, 'PATCH', `/tickets/${t.id}`, { priority: 'urgent' })).status).toBe(403);
    expect(
      (await h.api(contact.key, 'PATCH', `/tickets/${t.id}`, { statusId: status('Closed') })).status,
    ).toBe(403);
    expect(
      (
        await h.api(alice.key, 'POST', '/tickets', {
          subject: 'for bob',
          details: 'x',
          relatedUserId: bob.user.id,
        })
      ).status,
    ).toBe(403);
  });

  it('numbers 200 concurrent creates 1..N without gaps or duplicates', async () => {
    const before = await count('tickets');
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        h.api(i % 2 ? agent.key : alice.key, 'POST', '/tickets', { subject: `Load ${i}`, details: 'x' }),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const numbers = (
      await h.t.handle.db.selectFrom('tickets').select('number').orderBy('number').execute()
    ).map((r) => r.number);
    expect(numbers).toHaveLength(before + 200);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });

  it('numbers concurrent creates in groups: one that fails inside fails alone, the rest stay gap-free', async () => {
    const before = await count('tickets');
    const assignee = await h.user('manager'); // notified (the creator never is)
    const gmail = { messageId: 'msg-group-1', threadId: 'thread-group-1' };
    // Creates arriving together share a transaction; two of them file one Gmail message, so the
    // second's insert fails inside that transaction (the unique index) after every check passed.
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        h.api(agent.key, 'POST', '/tickets', {
          subject: `Group ${i}`,
          details: 'x',
          assignedToUserId: assignee.user.id,
          ...(i === 7 || i === 21 ? { gmail } : {}),
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30 - 1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1); // the second filing: the first's ticket
    expect(await count('tickets')).toBe(before + 29);
    const numbers = (
      await h.t.handle.db.selectFrom('tickets').select('number').orderBy('number').execute()
    ).map((r) => r.number);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    // The rows written by the numbering statement quote the real number.
    const made = ticketSchema.parse(await body(results[3] as Response));
    const audit = await h.t.handle.db
      .selectFrom('audit_logs')
      .select('new_value')
      .where('entity_type', '=', 'ticket')
      .where('entity_id', '=', Number(made.id))
      .where('action', '=', 'create')
      .executeTakeFirstOrThrow();
    expect((audit.new_value as { number: number }).number).toBe(made.number);
    const note = await h.t.handle.db
      .selectFrom('notifications')
      .select(['message', 'email_data'])
      .where('entity_type', '=', 'ticket')
      .where('entity_id', '=', Number(made.id))
      .executeTakeFirstOrThrow();
    expect(note.message).toBe(`${made.displayNumber} was assigned to you: Group 3`);
    expect(note.email_data === null || typeof note.email_data === 'object').toBe(true);
  });

  it('makes exactly one ticket from 50 concurrent retries of one Gmail message', async () => {
    const gmail = {
      messageId: 'msg-concurrent-1',
      threadId: 'thread-concurrent-1',
      rfc822MessageId: '<abc@mail.example>',
    };
    const before = await count('tickets');
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        h.api(agent.key, 'POST', '/tickets', {
          subject: 'From email',
          details: 'Body',
          source: 'email',
          relatedUserEmail: `sender@${TEST_DOMAIN}`,
          gmail,
        }),
      ),
    );
    const statusesSeen = results.map((r) => r.status);
    expect(statusesSeen.filter((s) => s === 201)).toHaveLength(1);
    expect(statusesSeen.every((s) => s === 201 || s === 200)).toBe(true);
    const ids = new Set(await Promise.all(results.map(async (r) => ticketSchema.parse(await body(r)).id)));
    expect(ids.size).toBe(1);
    expect(await count('tickets')).toBe(before + 1);
    const byThread = ticketSchema.parse(
      await body(await h.api(agent.key, 'GET', '/tickets/by-gmail-thread/thread-concurrent-1')),
    );
    expect(ids.has(byThread.id)).toBe(true);
    // The unknown sender became a contact, once.
    const senders = await h.t.handle.db
      .selectFrom('organization_users')
      .selectAll()
      .where('email', '=', `sender@${TEST_DOMAIN}`)
      .execute();
    expect(senders).toHaveLength(1);
    expect(senders[0]?.role).toBe('contact');
    // Adding the same message as a reply twice stores it once.
    const reply = { reply: 'Follow-up mail', type: 'public', gmail: { messageId: 'msg-followup' } };
    expect((await h.api(agent.key, 'POST', `/tickets/${byThread.id}/replies`, reply)).status).toBe(201);
    expect((await h.api(agent.key, 'POST', `/tickets/${byThread.id}/replies`, reply)).status).toBe(200);
    const replies = await h.t.handle.db
      .selectFrom('ticket_replies')
      .selectAll()
      .where('gmail_message_id', '=', 'msg-followup')
      .execute();
    expect(replies).toHaveLength(1);
  });

  it('replays an Idempotency-Key and refuses it for another body', async () => {
    const send = (subject: string) =>
      fetch(`${h.url}/api/v1/tickets`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${agent.key}`,
          'content-type': 'application/json',
          'idempotency-key': 'create-123',
        },
        body: JSON.stringify({ subject, details: 'x' }),
      });
    const before = await count('tickets');
    const [a, b] = await Promise.all([send('Same'), send('Same')]);
    expect([a.status, b.status].sort()).toEqual([201, 201]);
    expect(ticketSchema.parse(await body(a)).id).toBe(ticketSchema.parse(await body(b)).id);
    expect(await count('tickets')).toBe(before + 1);
    const other = await send('Different');
    expect(other.status).toBe(409);
    expect(errorBodySchema.parse(await other.json()).error.code).toBe('conflict');
  });

  it('refuses bad input with the error shape and writes nothing', async () => {
    const open = ticketSchema.parse(
      await body(await h.api(agent.key, 'POST', '/tickets', { subject: 'Target', details: 'x' })),
    );
    const archived = ticketSchema.parse(
      await body(await h.api(agent.key, 'POST', '/tickets', { subject: 'Old', details: 'x' })),
    );
    await h.api(agent.key, 'POST', `/tickets/${archived.id}/archive`);
    const before = {
      tickets: await count('tickets'),
      audits: await count('audit_logs'),
      replies: await count('ticket_replies'),
    };
    const expectError = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      expect(errorBodySchema.parse(await res.json()).error.code).toBe(code);
    };
    await expectError(
      await h.api(agent.key, 'POST', '/tickets', { details: 'no subject' }),
      400,
      'validation_failed',
    );
    await expectError(
      await h.api(agent.key, 'POST', '/tickets', { subject: 'x', details: 'x', priority: 'whenever' }),
      400,
      'validation_failed',
    );
    await expectError(
      await h.api(agent.key, 'POST', '/tickets', { subject: 'x', details: 'x', statusId: 999999 }),
      400,
      'validation_failed',
    );
    await expectError(
      await h.api(agent.key, 'POST', '/tickets', { subject: 'x', details: 'x', watcherUserIds: [999999] }),
      400,
      'validation_failed',
    );
    await expectError(
      await h.api(agent.key, 'POST', '/tickets', {
        subject: 'x',
        details: 'x',
        assignedToUserId: alice.user.id,
      }),
      400,
      'validation_failed',
    );
    await expectError(
      await h.api(agent.key, 'POST', '/tickets', { subject: 'x', details: 'x', assetIds: [-1] }),
      400,
      'validation_failed',
    );
    await expectError(
      await h.api(agent.key, 'PATCH', `/tickets/${open.id}`, { statusId: 999999 }),
      400,
      'validation_failed',
    );
    await expectError(
      await h.api(agent.key, 'PATCH', `/tickets/${open.id}`, { bogus: 1 }),
      400,
      'validation_failed',
    );
    await expectError(
      await h.api(agent.key, 'POST', `/tickets/${archived.id}/replies`, { reply: 'late' }),
      409,
      'conflict',
    );
    await expectError(
      await h.api(agent.key, 'POST', `/tickets/${open.id}/replies`, { reply: '' }),
      400,
      'validation_failed',
    );
    await expectError(
      await h.api(agent.key, 'PUT', `/tickets/${open.id}/watchers/999999`),
      400,
      'validation_failed',
    );
    await expectError(
      await h.api(alice.key, 'POST', `/tickets/${open.id}/feedback`, { rating: 9 }),
      400,
      'validation_failed',
    );
    // The agent filed it, so is its requester, but it is not resolved yet.
    await expectError(
      await h.api(agent.key, 'POST', `/tickets/${open.id}/feedback`, { rating: 5 }),
      409,
      'conflict',
    );
    expect(await count('tickets')).toBe(before.tickets);
    expect(await count('audit_logs')).toBe(before.audits);
    expect(await count('ticket_replies')).toBe(before.replies);
  });

  it('filters lists and shows a shared link without authentication, public replies only', async () => {
    const t = ticketSchema.parse(
      await body(
        await h.api(agent.key, 'POST', '/tickets', {
          subject: 'Shared screen broken',
          details: 'x',
          priority: 'urgent',
          relatedUserId: bob.user.id,
          assignedToUserId: agent.user.id,
        }),
      ),
    );
    await h.api(agent.key, 'POST', `/tickets/${t.id}/replies`, {
      reply: 'hidden staff note',
      type: 'internal',
    });
    await h.api(agent.key, 'POST', `/tickets/${t.id}/replies`, { reply: 'visible answer', type: 'public' });
    const mine = await body<{ id: number }[]>(
      await h.api(agent.key, 'GET', '/tickets?assignedTo=me&priority=urgent&status=open'),
    );
    expect(mine.map((x) => x.id)).toContain(t.id);
    const byEmail = await body<{ id: number }[]>(
      await h.api(agent.key, 'GET', `/tickets?relatedUser=${encodeURIComponent(bob.user.email)}`),
    );
    expect(byEmail.map((x) => x.id)).toEqual([t.id]);
    const byNumber = await body<{ id: number }[]>(
      await h.api(agent.key, 'GET', `/tickets?q=${t.displayNumber}`),
    );
    expect(byNumber.map((x) => x.id)).toContain(t.id);
    const closedOnly = await body<{ id: number }[]>(
      await h.api(agent.key, 'GET', '/tickets?status=closed&limit=200'),
    );
    expect(closedOnly.map((x) => x.id)).not.toContain(t.id);

    expect(t.urlKey).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const shared = await fetch(`${h.url}/api/v1/tickets/shared/${t.urlKey}`);
    expect(shared.status).toBe(200);
    const text = await shared.text();
    expect(text).toContain('visible answer');
    expect(text).not.toContain('hidden staff note');
    expect(text).not.toContain(bob.user.email);
    expect((await fetch(`${h.url}/api/v1/tickets/shared/${'x'.repeat(43)}`)).status).toBe(404);
  });

  it('keeps statuses in use from being deleted (archive instead), and admins alone shape them', async () => {
    expect((await h.api(agent.key, 'POST', '/ticket-statuses', { name: 'On hold' })).status).toBe(403);
    const created = await body<{ id: number }>(
      await h.api(admin.key, 'POST', '/ticket-statuses', { name: 'On hold', color: '#aa00aa' }),
    );
    const t = ticketSchema.parse(
      await body(
        await h.api(agent.key, 'POST', '/tickets', { subject: 'held', details: 'x', statusId: created.id }),
      ),
    );
    expect(t.status.name).toBe('On hold');
    expect((await h.api(admin.key, 'DELETE', `/ticket-statuses/${created.id}`)).status).toBe(409);
    expect((await h.api(admin.key, 'POST', `/ticket-statuses/${created.id}/archive`)).status).toBe(200);
    expect(
      (await h.api(agent.key, 'POST', '/tickets', { subject: 'x', details: 'x', statusId: created.id }))
        .status,
    ).toBe(400);
  });
});
