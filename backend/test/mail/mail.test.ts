import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault } from '../../src/core/crypto/vault.ts';
import { diskFileStorage } from '../../src/core/storage/disk.ts';
import {
  MAIL_POLL_QUEUE,
  MAIL_SEND_QUEUE,
  pollMailbox,
  sendPendingMail,
  type IngestDeps,
  type MailTransport,
} from '../../src/modules/mail/index.ts';
import { mailJobs } from '../../src/modules/mail/jobs/mail.ts';
import { moduleContext } from '../../src/context.ts';
import { createLogger } from '../../src/core/logger.ts';
import { notify } from '../../src/modules/notifications/index.ts';
import { startApi, TEST_DOMAIN, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

const SUPPORT = `it@${TEST_DOMAIN}`;
const ALICE = 'alice@vendor.example';

/** An RFC 822 message as a mail client would send it (CRLF line ends). */
function email(fields: {
  from: string;
  to?: string;
  subject: string;
  messageId: string;
  body?: string;
  inReplyTo?: string;
  headers?: string[];
  attachment?: { name: string; type: string; content: string };
}): string {
  const boundary = 'b-helios-test';
  const head = [
    `From: ${fields.from}`,
    `To: ${fields.to ?? SUPPORT}`,
    `Subject: ${fields.subject}`,
    `Message-ID: ${fields.messageId}`,
    'Date: Tue, 01 Dec 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    ...(fields.inReplyTo ? [`In-Reply-To: ${fields.inReplyTo}`, `References: ${fields.inReplyTo}`] : []),
    ...(fields.headers ?? []),
  ];
  const text = fields.body ?? 'Hello';
  if (!fields.attachment) {
    return [...head, 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\r\n');
  }
  return [
    ...head,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    `--${boundary}`,
    `Content-Type: ${fields.attachment.type}; name="${fields.attachment.name}"`,
    `Content-Disposition: attachment; filename="${fields.attachment.name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(fields.attachment.content).toString('base64'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

describe.each(backends)('mail on %s', (backend) => {
  let h: ApiHarness;
  let admin: string;
  let staff: { id: number; key: string; email: string };
  let watcher: { id: number; key: string; email: string };
  let deps: IngestDeps;

  const send = (transport?: MailTransport) => sendPendingMail(deps, transport ? { transport } : {});
  const poll = () => pollMailbox(deps);
  const sentTo = (address: string) =>
    h.simulator.gmail.sent.filter((s) => s.raw.toString('utf8').includes(`To: ${address}`));
  const ticketsCount = async () =>
    Number(
      (
        await h.t.handle.db
          .selectFrom('tickets')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const pendingEmails = async () =>
    Number(
      (
        await h.t.handle.db
          .selectFrom('notifications')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('email_status', '=', 'pending')
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    h = await startApi(backend);
    admin = (await h.user('admin')).key;
    const s = await h.user('manager', `helpdesk@${TEST_DOMAIN}`);
    staff = { id: s.user.id, key: s.key, email: s.user.email };
    const w = await h.user('user', `watcher@${TEST_DOMAIN}`);
    watcher = { id: w.user.id, key: w.key, email: w.user.email };
    const google = await h.api(admin, 'PUT', '/settings/google', {
      serviceAccountKey: h.simulator.serviceAccountKey(),
      adminEmail: h.simulator.adminEmail,
    });
    expect(google.status).toBe(200);
    h.simulator.gmail.mailbox(SUPPORT);
    h.simulator.gmail.mailbox(ALICE);
    const saved = await h.api(admin, 'PUT', '/settings/mail', {
      transport: 'gmail',
      fromAddress: SUPPORT,
      watchMailbox: SUPPORT,
      consoleUrl: 'https://helios.acme.example',
      denyDomains: ['spam.example'],
    });
    expect(saved.status, await saved.clone().text()).toBe(200);
    deps = {
      db: h.t.handle.db,
      vault: createVault({ encryptionKeys: h.encryptionKeys, dataDir: h.dataDir }),
      organizationId: h.organizationId,
      googleApiOrigin: h.simulator.origin,
      storage: diskFileStorage(join(h.dataDir, 'files')),
    };
  });
  afterAll(async () => {
    await h?.close();
  });

  it('settings: admin only, validated, the password never shown', async () => {
    expect((await h.api(staff.key, 'GET', '/settings/mail')).status).toBe(403);
    const bad = await h.api(admin, 'PUT', '/settings/mail', { transport: 'smtp', fromAddress: SUPPORT });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    const shown = (await (await h.api(admin, 'GET', '/settings/mail')).json()) as {
      data: { transport: string; watchMailbox: string; smtp: unknown };
    };
    // The refused PUT changed nothing.
    expect(shown.data).toMatchObject({ transport: 'gmail', watchMailbox: SUPPORT, smtp: null });
  });

  it('a new message in the support mailbox becomes one ticket from its sender, with its attachment', async () => {
    h.simulator.gmail.deliver(
      SUPPORT,
      email({
        from: `Alice Ng <${ALICE}>`,
        subject: 'Printer on 3rd floor =?utf-8?q?br=C3=BBl=C3=A9?=',
        messageId: '<m1@vendor.example>',
        body: 'It <b>jams</b> every morning.',
        attachment: { name: 'jam.txt', type: 'text/plain', content: 'paper jam log' },
      }),
    );
    const result = await poll();
    expect(result).toMatchObject({ fullScan: true, messages: 1, tickets: 1, replies: 0, ignored: 0 });
    const ticket = await h.t.handle.db.selectFrom('tickets').selectAll().executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({
      source: 'email',
      gmail_mailbox: SUPPORT,
      gmail_rfc822_message_id: '<m1@vendor.example>',
    });
    expect(ticket.subject).toBe('Printer on 3rd floor brûlé');
    const alice = await h.t.handle.db
      .selectFrom('organization_users')
      .selectAll()
      .where('email', '=', ALICE)
      .executeTakeFirstOrThrow();
    expect(alice.role).toBe('contact');
    expect(ticket.related_user_id).toBe(alice.id);
    const files = await h.t.handle.db
      .selectFrom('ticket_attachments as a')
      .innerJoin('files as f', 'f.id', 'a.file_id')
      .select(['f.name', 'f.file_size'])
      .where('a.ticket_id', '=', ticket.id)
      .execute();
    expect(files).toEqual([{ name: 'jam.txt', file_size: 13 }]);
    // Processed messages carry the label.
    const [id] = h.simulator.gmail.messageIds(SUPPORT);
    expect(h.simulator.gmail.labelNames(SUPPORT, id ?? '')).toContain('Helios/Processed');
    // A second pass finds nothing new.
    expect(await poll()).toMatchObject({ fullScan: false, messages: 0 });
    expect(await ticketsCount()).toBe(1);
  });

  it('the requester gets one "received" email, threaded on their message and in the support thread', async () => {
    expect(await send()).toEqual({ sent: 1, failed: 0, retrying: 0 });
    const [received] = sentTo(ALICE);
    expect(received).toBeDefined();
    const parsed = await simpleParser(received?.raw ?? Buffer.alloc(0));
    expect(parsed.subject).toBe('Re: [TKT-1] Printer on 3rd floor brûlé');
    expect(parsed.inReplyTo).toBe('<m1@vendor.example>');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(parsed.text).toContain('TKT-1');
    expect(parsed.html).toContain('TKT-1');
    const ticket = await h.t.handle.db.selectFrom('tickets').selectAll().executeTakeFirstOrThrow();
    expect(received?.threadId).toBe(ticket.gmail_thread_id);
    // Alice's own mailbox got it in the thread of the message she sent? She sent from elsewhere;
    // her copy lands in her mailbox, threaded on nothing she has — one message.
    expect(h.simulator.gmail.messageIds(ALICE)).toHaveLength(1);
  });

  it('a public reply sends exactly one email to the requester and one to each watcher; an internal note none', async () => {
    const ticket = await h.t.handle.db.selectFrom('tickets').selectAll().executeTakeFirstOrThrow();
    expect(
      (await h.api(staff.key, 'PUT', `/tickets/${ticket.id}/watchers/${watcher.id}`)).status,
    ).toBeLessThan(300);
    const before = h.simulator.gmail.sent.length;
    const note = await h.api(staff.key, 'POST', `/tickets/${ticket.id}/replies`, {
      reply: 'internal only',
      type: 'internal',
    });
    expect(note.status).toBe(201);
    expect(await pendingEmails()).toBe(0);
    const reply = await h.api(staff.key, 'POST', `/tickets/${ticket.id}/replies`, {
      reply: 'Try <script>alert(1)</script> the tray\n\nThen restart it.',
      type: 'public',
    });
    expect(reply.status).toBe(201);
    expect(await send()).toMatchObject({ sent: 2, failed: 0 });
    const fresh = h.simulator.gmail.sent.slice(before);
    expect(fresh.map((s) => s.raw.toString('utf8').match(/^To: (.*)$/m)?.[1]).sort()).toEqual(
      [ALICE, watcher.email].sort(),
    );
    expect(fresh.some((s) => s.raw.toString('utf8').includes('internal only'))).toBe(false);
    const toAlice = fresh.find((s) => s.raw.toString('utf8').includes(`To: ${ALICE}`));
    const parsed = await simpleParser(toAlice?.raw ?? Buffer.alloc(0));
    expect(parsed.text).toContain('Try <script>alert(1)</script> the tray');
    expect(parsed.html).toContain('&lt;script&gt;');
    expect(parsed.html).not.toContain('<script>');
    // Threaded on the original message and the "received" email before it.
    const refs = Array.isArray(parsed.references) ? parsed.references : [parsed.references];
    expect(refs[0]).toBe('<m1@vendor.example>');
    expect(refs).toHaveLength(2);
    expect(parsed.inReplyTo).toBe(refs[1]);
    expect(toAlice?.threadId).toBe(ticket.gmail_thread_id);
    // Alice's mailbox threads the reply with the "received" email (References).
    const ids = h.simulator.gmail.messageIds(ALICE);
    const threads = new Set(ids.map((id) => h.simulator.gmail.message(ALICE, id)?.threadId));
    expect(threads.size).toBe(1);
  });

  it("the requester's email reply becomes one reply on the same ticket (never a staff first response)", async () => {
    const [ours] = sentTo(ALICE).slice(-1);
    const ourId = (await simpleParser(ours?.raw ?? Buffer.alloc(0))).messageId;
    h.simulator.gmail.deliver(
      SUPPORT,
      email({
        from: ALICE,
        subject: 'Re: [TKT-1] Printer on 3rd floor brûlé',
        messageId: '<m2@vendor.example>',
        inReplyTo: ourId ?? '',
        body: 'Still jamming.',
      }),
    );
    expect(await poll()).toMatchObject({ fullScan: false, messages: 1, replies: 1, tickets: 0 });
    const replies = await h.t.handle.db
      .selectFrom('ticket_replies')
      .select(['reply', 'type', 'created_by_user_id', 'gmail_rfc822_message_id'])
      .orderBy('id')
      .execute();
    expect(replies.at(-1)).toMatchObject({
      reply: 'Still jamming.',
      type: 'public',
      gmail_rfc822_message_id: '<m2@vendor.example>',
    });
    expect(await ticketsCount()).toBe(1);
    // The staff who watch or are assigned hear of it; Alice, who wrote it, gets nothing back.
    const before = sentTo(ALICE).length;
    await send();
    expect(sentTo(ALICE).length).toBe(before);
  });

  it('the same email filed through the add-on stays one ticket', async () => {
    const res = await h.api(staff.key, 'POST', '/tickets', {
      subject: 'Printer on 3rd floor',
      details: 'filed from Gmail',
      priority: 'medium',
      source: 'addon',
      gmail: {
        messageId: 'staff-mailbox-id-1',
        threadId: 'staff-thread-1',
        rfc822MessageId: '<m1@vendor.example>',
      },
    });
    expect(res.status).toBeLessThan(300);
    const body = (await res.json()) as { data: { displayNumber: string } };
    expect(body.data.displayNumber).toBe('TKT-1');
    expect(await ticketsCount()).toBe(1);
  });

  it('an auto-reply, a bulk message and a bounce make nothing; the bounce is recorded on its notification', async () => {
    const ours = sentTo(watcher.email).at(-1);
    const bouncedId = (await simpleParser(ours?.raw ?? Buffer.alloc(0))).messageId ?? '';
    h.simulator.gmail.deliver(
      SUPPORT,
      email({
        from: 'bob@other.example',
        subject: 'Out of office',
        messageId: '<ooo@other.example>',
        headers: ['Auto-Submitted: auto-replied'],
      }),
    );
    h.simulator.gmail.deliver(
      SUPPORT,
      email({
        from: 'news@other.example',
        subject: 'Newsletter',
        messageId: '<news@other.example>',
        headers: ['Precedence: bulk'],
      }),
    );
    h.simulator.gmail.deliver(
      SUPPORT,
      [
        'From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
        `To: ${SUPPORT}`,
        'Subject: Delivery Status Notification (Failure)',
        'Message-ID: <dsn1@google.com>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
        '',
        '--r',
        'Content-Type: text/plain',
        '',
        'Your message was not delivered.',
        '--r',
        'Content-Type: message/delivery-status',
        '',
        'Final-Recipient: rfc822; watcher@acme.example',
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
        '--r',
        'Content-Type: text/rfc822-headers',
        '',
        `Message-ID: ${bouncedId}`,
        '--r--',
        '',
      ].join('\r\n'),
    );
    const tickets = await ticketsCount();
    expect(await poll()).toMatchObject({ messages: 3, ignored: 3, tickets: 0, replies: 0 });
    expect(await ticketsCount()).toBe(tickets);
    const bounced = await h.t.handle.db
      .selectFrom('notifications')
      .select(['email_status', 'email_error'])
      .where('email_message_id', '=', bouncedId)
      .executeTakeFirstOrThrow();
    expect(bounced.email_status).toBe('bounced');
    expect(bounced.email_error).toContain('550 5.1.1');
    // Nothing was queued in answer to any of them.
    expect(await pendingEmails()).toBe(0);
  });

  it('a stale historyId triggers a full scan that files only what is new', async () => {
    h.simulator.gmail.expireHistory(SUPPORT);
    h.simulator.gmail.deliver(
      SUPPORT,
      email({ from: `carol@${TEST_DOMAIN}`, subject: 'VPN down', messageId: '<m3@acme.example>' }),
    );
    h.simulator.gmail.deliver(
      SUPPORT,
      email({ from: 'eve@spam.example', subject: 'Buy now', messageId: '<m4@spam.example>' }),
    );
    const before = await ticketsCount();
    expect(await poll()).toMatchObject({ fullScan: true, messages: 2, tickets: 1, ignored: 1 });
    expect(await ticketsCount()).toBe(before + 1);
    expect(await poll()).toMatchObject({ fullScan: false, messages: 0 });
  });

  it('an email filed from the add-on first, then read from the mailbox, stays one ticket (POST /mail/poll)', async () => {
    const filed = await h.api(staff.key, 'POST', '/tickets', {
      subject: 'Badge reader',
      details: 'filed from Gmail first',
      priority: 'medium',
      source: 'addon',
      relatedUserEmail: 'dave@vendor.example',
      gmail: {
        messageId: 'staff-mailbox-id-5',
        threadId: 'staff-thread-5',
        rfc822MessageId: '<m5@vendor.example>',
      },
    });
    expect(filed.status).toBe(201);
    const before = await ticketsCount();
    h.simulator.gmail.deliver(
      SUPPORT,
      email({ from: 'dave@vendor.example', subject: 'Badge reader', messageId: '<m5@vendor.example>' }),
    );
    const res = await h.api(admin, 'POST', '/mail/poll');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { messages: number; tickets: number; mailbox: string } };
    expect(body.data).toMatchObject({ mailbox: SUPPORT, messages: 1, tickets: 1 });
    expect(await ticketsCount()).toBe(before);
    expect((await h.api(staff.key, 'POST', '/mail/poll')).status).toBe(403);
  });

  it('status changes and assignments are mailed: resolved with the feedback link, assigned to staff', async () => {
    await send();
    // Dave's ticket (the add-on's), so the first ticket keeps its people for the tests below.
    const ticket = await h.t.handle.db
      .selectFrom('tickets')
      .selectAll()
      .where('gmail_rfc822_message_id', '=', '<m5@vendor.example>')
      .executeTakeFirstOrThrow();
    const label = `${ticket.prefix}-${ticket.number}`;
    const resolved = await h.t.handle.db
      .selectFrom('ticket_statuses')
      .select('id')
      .where('is_resolved_status', '=', true)
      .executeTakeFirstOrThrow();
    const other = await h.user('manager', `second@${TEST_DOMAIN}`);
    const patched = await h.api(staff.key, 'PATCH', `/tickets/${ticket.id}`, {
      statusId: resolved.id,
      assignedToUserId: other.user.id,
    });
    expect(patched.status).toBe(200);
    expect(await send()).toMatchObject({ sent: 2, failed: 0 });
    const toDave = await simpleParser(sentTo('dave@vendor.example').at(-1)?.raw ?? Buffer.alloc(0));
    expect(toDave.subject).toBe(`Re: [${label}] Badge reader`);
    // Threaded on the email the ticket was filed from.
    expect(toDave.inReplyTo).toBe('<m5@vendor.example>');
    expect(toDave.text).toContain(`${label} is now Resolved.`);
    expect(toDave.text).toContain(`https://helios.acme.example/tickets/${ticket.id}?feedback=1`);
    expect(toDave.headers.get('auto-submitted')).toBe('auto-generated');
    const toAssignee = await simpleParser(sentTo(other.user.email).at(-1)?.raw ?? Buffer.alloc(0));
    expect(toAssignee.text).toContain(`${label} was assigned to you`);
  });

  it('templates preview with sample data (admin)', async () => {
    const res = await h.api(admin, 'GET', '/settings/mail/preview?type=ticket_reply');
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { subject: string; text: string; html: string } };
    expect(data.subject).toBe('Re: [TKT-42] The printer on the 3rd floor jams');
    expect(data.html).toContain('https://helios.acme.example/tickets/42');
    expect((await h.api(admin, 'GET', '/settings/mail/preview?type=bogus')).status).toBe(400);
    expect((await h.api(staff.key, 'GET', '/settings/mail/preview?type=test')).status).toBe(403);
  });

  it('a deactivated sender makes nothing, and never blocks the messages after it', async () => {
    await h.user('user', `gone@${TEST_DOMAIN}`, { is_active: false });
    h.simulator.gmail.deliver(
      SUPPORT,
      email({ from: `gone@${TEST_DOMAIN}`, subject: 'Hi', messageId: '<g1@acme.example>' }),
    );
    h.simulator.gmail.deliver(
      SUPPORT,
      email({ from: `gina@${TEST_DOMAIN}`, subject: 'Mouse', messageId: '<g2@acme.example>' }),
    );
    const before = await ticketsCount();
    expect(await poll()).toMatchObject({ messages: 2, tickets: 1, ignored: 1 });
    expect(await ticketsCount()).toBe(before + 1);
    const record = await h.t.handle.db
      .selectFrom('mail_ingested_messages')
      .select(['outcome', 'reason'])
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    expect(record.map((r) => r.outcome).sort()).toEqual(['ignored', 'ticket']);
    expect(record.find((r) => r.outcome === 'ignored')?.reason).toBe('the sender is deactivated in Helios');
  });

  it('a rolled-back cause sends nothing', async () => {
    await send(); // what earlier tests queued (carol's "received" email)
    await expect(
      h.t.handle.db.transaction().execute(async (trx) => {
        await notify(trx, h.organizationId, [watcher.id], undefined, {
          type: 'ticket_reply',
          message: 'never',
          entityType: 'ticket',
          entityId: 1,
          email: { replyId: 1 },
        });
        expect(
          await trx.selectFrom('notifications').select('id').where('message', '=', 'never').execute(),
        ).toHaveLength(1);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await pendingEmails()).toBe(0);
    expect(await send()).toEqual({ sent: 0, failed: 0, retrying: 0 });
  });

  it('the send job retried after a crash sends once', async () => {
    await send(); // what earlier tests queued (carol's "received" email)
    const ticket = await h.t.handle.db
      .selectFrom('tickets')
      .selectAll()
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const reply = await h.api(staff.key, 'POST', `/tickets/${ticket.id}/replies`, {
      reply: 'Crash test',
      type: 'public',
    });
    expect(reply.status).toBe(201);
    const before = h.simulator.gmail.sent.length;
    // A transport that delivers, then dies before Helios hears back (the worker crashed).
    const real = (await import('../../src/modules/mail/mailer.ts')).mailerOf;
    const mailer = await real(deps);
    if (typeof mailer === 'string') throw new Error(mailer);
    const crashing: MailTransport = {
      ...mailer.transport,
      async send(mail) {
        await mailer.transport.send(mail);
        throw new Error('worker crashed');
      },
    };
    expect(await send(crashing)).toMatchObject({ sent: 0, retrying: 2 });
    expect(h.simulator.gmail.sent.length).toBe(before + 2);
    // The retry asks Gmail (rfc822msgid search in the sender's mail) and sends nothing again.
    expect(await send()).toMatchObject({ sent: 2, failed: 0 });
    expect(h.simulator.gmail.sent.length).toBe(before + 2);
    expect(await pendingEmails()).toBe(0);
  });

  it('preferences are honoured: none, in-app only, email only', async () => {
    await send(); // what earlier tests queued (carol's "received" email)
    const defaults = (await (await h.api(watcher.key, 'GET', '/me/notification-preferences')).json()) as {
      data: { type: string; channel: string; custom: boolean }[];
    };
    expect(defaults.data.find((p) => p.type === 'ticket_reply')).toEqual({
      type: 'ticket_reply',
      channel: 'both',
      custom: false,
    });
    expect(
      (
        await h.api(watcher.key, 'PUT', '/me/notification-preferences', {
          preferences: [{ type: 'nope', channel: 'email' }],
        })
      ).status,
    ).toBe(400);
    const set = await h.api(watcher.key, 'PUT', '/me/notification-preferences', {
      preferences: [{ type: 'ticket_reply', channel: 'in_app' }],
    });
    expect(set.status).toBe(200);
    const ticket = await h.t.handle.db
      .selectFrom('tickets')
      .selectAll()
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const alice = await h.t.handle.db
      .selectFrom('organization_users')
      .select('id')
      .where('email', '=', ALICE)
      .executeTakeFirstOrThrow();
    await h.t.handle.db
      .insertInto('notification_preferences')
      .values({ organization_id: h.organizationId, user_id: alice.id, type: 'ticket_reply', channel: 'none' })
      .execute();
    const before = h.simulator.gmail.sent.length;
    const inAppBefore = (
      (await (await h.api(watcher.key, 'GET', '/notifications')).json()) as { data: unknown[] }
    ).data.length;
    expect(
      (await h.api(staff.key, 'POST', `/tickets/${ticket.id}/replies`, { reply: 'Prefs', type: 'public' }))
        .status,
    ).toBe(201);
    expect(await send()).toEqual({ sent: 0, failed: 0, retrying: 0 });
    expect(h.simulator.gmail.sent.length).toBe(before);
    const inApp = ((await (await h.api(watcher.key, 'GET', '/notifications')).json()) as { data: unknown[] })
      .data.length;
    expect(inApp).toBe(inAppBefore + 1);
    // Email only: mailed, and not in the in-app list.
    await h.api(watcher.key, 'PUT', '/me/notification-preferences', {
      preferences: [{ type: 'ticket_reply', channel: 'email' }],
    });
    expect(
      (await h.api(staff.key, 'POST', `/tickets/${ticket.id}/replies`, { reply: 'Prefs 2', type: 'public' }))
        .status,
    ).toBe(201);
    expect(await send()).toMatchObject({ sent: 1 });
    expect(sentTo(watcher.email).at(-1)?.raw.toString('utf8')).toContain('Prefs 2');
    const after = ((await (await h.api(watcher.key, 'GET', '/notifications')).json()) as { data: unknown[] })
      .data.length;
    expect(after).toBe(inApp);
  });

  it('the jobs: the poll waits for its interval, the send job drains the outbox', async () => {
    const jobsAt = (now: Date) =>
      mailJobs(
        moduleContext({
          db: h.t.handle.db,
          pool: h.t.handle.pool,
          logger: createLogger('silent'),
          organizationId: h.organizationId,
          identity: {
            audiences: [],
            orgDomain: TEST_DOMAIN,
            googleApiOrigin: h.simulator.origin,
            bootstrapAdminEmail: undefined,
          },
          dataDir: h.dataDir,
          encryptionKeys: h.encryptionKeys,
          now: () => now,
        }),
      );
    const job = (specs: ReturnType<typeof jobsAt>, queue: string) => {
      const spec = specs.find((s) => s.queue === queue);
      if (!spec) throw new Error(`no ${queue} job`);
      return spec;
    };
    await send();
    h.simulator.gmail.deliver(
      SUPPORT,
      email({ from: `frank@${TEST_DOMAIN}`, subject: 'Monitor flickers', messageId: '<m6@acme.example>' }),
    );
    const before = await ticketsCount();
    // Just polled (the tests above): the 5-minute interval has not passed.
    await job(jobsAt(new Date()), MAIL_POLL_QUEUE).work([]);
    expect(await ticketsCount()).toBe(before);
    const later = jobsAt(new Date(Date.now() + 6 * 60_000));
    await job(later, MAIL_POLL_QUEUE).work([]);
    expect(await ticketsCount()).toBe(before + 1);
    expect(await pendingEmails()).toBe(1);
    await job(later, MAIL_SEND_QUEUE).work([]);
    expect(await pendingEmails()).toBe(0);
    expect(sentTo(`frank@${TEST_DOMAIN}`)).toHaveLength(1);
  });

  it('SMTP: the test email and the outbox go through an SMTP server', async () => {
    let sink: SmtpSink | undefined;
    try {
      sink = await startSmtpSink({ user: 'helios', password: 's3cret-smtp' });
      const saved = await h.api(admin, 'PUT', '/settings/mail', {
        transport: 'smtp',
        fromAddress: SUPPORT,
        watchMailbox: null,
        smtp: { host: sink.host, port: sink.port, secure: false, user: 'helios', password: 's3cret-smtp' },
      });
      expect(saved.status).toBe(200);
      const text = await saved.text();
      expect(text).not.toContain('s3cret-smtp');
      expect(text).toContain('"passwordSet":true');
      const test = await h.api(admin, 'POST', '/settings/mail/test', {});
      expect(test.status, await test.clone().text()).toBe(200);
      expect(sink.messages).toHaveLength(1);
      const parsed = await simpleParser(sink.messages[0]?.raw ?? Buffer.alloc(0));
      expect(parsed.text).toContain('test email');
      expect(parsed.html).toContain('test email');
      const ticket = await h.t.handle.db
        .selectFrom('tickets')
        .selectAll()
        .orderBy('id')
        .executeTakeFirstOrThrow();
      expect(
        (
          await h.api(staff.key, 'POST', `/tickets/${ticket.id}/replies`, {
            reply: 'Over SMTP',
            type: 'public',
          })
        ).status,
      ).toBe(201);
      expect(await send()).toMatchObject({ sent: 1, failed: 0 });
      expect(sink.messages.at(-1)?.to).toEqual([watcher.email]);
      // A wrong password is a 409 that says so, and sends nothing.
      await h.api(admin, 'PUT', '/settings/mail', {
        transport: 'smtp',
        fromAddress: SUPPORT,
        smtp: { host: sink.host, port: sink.port, secure: false, user: 'helios', password: 'wrong' },
      });
      const refused = await h.api(admin, 'POST', '/settings/mail/test', {});
      expect(refused.status).toBe(409);
      expect(sink.messages).toHaveLength(2);
      // The polling route needs a watched mailbox.
      expect((await h.api(admin, 'POST', '/mail/poll')).status).toBe(409);
    } finally {
      await sink?.close();
    }
  });
});
