// The cards, with the backend faked by canned answers shaped like the shared schemas
// (support/fixtures.ts): the sender's card for a known and an unknown sender, the prefilled ticket
// form, and every failure (refused, 401, 403, 404, 429, 400) as a readable card or toast — never a
// stack trace — within the harness's time limit.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
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
  type StubResponse,
} from './harness.ts';
import {
  BACKEND,
  adaContext,
  apiError,
  emptyContext,
  list,
  meManager,
  meUser,
  ok,
  requesterAbilities,
  router,
  staffAbilities,
  staffRoutes,
  statuses,
  ticket42,
  contactUser,
} from './support/fixtures.ts';

const messages: Record<string, MessageFixture> = {
  'msg-1': {
    threadId: 'thread-1',
    subject: 'RE: Fwd: Laptop will not boot',
    from: 'Ada Lovelace <ada@acme.example>',
    to: 'it@acme.example',
    date: '2026-03-01T10:00:00Z',
    plainBody:
      'Black screen since this morning.\n\nOn Mon, Mar 1, 2026 at 9:00 AM IT <it@acme.example> wrote:\n> Quoted history line\n> more history',
    accessToken: 'gmail-access-token',
  },
  'msg-2': {
    threadId: 'thread-2',
    subject: 'Hello',
    from: 'Stranger <stranger@elsewhere.example>',
    to: 'it@acme.example',
    date: '2026-03-01T10:00:00Z',
    plainBody: 'Who am I?',
    accessToken: 'gmail-access-token',
  },
  'msg-3': {
    threadId: 'thread-3',
    subject: 'Re: [Helios] tkt-77 printer',
    from: 'Ada Lovelace <ada@acme.example>',
    plainBody: 'Still jammed, see TKT-77.',
  },
  'msg-4': {
    threadId: 'thread-4',
    subject: 'ISO-9001 audit',
    from: 'Ada Lovelace <ada@acme.example>',
    plainBody: 'We follow ISO-9001 and COVID-19 rules.',
  },
};

const CALL_LIMIT_MS = 30_000;
let addon: Addon | undefined;
afterEach(() => addon?.close());

function start(routes: Parameters<typeof router>[0], backend = BACKEND): Addon {
  addon = loadAddon({ token: 'id-token', messages, scriptProperties: { HELIOS_BACKEND_URL: backend } });
  addon.urlFetch.stub(router(routes));
  return addon;
}

const gmail = (id = 'msg-1', parameters?: Record<string, string>) =>
  gmailEvent({
    messageId: id,
    threadId: messages[id]?.threadId ?? '',
    ...(parameters ? { parameters } : {}),
  });

/** Readable: no stack frames, no "Error:" prefixes, no source locations. */
function expectReadable(text: string): void {
  expect(text).not.toMatch(/^\s*at \S/m);
  expect(text).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  expect(text).not.toMatch(/\b\w*Error:/);
  expect(text).not.toMatch(/\.(ts|js):\d+/);
  expect(text).not.toMatch(/undefined|\[object Object\]/);
}
const expectReadableCard = (card: CardJson) => {
  for (const t of texts(card)) expectReadable(t);
};

describe('sender card', () => {
  it('a known sender: name, title, department, manager (in the header), assets, licenses, open tickets; thread ticket first', () => {
    const a = start(staffRoutes());
    const card = a.card('onGmailMessage', gmail());
    expect(a.lastCallMs).toBeLessThan(CALL_LIMIT_MS);
    expect(card.header?.title).toBe('Ada Lovelace');
    expect(card.header?.subtitle).toBe('Analyst · Engineering · reports to Charles Babbage');
    const text = textOf(card);
    for (const expected of [
      'Charles Babbage',
      'Ada MacBook Pro',
      'SN-C02XYZ',
      'Figma Professional',
      'TKT-41',
      'VPN drops every hour',
    ])
      expect(text).toContain(expected);
    expect(card.sections[0]?.header).toBe('This thread is a ticket');
    expect(textOf({ ...card, sections: card.sections.slice(0, 1) })).toContain('TKT-42');
    // The thread is TKT-42: adding the email there is the primary action, a new ticket secondary.
    expect(card.fixedFooter?.primaryButton?.text).toBe('Add to TKT-42');
    expect(card.fixedFooter?.secondaryButton?.text).toBe('File a ticket');
    expect(parametersOf(card.fixedFooter?.primaryButton?.onClick?.action)).toMatchObject({
      reference: 'TKT-42',
    });
    expect(parametersOf(button(card, 'File a ticket').onClick?.action)).toMatchObject({
      messageId: 'msg-1',
      threadId: 'thread-1',
      senderEmail: 'ada@acme.example',
    });
    // The context was asked for this thread.
    expect(
      a.fetches.some((f) => /\/people\/ada%40acme\.example\/context\?threadId=thread-1$/.test(f.url)),
    ).toBe(true);
    expectReadableCard(card);
  });

  it('an unknown sender: the From name, "not in Helios", Create contact, and still a ticket', () => {
    const a = start({ ...staffRoutes(), 'GET people/*': ok(emptyContext) });
    const card = a.card('onGmailMessage', gmail('msg-2'));
    expect(card.header?.title).toBe('Stranger');
    expect(card.header?.subtitle).toBe('stranger@elsewhere.example · Not in Helios');
    expect(textOf(card)).toMatch(/not in Helios/i);
    expect(textOf(card)).toContain('You can still file a ticket');
    expect(card.fixedFooter?.primaryButton?.text).toBe('File a ticket');
    expect(button(card, 'File a ticket').onClick?.action?.function).toBe('onShowTicketForm');
    expect(parametersOf(button(card, 'Create contact').onClick?.action)).toMatchObject({
      email: 'stranger@elsewhere.example',
      name: 'Stranger',
    });
  });

  it('an unknown sender at a vendor’s domain: the vendor and its contacts', () => {
    const vendor = {
      id: 4,
      name: 'Elsewhere Printing',
      website: 'https://elsewhere.example',
      email: null,
      phone: '+1 555 0100',
      contactName: 'Sam Sales',
      contacts: [{ id: 30, name: 'Pat Rep', email: 'pat@elsewhere.example' }],
    };
    const a = start({ ...staffRoutes(), 'GET people/*': ok({ ...emptyContext, vendor }) });
    const card = a.card('onGmailMessage', gmail('msg-2'));
    const section = card.sections.find((s) => s.header === 'Vendor: Elsewhere Printing');
    const text = textOf({ sections: section ? [section] : [] });
    for (const expected of [
      'https://elsewhere.example',
      '+1 555 0100',
      'Sam Sales',
      'Pat Rep',
      'pat@elsewhere.example',
    ])
      expect(text).toContain(expected);
  });

  it('Create contact records the sender as a contact and shows their card', () => {
    let created = false;
    const a = start({
      ...staffRoutes(),
      'GET people/*': () =>
        created
          ? ok({
              ...emptyContext,
              person: {
                ...adaContext.person,
                id: 31,
                email: 'stranger@elsewhere.example',
                name: 'Stranger',
                role: 'contact',
              },
            })
          : ok(emptyContext),
      'POST users': () => {
        created = true;
        return {
          status: 201,
          body: JSON.stringify({ data: contactUser }),
          headers: { 'Content-Type': 'application/json' },
        };
      },
    });
    const card = a.card('onGmailMessage', gmail('msg-2'));
    const response = a.actionResponse(
      'onCreateContact',
      gmail('msg-2', parametersOf(button(card, 'Create contact').onClick?.action)),
    );
    expect(notificationOf(response)).toBe('stranger@elsewhere.example is now a contact in Helios');
    const post = a.fetches.find((f) => f.method === 'POST');
    expect(JSON.parse(post?.payload ?? '{}')).toEqual({
      email: 'stranger@elsewhere.example',
      firstName: 'Stranger',
      role: 'contact',
    });
    expect(navigatedCards(response)[0]?.header?.title).toBe('Stranger');
    expect(textOf(navigatedCards(response)[0] ?? { sections: [] })).not.toContain('Create contact');
  });

  it('a ticket number in the subject or body (TKT-n) makes "Add to TKT-n" primary', () => {
    const a = start({ ...staffRoutes(), 'GET people/*': ok({ ...adaContext, ticketForThread: null }) });
    const card = a.card('onGmailMessage', gmail('msg-3'));
    expect(card.fixedFooter?.primaryButton?.text).toBe('Add to TKT-77');
    expect(textOf(card)).toContain('This email mentions <b>TKT-77</b>.');
    // Not every CODE-123 is a ticket: only the organization's prefix (seen on its tickets) counts.
    const other = a.card('onGmailMessage', gmail('msg-4'));
    expect(other.fixedFooter?.primaryButton?.text).toBe('File a ticket');
  });
});

describe('ticket form', () => {
  it('is prefilled with the subject and the details without quoted history', () => {
    const a = start({ ...staffRoutes(), 'GET people/*': ok({ ...adaContext, ticketForThread: null }) });
    const response = a.actionResponse(
      'onShowTicketForm',
      gmail('msg-1', { messageId: 'msg-1', threadId: 'thread-1', senderEmail: 'ada@acme.example' }),
    );
    const [form] = navigatedCards(response);
    if (!form) throw new Error('no form');
    const inputs = Object.fromEntries(widgetsOf(form, 'textInput').map((i) => [i.name, i.value]));
    expect(inputs.subject).toBe('Laptop will not boot');
    expect(inputs.details).toBe('Black screen since this morning.');
    expect(textOf(form)).toContain('For Ada Lovelace');
    expect(button(form, 'File ticket').onClick?.action?.function).toBe('onFileTicket');
  });

  it('filing: a toast and the ticket card', () => {
    const a = start(staffRoutes());
    const response = a.actionResponse(
      'onFileTicket',
      gmail('msg-1', { messageId: 'msg-1', threadId: 'thread-1' }),
    );
    // No form input: the form's own check answers, nothing is sent.
    expect(notificationOf(response)).toMatch(/subject/i);
    expect(a.fetches.filter((f) => f.method === 'POST')).toHaveLength(0);
    const filed = a.actionResponse(
      'onFileTicket',
      gmailEvent({
        messageId: 'msg-1',
        threadId: 'thread-1',
        parameters: { messageId: 'msg-1', threadId: 'thread-1' },
        formInputs: { subject: 'Laptop will not boot', details: 'Black screen', priority: 'high' },
      }),
    );
    expect(notificationOf(filed)).toBe('Filed TKT-42');
    expect(textOf(navigatedCards(filed)[0] ?? { sections: [] })).toContain('TKT-42');
    const post = a.fetches.find((f) => f.method === 'POST');
    expect(JSON.parse(post?.payload ?? '{}')).toMatchObject({
      subject: 'Laptop will not boot',
      priority: 'high',
      source: 'addon',
      relatedUserEmail: 'ada@acme.example',
      gmail: { messageId: 'msg-1', threadId: 'thread-1' },
    });
  });
});

describe('ticket card: actions come from the ticket’s abilities', () => {
  const open = (a: Addon) => {
    const [card] = navigatedCards(
      a.actionResponse('onOpenTicket', homepageEvent({ parameters: { ticketId: '42' } })),
    );
    if (!card) throw new Error('no ticket card');
    return card;
  };
  /** Ada (a plain user) and her own ticket, as the backend presents it to her. */
  const adaRoutes = (abilities = requesterAbilities): Record<string, StubResponse> => ({
    'GET me': ok(meUser),
    'GET tickets/42': ok({
      ...ticket42,
      createdBy: { id: meUser.id, name: meUser.name, email: meUser.email },
      abilities,
      attachments: [],
      replies: [],
    }),
    'GET ticket-statuses': list(statuses),
  });

  it('a plain user sees Close on their own ticket (and nothing staff-only)', () => {
    const a = start(adaRoutes());
    const card = open(a);
    const close = button(card, 'Close');
    expect(close.onClick?.action?.function).toBe('onTicketClose');
    expect(parametersOf(close.onClick?.action)).toMatchObject({ ticketId: '42', statusId: '5' });
    const labels = buttons(card).map((b) => b.text);
    expect(labels).toContain('Send reply');
    expect(labels).not.toContain('Change status');
    expect(labels).not.toContain('Assign to me');
    expect(textOf(card)).not.toContain('internal note');
    // Closing sends just the closed status.
    a.urlFetch.stub(
      router({ ...adaRoutes(), 'PATCH tickets/42': ok({ ...ticket42, abilities: requesterAbilities }) }),
    );
    a.actionResponse('onTicketClose', homepageEvent({ parameters: parametersOf(close.onClick?.action) }));
    const patch = a.fetches.find((f) => f.method === 'PATCH');
    expect(JSON.parse(patch?.payload ?? '{}')).toEqual({ statusId: 5 });
  });

  it('shows text from the server as text: a <script> subject and reply are escaped, never markup', () => {
    const hostile = '<script>alert(1)</script> & <b>bold</b>';
    const card = open(
      start({
        ...adaRoutes(),
        'GET tickets/42': ok({
          ...ticket42,
          subject: hostile,
          details: hostile,
          abilities: requesterAbilities,
          attachments: [],
          replies: [
            {
              id: 1,
              reply: hostile,
              type: 'public',
              timeSpentMinutes: 0,
              createdBy: { id: meUser.id, name: meUser.name, email: meUser.email },
              createdAt: '2026-01-01T00:00:00.000Z',
              gmailMessageId: null,
            },
          ],
        }),
      }),
    );
    // Paragraphs and decorated text are where Gmail reads markup (headers and inputs are plain
    // text): there the hostile text must arrive escaped, every time it appears.
    const markup = [
      ...widgetsOf(card, 'textParagraph').map((p) => p.text),
      ...widgetsOf(card, 'decoratedText').flatMap((d) => [d.topLabel, d.text, d.bottomLabel]),
    ].join('\n');
    expect(markup).not.toContain('<script>');
    expect(markup).not.toContain('<b>bold</b>');
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });

  it('no Close where the ticket says no (a watcher, a contact), even for the same user', () => {
    const card = open(start(adaRoutes({ ...requesterAbilities, close: false })));
    expect(buttons(card).map((b) => b.text)).not.toContain('Close');
  });

  it('staff get the status, assignment and internal-note actions; an archived ticket offers no reply', () => {
    const staff = open(
      start({ ...staffRoutes(), 'GET tickets/42': ok({ ...ticket42, attachments: [], replies: [] }) }),
    );
    expect(buttons(staff).map((b) => b.text)).toEqual(
      expect.arrayContaining(['Open in Helios', 'Close', 'Send reply']),
    );
    // One click: status, priority and assignee save on selection.
    const changes = Object.fromEntries(
      widgetsOf(staff, 'selectionInput').map((w) => [w.name, w.onChangeAction?.function]),
    );
    expect(changes).toMatchObject({
      statusId: 'onTicketSetStatus',
      priority: 'onTicketSetPriority',
      assignee: 'onTicketReassign',
    });
    const assignee = widgetsOf(staff, 'selectionInput').find((w) => w.name === 'assignee');
    expect(assignee?.items.map((i) => i.text)).toEqual(['Me', 'Nobody (queue)', 'Nora Net']);
    expect(textOf(staff)).toContain('internal note');
    expect(widgetsOf(staff, 'textInput').map((i) => i.name)).toContain('timeSpentMinutes');
    const inHelios = buttons(staff).find((b) => b.text === 'Open in Helios');
    expect(inHelios?.onClick?.openLink?.url).toBe(`${BACKEND}/tickets/42`);
    addon?.close();
    const archived = {
      ...staffAbilities,
      update: false,
      close: false,
      reply: false,
      replyInternal: false,
      attach: false,
    };
    const card = open(
      start({
        ...staffRoutes(),
        'GET tickets/42': ok({
          ...ticket42,
          archivedAt: '2026-03-02T10:00:00.000Z',
          abilities: archived,
          attachments: [],
          replies: [],
        }),
      }),
    );
    const labels = buttons(card).map((b) => b.text);
    for (const hidden of ['Send reply', 'Change status', 'Close']) expect(labels).not.toContain(hidden);
  });
});

async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

describe('errors: a readable card or toast, never a stack trace', () => {
  it('backend down (connection refused) → "Cannot reach Helios" card with retry and settings', async () => {
    const port = await refusedPort();
    addon = loadAddon({
      token: 'id-token',
      messages,
      scriptProperties: { HELIOS_BACKEND_URL: `http://127.0.0.1:${port}` },
    });
    for (const [fn, event] of [
      ['onGmailMessage', gmail()],
      ['onHomepage', homepageEvent()],
    ] as const) {
      const card = addon.card(fn, event);
      expect(addon.lastCallMs).toBeLessThan(CALL_LIMIT_MS);
      expect(card.header?.title ?? textOf(card)).toMatch(/Cannot reach Helios/);
      expect(textOf(card)).toContain(`Could not connect to 127.0.0.1:${port}`);
      expectReadableCard(card);
    }
    // A button callback: a toast.
    const response = addon.actionResponse('onOpenTicket', homepageEvent({ parameters: { ticketId: '42' } }));
    expect(notificationOf(response)).toMatch(/^Cannot reach Helios: Could not connect/);
    expectReadable(notificationOf(response) ?? '');
  });

  const cases: Array<[string, Record<string, StubResponse>, RegExp]> = [
    [
      '401',
      { 'GET me': apiError(401, 'unauthenticated', 'Invalid ID token') },
      /did not accept your sign-in/,
    ],
    ['403', { 'GET me': apiError(403, 'forbidden', 'Your account is suspended') }, /Not allowed/],
    [
      '404',
      { 'GET me': ok(meManager), 'GET people/*': apiError(404, 'not_found', 'No such person') },
      /Not found/,
    ],
    [
      '429',
      { 'GET me': apiError(429, 'rate_limited', 'Slow down', { 'Retry-After': '17' }) },
      /Too many requests[\s\S]*Wait 17 seconds/,
    ],
    [
      '400',
      {
        'GET me': ok(meManager),
        'GET people/*': apiError(400, 'validation_failed', 'Invalid request', {}, [
          { path: 'threadId', message: 'too long' },
        ]),
      },
      /Please check the form[\s\S]*threadId: too long/,
    ],
    [
      '500 without a JSON body',
      { 'GET me': { status: 500, body: '<html>oops</html>' } },
      /Helios had a problem/,
    ],
    ['a non-Helios 404', { 'GET me': { status: 404, body: 'nginx' } }, /not a Helios API/],
    ['a malformed success', { 'GET me': ok({ id: 'x' }) }, /Something went wrong|Unexpected answer/],
  ];
  for (const [label, routes, expected] of cases) {
    it(`${label} → a readable error card on the Gmail trigger`, () => {
      const a = start(routes);
      const card = a.card('onGmailMessage', gmail());
      expect(a.lastCallMs).toBeLessThan(CALL_LIMIT_MS);
      expect(textOf(card)).toMatch(expected);
      expectReadableCard(card);
    });
  }

  it('a 403 on the sender only: the card says so and still offers a ticket', () => {
    const a = start({ 'GET me': ok(meManager), 'GET people/*': apiError(403, 'forbidden', 'Not yours') });
    const card = a.card('onGmailMessage', gmail());
    expect(textOf(card)).toContain('is not visible to you in Helios');
    expect(buttons(card).map((b) => b.text)).toContain('File a ticket');
  });

  it('400 when filing → a toast naming the field; 429 → a toast with the wait', () => {
    const event = gmailEvent({
      messageId: 'msg-1',
      threadId: 'thread-1',
      parameters: { messageId: 'msg-1', threadId: 'thread-1' },
      formInputs: { subject: 'Laptop', details: 'Black screen', priority: 'high' },
    });
    const a = start({
      ...staffRoutes(),
      'POST tickets': apiError(400, 'validation_failed', 'Invalid ticket', {}, [
        { path: 'subject', message: 'must not be empty' },
      ]),
    });
    const toast = notificationOf(a.actionResponse('onFileTicket', event)) ?? '';
    expect(toast).toBe('Please check the form: subject: must not be empty');
    a.urlFetch.stub(
      router({
        ...staffRoutes(),
        'POST tickets': apiError(429, 'rate_limited', 'Slow', { 'Retry-After': '5' }),
      }),
    );
    const limited = notificationOf(a.actionResponse('onFileTicket', event)) ?? '';
    expect(limited).toBe('Too many requests: Helios is busy. Wait 5 seconds and try again.');
    expect(a.lastCallMs).toBeLessThan(CALL_LIMIT_MS);
  });

  it('no server configured → the settings card, not an error', () => {
    addon = loadAddon({ token: 'id-token' });
    const cards = addon.cards('onHomepage', homepageEvent());
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) expectReadableCard(card);
    expect(addon.fetches).toHaveLength(0);
  });
});

describe('Drive: new ticket with these files', () => {
  const files = [{ id: 'drive-file-0001', title: 'Spec.pdf', mimeType: 'application/pdf' }];

  it('a plain user’s ticket carries the files’ links in its details (only staff attach)', () => {
    const a = start({
      ...staffRoutes(meUser),
      'GET tickets/42': ok({ ...ticket42, abilities: requesterAbilities, attachments: [], replies: [] }),
    });
    const [form] = navigatedCards(
      a.actionResponse('onDriveShowNewTicket', driveEvent({ selectedItems: files })),
    );
    if (!form) throw new Error('no form');
    const details = widgetsOf(form, 'textInput').find((i) => i.name === 'details')?.value ?? '';
    expect(details).toContain('- Spec.pdf: https://drive.google.com/file/d/drive-file-0001/view');
    // No staff pickers for a user.
    expect(widgetsOf(form, 'selectionInput').map((w) => w.name)).toEqual(['priority']);
    const filed = a.actionResponse(
      'onDriveFileTicket',
      driveEvent({
        selectedItems: files,
        parameters: parametersOf(button(form, 'File ticket').onClick?.action),
        formInputs: { subject: 'Spec.pdf', details, priority: 'low' },
      }),
    );
    expect(notificationOf(filed)).toBe('Filed TKT-42 (the files are linked in its details)');
    expect(a.fetches.filter((f) => f.url.includes('/attachments'))).toHaveLength(0);
    const post = a.fetches.find((f) => f.method === 'POST');
    expect(JSON.parse(post?.payload ?? '{}')).toMatchObject({ subject: 'Spec.pdf', source: 'addon' });
  });
});
