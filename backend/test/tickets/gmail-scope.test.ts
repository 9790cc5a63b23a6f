import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

interface TicketBody {
  data: { id: number; urlKey: string | null; subject: string };
}
interface ErrorBody {
  error: { code: string; message: string };
}

/** Exactly once per email, without handing anyone a ticket they may not read (issue 11, #3). */
describe.each(backends)('tickets from Gmail messages on %s', (backend) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi(backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  const file = (key: string, subject: string, gmail: object) =>
    h.api(key, 'POST', '/tickets', { subject, details: 'From Gmail', source: 'addon', gmail });

  it('scopes a message id to the mailbox it belongs to: another user sending it gets nothing of the first ticket', async () => {
    const alice = await h.user('user');
    const mallory = await h.user('user');
    const first = await file(alice.key, 'Printer jammed', { messageId: 'm-1', threadId: 't-1' });
    expect(first.status).toBe(201);
    const firstTicket = ((await first.json()) as TicketBody).data;
    // Mallory replays Alice's message id: she files her own ticket, and learns nothing of Alice's.
    const replay = await file(mallory.key, 'Anything', { messageId: 'm-1', threadId: 't-1' });
    expect(replay.status).toBe(201);
    const theirs = ((await replay.json()) as TicketBody).data;
    expect(theirs.id).not.toBe(firstTicket.id);
    expect(theirs.urlKey).not.toBe(firstTicket.urlKey);
    expect(theirs.subject).toBe('Anything');
    expect((await h.api(mallory.key, 'GET', `/tickets/${firstTicket.id}`)).status).toBe(404);
    // Alice filing her message again still gets her ticket, once.
    const again = await file(alice.key, 'Printer jammed', { messageId: 'm-1', threadId: 't-1' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as TicketBody).data.id).toBe(firstTicket.id);
  });

  it('does not let a claimed message id or Message-ID hijack a staff filing', async () => {
    const mallory = await h.user('user');
    const staffMember = await h.user('manager');
    await file(mallory.key, 'Fake', {
      messageId: 'support-1',
      threadId: 'st-1',
      rfc822MessageId: '<real@mail.example>',
    });
    const staff = await file(staffMember.key, 'The real request', {
      messageId: 'support-1',
      threadId: 'st-1',
      rfc822MessageId: '<real@mail.example>',
    });
    expect(staff.status).toBe(201);
    expect(((await staff.json()) as TicketBody).data.subject).toBe('The real request');
  });

  it('ties copies of one email in staff mailboxes together by Message-ID, for whoever may read it', async () => {
    const one = await h.user('manager');
    const two = await h.user('manager');
    const requester = await h.user('user');
    const stranger = await h.user('user');
    const rfc = '<shared@mail.example>';
    const first = await h.api(one.key, 'POST', '/tickets', {
      subject: 'VPN down',
      details: 'x',
      relatedUserId: requester.user.id,
      gmail: { messageId: 'a-1', threadId: 'ta', rfc822MessageId: rfc },
    });
    const ticket = ((await first.json()) as TicketBody).data;
    // Another staff member opens their own copy of the same email: the same ticket.
    const copy = await file(two.key, 'VPN down', { messageId: 'b-7', threadId: 'tb', rfc822MessageId: rfc });
    expect(copy.status).toBe(200);
    expect(((await copy.json()) as TicketBody).data.id).toBe(ticket.id);
    // The requester (a party) filing their copy gets it too; a stranger gets a ticket of their own.
    const mine = await file(requester.key, 'VPN', { messageId: 'c-1', threadId: 'tc', rfc822MessageId: rfc });
    expect(mine.status).toBe(200);
    expect(((await mine.json()) as TicketBody).data.id).toBe(ticket.id);
    const other = await file(stranger.key, 'VPN', { messageId: 'd-1', threadId: 'td', rfc822MessageId: rfc });
    expect(other.status).toBe(201);
    expect(((await other.json()) as TicketBody).data.id).not.toBe(ticket.id);
  });

  it('answers 409 without content when the caller lost access to the ticket their message made', async () => {
    const contact = await h.user('contact');
    const staff = await h.user('manager');
    const someone = await h.user('user');
    const made = await file(contact.key, 'Invoice question', { messageId: 'k-1', threadId: 'tk' });
    const ticket = ((await made.json()) as TicketBody).data;
    expect(
      (await h.api(staff.key, 'PATCH', `/tickets/${ticket.id}`, { relatedUserId: someone.user.id })).status,
    ).toBe(200);
    const again = await file(contact.key, 'Invoice question', { messageId: 'k-1', threadId: 'tk' });
    expect(again.status).toBe(409);
    const text = await again.text();
    expect((JSON.parse(text) as ErrorBody).error.code).toBe('conflict');
    expect(text).not.toContain(String(ticket.urlKey));
    expect(text).not.toContain('Invoice question');
  });

  it('refuses the email a ticket was made from as a reply on another ticket (409)', async () => {
    const staff = await h.user('manager');
    const a = (
      (await (await file(staff.key, 'A', { messageId: 'r-1', threadId: 'tr' })).json()) as TicketBody
    ).data;
    const b = (
      (await (await file(staff.key, 'B', { messageId: 'r-2', threadId: 'tr2' })).json()) as TicketBody
    ).data;
    const res = await h.api(staff.key, 'POST', `/tickets/${b.id}/replies`, {
      reply: 'the first email',
      type: 'public',
      gmail: { messageId: 'r-1', threadId: 'tr' },
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorBody).error.message).toContain('TKT-');
    expect(a.id).not.toBe(b.id);
  });
});
