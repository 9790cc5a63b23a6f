// End to end: the BUILT add-on (dist/Code.js in node:vm, harness.ts) against a REAL backend on
// loopback with a real database (pglite), in a worker thread (support/backend-worker.ts), with Google
// ID tokens signed by the Workspace simulator's key (the backend verifies them against its certs).
// Open an email → the sender's card; file a ticket → one ticket row and one audit row; the same
// email again → the existing ticket, nothing new; a plain user's homepage → only their tickets, and
// Close on a ticket about them;
// Drive selection → attached; backend stopped → a readable error card.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerModule, type WorkerModule } from './fakes/worker-module.ts';
import {
  button,
  buttons,
  driveEvent,
  gmailEvent,
  homepageEvent,
  loadAddon,
  navigatedCards,
  notificationOf,
  parametersOf,
  textOf,
  texts,
  widgetsOf,
  type Addon,
  type CardJson,
  type MessageFixture,
} from './harness.ts';
import type { Seeded } from './support/backend-worker.ts';

const THREAD = 'thread-e2e-1';
const MESSAGE = 'msg-e2e-1';
const SUBJECT = 'Laptop will not boot';
const DETAILS = 'My laptop shows a black screen since this morning.\nCan someone help?';

const messages = (senderEmail: string): Record<string, MessageFixture> => ({
  [MESSAGE]: {
    threadId: THREAD,
    subject: `Re: ${SUBJECT}`,
    from: `Ada Lovelace <${senderEmail}>`,
    to: 'it@acme.example',
    date: '2026-03-01T10:00:00Z',
    plainBody: `${DETAILS}\n\nOn Mon, Mar 1, 2026 at 9:00 AM IT <it@acme.example> wrote:\n> Old quoted history\n> more`,
    headers: { 'Message-ID': '<msg-e2e-1@mail.acme.example>' },
    accessToken: 'gmail-access-token',
  },
});

/** No text of a card may look like a stack trace. */
function expectReadable(card: CardJson): void {
  for (const t of texts(card)) {
    expect(t).not.toMatch(/\n\s*at \S/);
    expect(t).not.toMatch(/\bError:/);
    expect(t).not.toMatch(/\.(ts|js):\d+/);
  }
}

describe('add-on end to end on a real backend', { timeout: 60_000 }, () => {
  let backend: WorkerModule;
  let seed: Seeded;
  const addons: Addon[] = [];
  let ticketId = 0;
  let displayNumber = '';

  const addonFor = (token: string, userEmail: string): Addon => {
    const addon = loadAddon({
      token,
      userEmail,
      messages: messages(seed.emails.user),
      scriptProperties: { HELIOS_BACKEND_URL: seed.url },
    });
    addons.push(addon);
    return addon;
  };
  const count = async (): Promise<number> => (await backend.call('ticketCount')) as number;

  beforeAll(async () => {
    backend = await startWorkerModule(new URL('./support/backend-worker.ts', import.meta.url));
    seed = (await backend.call('start', 'pglite')) as Seeded;
    // Starting a real backend (migrations on a fresh database) takes long on a loaded machine.
  }, 180_000);

  afterAll(async () => {
    for (const addon of addons) addon.close();
    await backend?.call('stop').catch(() => undefined);
    await backend?.close();
  });

  let staff: Addon;
  const event = (extra: Parameters<typeof gmailEvent>[0] extends infer T ? Partial<T> : never = {}) =>
    gmailEvent({ messageId: MESSAGE, threadId: THREAD, ...extra });

  it('opening an email from a known user shows their card with assets and licenses', () => {
    staff = addonFor(seed.tokens.manager, seed.emails.manager);
    const card = staff.card('onGmailMessage', event());
    const text = textOf(card);
    expect(card.header?.title).toBe('Ada Lovelace');
    expect(text).toContain('Analyst');
    expect(text).toContain('Engineering');
    expect(text).toContain('Charles Babbage');
    expect(text).toContain('Ada MacBook Pro');
    expect(text).toContain('SN-C02XYZ');
    expect(text).toContain('Figma Professional');
    expect(text).not.toContain('This thread is a ticket');
    expectReadable(card);
    // The request carried the ID token as a bearer to the configured backend.
    const fetched = staff.fetches.filter((f) => f.url.startsWith(seed.url));
    expect(fetched.length).toBeGreaterThan(0);
    for (const f of fetched) expect(f.headers.Authorization).toBe(`Bearer ${seed.tokens.manager}`);
  });

  it('filing a ticket creates exactly one ticket row and one create audit row, toast + ticket card', async () => {
    const before = await count();
    const card = staff.card('onGmailMessage', event());
    const fileButton = button(card, 'File a ticket');
    const formResponse = staff.actionResponse(
      'onShowTicketForm',
      event({ parameters: parametersOf(fileButton.onClick?.action) }),
    );
    const [form] = navigatedCards(formResponse);
    if (!form) throw new Error('no ticket form');
    const inputs = Object.fromEntries(widgetsOf(form, 'textInput').map((i) => [i.name, i.value]));
    expect(inputs.subject).toBe(SUBJECT);
    expect(inputs.details).toContain('black screen');
    expect(inputs.details).not.toContain('Old quoted history');

    const submit = button(form, 'File ticket');
    const response = staff.actionResponse(
      'onFileTicket',
      event({
        parameters: parametersOf(submit.onClick?.action),
        formInputs: { subject: inputs.subject ?? '', details: inputs.details ?? '', priority: 'high' },
      }),
    );
    const toast = notificationOf(response) ?? '';
    expect(toast).toMatch(/^Filed TKT-\d+/);
    displayNumber = /TKT-\d+/.exec(toast)?.[0] ?? '';
    const [ticketCard] = navigatedCards(response);
    if (!ticketCard) throw new Error('no ticket card');
    expect(textOf(ticketCard)).toContain(displayNumber);
    expect(textOf(ticketCard)).toContain(SUBJECT);

    expect(await count()).toBe(before + 1);
    const rows = (await backend.call('ticketsForThread', THREAD)) as Array<{
      id: number;
      related_user_id: number | null;
      source: string;
      subject: string;
    }>;
    expect(rows).toHaveLength(1);
    const [row] = rows;
    ticketId = row?.id ?? 0;
    expect(row).toMatchObject({ related_user_id: seed.ids.user, source: 'addon', subject: SUBJECT });
    const audits = (await backend.call('auditRows', 'create', ticketId)) as Array<{ entity_type: string }>;
    expect(
      audits.filter((a) => /ticket/i.test(a.entity_type) && !/repl|attach/i.test(a.entity_type)),
    ).toHaveLength(1);
  });

  it('opening the same email again shows the existing ticket first; filing again creates nothing', async () => {
    const before = await count();
    const auditsBefore = ((await backend.call('auditRows', 'create')) as unknown[]).length;
    const card = staff.card('onGmailMessage', event());
    expect(card.sections[0]?.header).toBe('This thread is a ticket');
    expect(textOf({ ...card, sections: card.sections.slice(0, 1) })).toContain(displayNumber);

    // The form again, now saying the thread is already a ticket.
    const formResponse = staff.actionResponse(
      'onShowTicketForm',
      event({ parameters: parametersOf(button(card, 'File a ticket').onClick?.action) }),
    );
    const [form] = navigatedCards(formResponse);
    if (!form) throw new Error('no ticket form');
    expect(textOf(form)).toContain(`This thread is already <b>${displayNumber}</b>`);
    const parameters = parametersOf(button(form, 'File ticket').onClick?.action);

    // The same submission again (a retry) replays: the same ticket, nothing new.
    const retry = staff.actionResponse(
      'onFileTicket',
      event({
        parameters,
        formInputs: { subject: SUBJECT, details: DETAILS, priority: 'high' },
      }),
    );
    expect(notificationOf(retry)).toMatch(new RegExp(`${displayNumber}$`));
    expect(textOf(navigatedCards(retry)[0] ?? { sections: [] })).toContain(displayNumber);

    // An edited filing of the same message: the backend's per-message dedupe answers.
    const response = staff.actionResponse(
      'onFileTicket',
      event({ parameters, formInputs: { subject: SUBJECT, details: 'Again', priority: 'low' } }),
    );
    expect(notificationOf(response)).toBe(`This email is already ${displayNumber}`);
    expect(textOf(navigatedCards(response)[0] ?? { sections: [] })).toContain(displayNumber);
    expect(await count()).toBe(before);
    expect((await backend.call('ticketsForThread', THREAD)) as unknown[]).toHaveLength(1);
    expect(((await backend.call('auditRows', 'create')) as unknown[]).length).toBe(auditsBefore);
  });

  it('a plain user opening the homepage sees only their own tickets', async () => {
    const ada = addonFor(seed.tokens.user, seed.emails.user);
    const cards = ada.cards('onHomepage', homepageEvent({ hostApp: 'GMAIL' }));
    const text = cards.map(textOf).join('\n');
    expect(text).toContain(displayNumber);
    expect(text).toContain(SUBJECT);
    expect(text).not.toContain('Grace printer jam');
    const graceTickets = (await backend.call('ticketsFor', seed.emails.other)) as number[];
    expect(graceTickets.length).toBeGreaterThan(0);
    for (const card of cards) {
      for (const b of buttons(card)) {
        const id = parametersOf(b.onClick?.action).ticketId;
        if (id) expect(graceTickets).not.toContain(Number(id));
      }
    }
  });

  it('a plain user opening a ticket about them is offered Close (from its abilities), not triage', () => {
    const ada = addonFor(seed.tokens.user, seed.emails.user);
    const [card] = navigatedCards(
      ada.actionResponse('onOpenTicket', homepageEvent({ parameters: { ticketId: String(ticketId) } })),
    );
    if (!card) throw new Error('no ticket card');
    expectReadable(card);
    const labels = buttons(card).map((b) => b.text);
    expect(labels).toContain('Close');
    expect(labels).toContain('Send reply');
    expect(labels).not.toContain('Change status');
    expect(labels).not.toContain('Assign to me');
  });

  it('a Drive selection is attached to a ticket as a Drive link', async () => {
    const files = [{ id: 'drive-file-e2e-1', title: 'Boot log.pdf', mimeType: 'application/pdf' }];
    const card = staff.card('onDriveItemsSelected', driveEvent({ selectedItems: files }));
    expectReadable(card);
    const attach = buttons(card).find(
      (b) => b.text === 'Attach' && parametersOf(b.onClick?.action).ticketId === String(ticketId),
    );
    if (!attach) throw new Error(`no Attach button for ticket ${ticketId}: ${textOf(card)}`);
    const response = staff.actionResponse(
      'onDriveAttach',
      driveEvent({ selectedItems: files, parameters: parametersOf(attach.onClick?.action) }),
    );
    expect(notificationOf(response)).toBe(`Attached 1 file to ${displayNumber}`);
    const attachments = (await backend.call('attachmentsOf', ticketId)) as Array<{
      name: string;
      storage_path: string | null;
    }>;
    expect(attachments).toHaveLength(1);
    expect(attachments[0]?.name).toBe('Boot log.pdf');
    expect(JSON.stringify(attachments[0])).toContain('drive-file-e2e-1');
  });

  it('with the backend stopped, the email shows a readable error card', async () => {
    await backend.call('stop');
    const fresh = addonFor(seed.tokens.manager, seed.emails.manager);
    const started = Date.now();
    const card = fresh.card('onGmailMessage', event());
    expect(Date.now() - started).toBeLessThan(30_000);
    const text = textOf(card);
    expect(text).toMatch(/Could not connect/);
    expectReadable(card);
    expect(buttons(card).map((b) => b.text)).toContain('Try again');
  });
});
