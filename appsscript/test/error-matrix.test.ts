// Every host × every error class gives a readable card (issue 12, defect 1). The runtime stand-in
// refuses what Google's CardService refuses (an empty ButtonSet, a section without widgets, a card
// without sections), so a card that would crash in Gmail throws here instead of passing.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  composeEvent,
  driveEvent,
  gmailEvent,
  homepageEvent,
  loadAddon,
  navigatedCards,
  notificationOf,
  texts,
  textOf,
  type ActionResponseJson,
  type Addon,
  type CardJson,
  type MessageFixture,
  type StubResponse,
} from './harness.ts';
import { CardServiceFake } from '../runtime/card-service.ts';
import { apiError, BACKEND, meManager, ok, router, staffAbilities, ticket42 } from './support/fixtures.ts';

const messages: Record<string, MessageFixture> = {
  'msg-1': {
    threadId: 'thread-1',
    subject: 'Laptop will not boot',
    from: 'Ada Lovelace <ada@acme.example>',
    to: 'it@acme.example',
    date: '2026-03-01T10:00:00Z',
    plainBody: 'Black screen.',
    accessToken: 'gmail-access-token',
  },
};

/**
 * What a button callback showed: the cards it navigated to, else its toast as the one thing the
 * user reads (a failed button answers with a toast, the card under it stays).
 */
const shown = (response: ActionResponseJson): CardJson[] => {
  const cards = navigatedCards(response);
  const toast = notificationOf(response);
  if (cards.length > 0 || !toast) return cards;
  return [{ header: { title: 'Toast' }, sections: [{ widgets: [{ textParagraph: { text: toast } }] }] }];
};

/** Where a card can come from: the triggers of every host, the universal actions, "Try again". */
type Host = [label: string, run: (a: Addon) => CardJson[]];
const hosts: Host[] = [
  [
    'Gmail message',
    (a) => a.cards('onGmailMessage', gmailEvent({ messageId: 'msg-1', threadId: 'thread-1' })),
  ],
  [
    'Drive items selected',
    (a) =>
      a.cards(
        'onDriveItemsSelected',
        driveEvent({ selectedItems: [{ id: 'f1', title: 'Invoice.pdf', mimeType: 'application/pdf' }] }),
      ),
  ],
  ['Gmail compose', (a) => a.cards('onGmailCompose', composeEvent({ threadId: 'thread-1' }))],
  [
    'Drive: New ticket with these files',
    (a) =>
      shown(
        a.actionResponse(
          'onDriveShowNewTicket',
          driveEvent({ selectedItems: [{ id: 'f1', title: 'Invoice.pdf', mimeType: 'application/pdf' }] }),
        ),
      ),
  ],
  [
    'Gmail: file a ticket form',
    (a) =>
      shown(
        a.actionResponse(
          'onShowTicketForm',
          gmailEvent({
            messageId: 'msg-1',
            threadId: 'thread-1',
            parameters: { messageId: 'msg-1', threadId: 'thread-1' },
          }),
        ),
      ),
  ],
  ['Gmail homepage', (a) => a.cards('onHomepage', homepageEvent({ hostApp: 'GMAIL' }))],
  ['Drive homepage', (a) => a.cards('onHomepage', homepageEvent({ hostApp: 'DRIVE' }))],
  [
    'universal: My open tickets',
    (a) => navigatedCards(a.actionResponse('onUniversalMyTickets', homepageEvent())),
  ],
  ['universal: Search', (a) => navigatedCards(a.actionResponse('onUniversalSearch', homepageEvent()))],
  ['universal: Settings', (a) => navigatedCards(a.actionResponse('onUniversalSettings', homepageEvent()))],
  [
    'Try again → home',
    (a) => navigatedCards(a.actionResponse('onRetry', homepageEvent({ parameters: { target: 'home' } }))),
  ],
  [
    'Try again → Gmail',
    (a) =>
      navigatedCards(
        a.actionResponse(
          'onRetry',
          gmailEvent({ messageId: 'msg-1', threadId: 'thread-1', parameters: { target: 'gmail' } }),
        ),
      ),
  ],
];

/** A server that accepts connections and never answers: the request times out. */
let silent: Server;
let silentPort = 0;
const sockets = new Set<Socket>();
/** A port nothing listens on: the connection is refused. */
let refusedPort = 0;
beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  silentPort = address.port;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const probeAddress = probe.address();
  if (typeof probeAddress !== 'object' || probeAddress === null) throw new Error('no port');
  refusedPort = probeAddress.port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

/** Every request answers with this error (the whole backend fails the same way). */
const failing = (answer: StubResponse): Record<string, StubResponse> => ({ '*': answer });

type ErrorClass = [
  label: string,
  setup: () => { backend: string; routes?: Record<string, StubResponse> },
  RegExp,
];
const classes: ErrorClass[] = [
  [
    '401',
    () => ({ backend: BACKEND, routes: failing(apiError(401, 'unauthenticated', 'Invalid ID token')) }),
    /sign-in/,
  ],
  [
    '403',
    () => ({ backend: BACKEND, routes: failing(apiError(403, 'forbidden', 'Suspended')) }),
    /Not allowed/,
  ],
  ['404', () => ({ backend: BACKEND, routes: failing(apiError(404, 'not_found', 'Gone')) }), /Not found/],
  [
    '409',
    () => ({ backend: BACKEND, routes: failing(apiError(409, 'conflict', 'Changed')) }),
    /Already changed/,
  ],
  [
    '429',
    () => ({
      backend: BACKEND,
      routes: failing(apiError(429, 'rate_limited', 'Slow', { 'Retry-After': '9' })),
    }),
    /Wait 9 seconds/,
  ],
  [
    '500',
    () => ({ backend: BACKEND, routes: failing({ status: 500, body: '<html>oops</html>' }) }),
    /Helios had a problem/,
  ],
  [
    '503',
    () => ({ backend: BACKEND, routes: failing(apiError(503, 'unavailable', 'Maintenance')) }),
    /Helios had a problem/,
  ],
  ['network (refused)', () => ({ backend: `http://127.0.0.1:${refusedPort}` }), /Cannot reach Helios/],
  ['timeout', () => ({ backend: `http://127.0.0.1:${silentPort}` }), /taking too long|Cannot reach Helios/],
];

/** Readable: a title, words, no stack frames or internals. */
function expectReadableCard(card: CardJson): void {
  expect(card.header?.title ?? '').not.toBe('');
  for (const t of texts(card)) {
    expect(t).not.toMatch(/^\s*at \S/m);
    expect(t).not.toMatch(/\b\w*Error:/);
    expect(t).not.toMatch(/\.(ts|js):\d+/);
    expect(t).not.toMatch(/undefined|\[object Object\]/);
  }
}

let addon: Addon | undefined;
afterEach(() => addon?.close());

describe('the stand-in refuses what CardService refuses', () => {
  it('an empty ButtonSet, a section without widgets, a card without sections', () => {
    const cs = new CardServiceFake();
    const withWidget = (w: unknown) =>
      cs.newCardBuilder().addSection(cs.newCardSection().addWidget(w)).build();
    expect(() => withWidget(cs.newButtonSet())).toThrow(/ButtonSet must have at least one button/);
    expect(() => cs.newCardBuilder().addSection(cs.newCardSection()).build()).toThrow(/at least one widget/);
    expect(() => cs.newCardBuilder().build()).toThrow(/at least one section/);
  });
});

describe.each(classes)('%s', (_label, setup, expected) => {
  it.each(hosts)('%s → a readable card', (host, run) => {
    const { backend, routes } = setup();
    addon = loadAddon({
      token: 'id-token',
      messages,
      scriptProperties: { HELIOS_BACKEND_URL: backend },
      fetchTimeoutMs: 300,
    });
    if (routes) addon.urlFetch.stub(router(routes));
    const cards = run(addon);
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) expectReadableCard(card);
    // Settings stays reachable whatever the backend does (it is where a broken connection is
    // fixed); the empty search card asks nothing of it; every other host explains the failure.
    if (host === 'universal: Settings') expect(cards[0]?.header?.title).toBe('Settings');
    else if (host === 'universal: Search') expect(addon.fetches).toHaveLength(0);
    else expect(cards.map((c) => textOf(c)).join('\n')).toMatch(expected);
  });
});

describe('the ticket card never carries an empty button row', () => {
  it('assigned to me, statuses unavailable, no public link: no empty Manage row', () => {
    addon = loadAddon({ token: 'id-token', messages, scriptProperties: { HELIOS_BACKEND_URL: BACKEND } });
    addon.urlFetch.stub(
      router({
        'GET me': ok(meManager),
        'GET tickets/42': ok({
          ...ticket42,
          assignedTo: { id: meManager.id, name: meManager.name, email: meManager.email },
          abilities: { ...staffAbilities, close: false },
          attachments: [],
          replies: [],
        }),
        'GET ticket-statuses': apiError(500, 'internal', 'down'),
      }),
    );
    const [card] = navigatedCards(
      addon.actionResponse('onOpenTicket', homepageEvent({ parameters: { ticketId: '42' } })),
    );
    expect(card?.header?.title).toContain('TKT-42');
  });
});
