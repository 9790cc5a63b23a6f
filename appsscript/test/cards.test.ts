// The cards, with the backend faked by canned answers shaped like the shared schemas
// (support/fixtures.ts): the sender's card for a known and an unknown sender, the prefilled ticket
// form, and every failure (refused, 401, 403, 404, 429, 400) as a readable card or toast — never a
// stack trace — within the harness's time limit.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  button,
  buttons,
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
};

const CALL_LIMIT_MS = 30_000;
let addon: Addon | undefined;
afterEach(() => addon?.close());

function start(routes: Record<string, StubResponse>, backend = BACKEND): Addon {
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
    expect(buttons(card).map((b) => b.text)).toEqual(
      expect.arrayContaining(['File a ticket', 'Add to a ticket', 'Add this email to TKT-42']),
    );
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

  it('an unknown sender: "not in Helios", and still offers a ticket', () => {
    const a = start({ ...staffRoutes(), 'GET people/*': ok(emptyContext) });
    const card = a.card('onGmailMessage', gmail('msg-2'));
    expect(card.header?.title).toBe('stranger@elsewhere.example');
    expect(card.header?.subtitle).toBe('Not in Helios');
    expect(textOf(card)).toMatch(/not in Helios/i);
    expect(textOf(card)).toContain('You can still file a ticket');
    expect(button(card, 'File a ticket').onClick?.action?.function).toBe('onShowTicketForm');
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
      expect.arrayContaining(['Change status', 'Assign to me', 'Close', 'Send reply']),
    );
    expect(textOf(staff)).toContain('internal note');
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
