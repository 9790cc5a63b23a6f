// End to end (the BUILT bundle against a real backend, as e2e.test.ts): filing a ticket with the
// message's attachments and retrying it (attachments once), the round trips each callback makes
// (at most two: UrlFetchApp has no per-request timeout), and "Add email to ticket" recording the
// email as its sender's message (issue 12, defects 2–4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerModule, type WorkerModule } from './fakes/worker-module.ts';
import {
  button,
  gmailEvent,
  loadAddon,
  navigatedCards,
  notificationOf,
  parametersOf,
  textOf,
  widgetsOf,
  type Addon,
  type MessageFixture,
} from './harness.ts';
import type { Seeded } from './support/backend-worker.ts';

const THREAD = 'thread-mail-1';
const FIRST = 'msg-mail-1';
const LATER = 'msg-mail-2';
const QUOTING = 'msg-mail-3';

const messages = (sender: string): Record<string, MessageFixture> => ({
  [FIRST]: {
    threadId: THREAD,
    subject: 'Scanner offline',
    from: `Ada Lovelace <${sender}>`,
    plainBody: 'The scanner on floor 3 is offline. Logs attached.',
    headers: { 'Message-ID': '<msg-mail-1@mail.acme.example>' },
    attachments: [
      { name: 'scanner.log', contentType: 'text/plain', data: 'E42 offline\n' },
      { name: 'photo.txt', contentType: 'text/plain', data: 'a photo, as text' },
    ],
  },
  [QUOTING]: {
    threadId: 'thread-mail-other',
    subject: 'About the printer',
    from: `Ada Lovelace <${sender}>`,
    plainBody: 'Grace says TKT-1 is the same problem as mine.',
  },
  [LATER]: {
    threadId: THREAD,
    subject: 'Re: Scanner offline',
    from: `Ada Lovelace <${sender}>`,
    plainBody: 'It is still offline this morning.',
    headers: { 'Message-ID': '<msg-mail-2@mail.acme.example>' },
  },
});

describe('add-on mail flows on a real backend', { timeout: 60_000 }, () => {
  let backend: WorkerModule;
  let seed: Seeded;
  let staff: Addon;
  let ticketId = 0;

  beforeAll(async () => {
    backend = await startWorkerModule(new URL('./support/backend-worker.ts', import.meta.url));
    seed = (await backend.call('start', 'pglite')) as Seeded;
    staff = loadAddon({
      token: seed.tokens.manager,
      userEmail: seed.emails.manager,
      messages: messages(seed.emails.user),
      scriptProperties: { HELIOS_BACKEND_URL: seed.url },
    });
    // Starting a real backend (migrations on a fresh database) takes long on a loaded machine.
  }, 180_000);

  afterAll(async () => {
    staff?.close();
    await backend?.call('stop').catch(() => undefined);
    await backend?.close();
  });

  /** Runs one callback and counts its backend round trips (a fetchAll is one). */
  function measured<T>(run: () => T): { value: T; roundTrips: number; requests: string[] } {
    const from = staff.fetches.length;
    const value = run();
    const mine = staff.fetches.slice(from).filter((f) => f.url.startsWith(seed.url));
    return {
      value,
      roundTrips: new Set(mine.map((f) => f.roundTrip)).size,
      requests: mine.map((f) => `${f.roundTrip} ${f.method} ${f.url.slice(seed.url.length)}`),
    };
  }

  const event = (
    messageId: string,
    extra: Omit<Parameters<typeof gmailEvent>[0], 'messageId' | 'threadId'> = {},
  ) => gmailEvent({ messageId, threadId: THREAD, ...extra });

  it('files a ticket with both attachments in two round trips; a retry attaches nothing twice', async () => {
    const card = measured(() => staff.card('onGmailMessage', event(FIRST)));
    expect(card.roundTrips).toBe(1);
    const form = navigatedCards(
      staff.actionResponse(
        'onShowTicketForm',
        event(FIRST, { parameters: parametersOf(button(card.value, 'File a ticket').onClick?.action) }),
      ),
    )[0];
    if (!form) throw new Error('no ticket form');
    const inputs = Object.fromEntries(widgetsOf(form, 'textInput').map((i) => [i.name, i.value]));
    const submit = event(FIRST, {
      parameters: parametersOf(button(form, 'File ticket').onClick?.action),
      formInputs: {
        subject: inputs.subject ?? '',
        details: inputs.details ?? '',
        priority: 'medium',
        // Chosen one by one: both ticked.
        attachmentIndexes: ['0', '1'],
      },
    });
    const filed = measured(() => staff.actionResponse('onFileTicket', submit));
    // The create, then the ticket card's requests with the two uploads beside them.
    expect(filed.roundTrips, filed.requests.join('\n')).toBeLessThanOrEqual(2);
    expect(notificationOf(filed.value)).toMatch(/^Filed TKT-\d+ with 2 attachments$/);
    const rows = (await backend.call('ticketsForThread', THREAD)) as Array<{ id: number }>;
    expect(rows).toHaveLength(1);
    ticketId = rows[0]?.id ?? 0;
    const names = () =>
      backend
        .call('attachmentsOf', ticketId)
        .then((a) => (a as Array<{ name: string }>).map((f) => f.name).sort());
    expect(await names()).toEqual(['photo.txt', 'scanner.log']);

    // Google retries the callback (the first answer was lost): the stored 201 replays, and the
    // uploads answer the attachments already there.
    const retried = measured(() => staff.actionResponse('onFileTicket', submit));
    expect(retried.roundTrips).toBeLessThanOrEqual(2);
    expect(notificationOf(retried.value)).toMatch(/with 2 attachments$/);
    expect(await names()).toEqual(['photo.txt', 'scanner.log']);
    expect((await backend.call('ticketsForThread', THREAD)) as unknown[]).toHaveLength(1);
  });

  it('adds a later email of the thread as the sender’s message: no first response, the assignee told, not the sender', async () => {
    await backend.call('assignTo', ticketId, seed.emails.admin);
    const card = staff.card('onGmailMessage', event(LATER));
    expect(card.fixedFooter?.primaryButton?.text).toMatch(/^Add to TKT-\d+$/);
    const shown = measured(() =>
      staff.actionResponse(
        'onShowAddToTicket',
        // The thread is a ticket: adding to it is the card's primary action.
        event(LATER, { parameters: parametersOf(card.fixedFooter?.primaryButton?.onClick?.action) }),
      ),
    );
    expect(shown.roundTrips).toBeLessThanOrEqual(1);
    const [form] = navigatedCards(shown.value);
    if (!form) throw new Error('no add-to-ticket card');
    expect(textOf(form)).toContain('The sender’s email');
    expect(textOf(form)).not.toContain('Public reply');
    const added = measured(() =>
      staff.actionResponse(
        'onAddEmailToTicket',
        event(LATER, {
          parameters: parametersOf(button(form, 'Add to ticket').onClick?.action),
          formInputs: {
            ticketId: String(ticketId),
            reply: 'It is still offline this morning.',
            replyType: 'email',
          },
        }),
      ),
    );
    expect(added.roundTrips, added.requests.join('\n')).toBeLessThanOrEqual(2);
    expect(notificationOf(added.value)).toBe('Email added to the ticket as the sender’s message');
    const replies = (await backend.call('repliesOf', ticketId)) as Array<{
      type: string;
      author: string;
      gmail_message_id: string | null;
    }>;
    expect(replies).toEqual([
      expect.objectContaining({ type: 'public', author: seed.emails.user, gmail_message_id: LATER }),
    ]);
    expect(await backend.call('firstResponseAt', ticketId)).toBeNull();
    expect(await backend.call('replyNotified', ticketId)).toEqual([seed.emails.admin]);
  });

  it('offers the ticket an email mentions (TKT-n) first, selected, when its thread has none', () => {
    const shown = staff.actionResponse(
      'onShowAddToTicket',
      gmailEvent({
        messageId: QUOTING,
        threadId: 'thread-mail-other',
        parameters: { messageId: QUOTING, threadId: 'thread-mail-other', senderEmail: seed.emails.user },
      }),
    );
    const [form] = navigatedCards(shown);
    if (!form) throw new Error('no add-to-ticket card');
    const [choice] = widgetsOf(form, 'selectionInput').filter((w) => w.name === 'ticketId');
    const first = choice?.items?.[0];
    expect(first?.text).toMatch(/^TKT-1 Grace printer jam/);
    expect(first?.selected).toBe(true);
  });

  it('refuses the email the ticket was made from as a reply (a readable toast or card, nothing added)', async () => {
    const response = staff.actionResponse(
      'onAddEmailToTicket',
      event(FIRST, {
        parameters: { messageId: FIRST, threadId: THREAD, senderEmail: seed.emails.user },
        formInputs: { ticketId: String(ticketId), reply: 'x', replyType: 'email' },
      }),
    );
    const shown = [notificationOf(response) ?? '', ...navigatedCards(response).map(textOf)].join('\n');
    expect(shown).toMatch(/made from|already|conflict/i);
    expect(((await backend.call('repliesOf', ticketId)) as unknown[]).length).toBe(1);
  });
});
