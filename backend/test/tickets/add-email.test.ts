import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

interface TicketBody {
  data: { id: number; firstResponseAt: string | null };
}
interface ReplyBody {
  data: { id: number; type: string; createdBy: { id: number; email?: string } | null };
}
interface ErrorBody {
  error: { code: string; message: string };
}

/** "Add email to ticket" from the add-on (issue 12, defect 2): the email is its sender's message. */
describe.each(backends)('adding an email to a ticket on %s', (backend) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi(backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  const notified = async (ticketId: number) =>
    (
      await h.t.handle.db
        .selectFrom('notifications')
        .select('user_id')
        .where('entity_type', '=', 'ticket')
        .where('entity_id', '=', ticketId)
        .where('type', '=', 'ticket_reply')
        .execute()
    ).map((n) => n.user_id);

  it('records the email as the sender’s, stamps no first response, notifies the assignee and not the sender', async () => {
    const staff = await h.user('manager');
    const assignee = await h.user('manager');
    const requester = await h.user('user');
    const filed = await h.api(staff.key, 'POST', '/tickets', {
      subject: 'Laptop fan',
      details: 'Loud',
      relatedUserId: requester.user.id,
      assignedToUserId: assignee.user.id,
    });
    const ticket = ((await filed.json()) as TicketBody).data;
    const res = await h.api(staff.key, 'POST', `/tickets/${ticket.id}/replies`, {
      reply: 'It is still loud',
      type: 'public',
      author: 'sender',
      gmail: { messageId: 'ae-1', threadId: 'tae', from: requester.user.email },
    });
    expect(res.status).toBe(201);
    const reply = ((await res.json()) as ReplyBody).data;
    expect(reply.createdBy?.id).toBe(requester.user.id);
    const row = await h.t.handle.db
      .selectFrom('ticket_replies')
      .select(['created_by_user_id', 'gmail_message_id'])
      .where('id', '=', reply.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ created_by_user_id: requester.user.id, gmail_message_id: 'ae-1' });
    const after = ((await (await h.api(staff.key, 'GET', `/tickets/${ticket.id}`)).json()) as TicketBody)
      .data;
    expect(after.firstResponseAt).toBeNull();
    expect(await notified(ticket.id)).toEqual([assignee.user.id]);
    // The same message again: the same reply, nothing new.
    const again = await h.api(staff.key, 'POST', `/tickets/${ticket.id}/replies`, {
      reply: 'It is still loud',
      type: 'public',
      author: 'sender',
      gmail: { messageId: 'ae-1', threadId: 'tae', from: requester.user.email },
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as ReplyBody).data.id).toBe(reply.id);
    expect(await notified(ticket.id)).toEqual([assignee.user.id]);
  });

  it('makes an unknown sender a contact, and a plain staff reply still is a first response', async () => {
    const staff = await h.user('manager');
    const filed = await h.api(staff.key, 'POST', '/tickets', { subject: 'Vendor', details: 'x' });
    const ticket = ((await filed.json()) as TicketBody).data;
    const res = await h.api(staff.key, 'POST', `/tickets/${ticket.id}/replies`, {
      reply: 'Quote attached',
      author: 'sender',
      gmail: { messageId: 'ae-2', from: 'sales@vendor.example' },
    });
    expect(res.status).toBe(201);
    const contact = await h.t.handle.db
      .selectFrom('organization_users')
      .select(['id', 'role'])
      .where('email', '=', 'sales@vendor.example')
      .executeTakeFirstOrThrow();
    expect(contact.role).toBe('contact');
    expect(((await res.json()) as ReplyBody).data.createdBy?.id).toBe(contact.id);
    await h.api(staff.key, 'POST', `/tickets/${ticket.id}/replies`, { reply: 'Thanks', type: 'public' });
    const after = ((await (await h.api(staff.key, 'GET', `/tickets/${ticket.id}`)).json()) as TicketBody)
      .data;
    expect(after.firstResponseAt).not.toBeNull();
  });

  it('refuses author=sender from a plain user (403), without gmail.from or as an internal note (400)', async () => {
    const user = await h.user('user');
    const staff = await h.user('manager');
    const mine = (
      (await (await h.api(user.key, 'POST', '/tickets', { subject: 'S', details: 'd' })).json()) as TicketBody
    ).data;
    const asUser = await h.api(user.key, 'POST', `/tickets/${mine.id}/replies`, {
      reply: 'x',
      author: 'sender',
      gmail: { messageId: 'ae-3', from: staff.user.email },
    });
    expect(asUser.status).toBe(403);
    const noFrom = await h.api(staff.key, 'POST', `/tickets/${mine.id}/replies`, {
      reply: 'x',
      author: 'sender',
      gmail: { messageId: 'ae-4' },
    });
    expect(noFrom.status).toBe(400);
    const internal = await h.api(staff.key, 'POST', `/tickets/${mine.id}/replies`, {
      reply: 'x',
      type: 'internal',
      author: 'sender',
      gmail: { messageId: 'ae-5', from: user.user.email },
    });
    expect(internal.status).toBe(400);
  });

  it('refuses another mailbox’s copy of the email that made ticket A as a reply on ticket B (409)', async () => {
    const one = await h.user('manager');
    const two = await h.user('manager');
    const rfc = '<opening@mail.example>';
    const a = (
      (await (
        await h.api(one.key, 'POST', '/tickets', {
          subject: 'A',
          details: 'x',
          gmail: { messageId: 'oa-1', threadId: 'toa', rfc822MessageId: rfc },
        })
      ).json()) as TicketBody
    ).data;
    const b = (
      (await (await h.api(two.key, 'POST', '/tickets', { subject: 'B', details: 'y' })).json()) as TicketBody
    ).data;
    const res = await h.api(two.key, 'POST', `/tickets/${b.id}/replies`, {
      reply: 'the opening email',
      author: 'sender',
      gmail: { messageId: 'ob-9', threadId: 'tob', rfc822MessageId: rfc, from: one.user.email },
    });
    expect(res.status).toBe(409);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('conflict');
    expect(body.error.message).toContain('TKT-');
    expect(a.id).not.toBe(b.id);
  });
});
