// The sender card tells the truth about what Helios knows (issue 12): a plain user opening a
// colleague's email gets "Report this email to IT" and their own tickets, never a card about the
// colleague (nor a false "Not in Helios"); list totals are the backend's real counts, never its
// caps; lists fold after three; suspended accounts, expiring licenses and warranties stand out.
import { afterEach, describe, expect, it } from 'vitest';
import { gmailEvent, loadAddon, textOf, type Addon, type CardJson, type MessageFixture } from './harness.ts';
import {
  adaContext,
  apiError,
  BACKEND,
  meManager,
  meUser,
  ok,
  router,
  staffRoutes,
} from './support/fixtures.ts';

const messages: Record<string, MessageFixture> = {
  'msg-1': {
    threadId: 'thread-1',
    subject: 'Lunch?',
    from: 'Ada Lovelace <ada@acme.example>',
    to: 'me@acme.example',
    date: '2026-03-01T10:00:00Z',
    plainBody: 'Noon?',
    accessToken: 'gmail-access-token',
  },
};

let addon: Addon | undefined;
afterEach(() => addon?.close());

function senderCard(routes: Parameters<typeof router>[0]): CardJson {
  addon = loadAddon({ token: 'tok', messages, scriptProperties: { HELIOS_BACKEND_URL: BACKEND } });
  addon.urlFetch.stub(router(routes));
  return addon.card('onGmailMessage', gmailEvent({ messageId: 'msg-1', threadId: 'thread-1' }));
}

const headers = (card: CardJson): string[] => card.sections.map((s) => s.header ?? '');
const day = (offsetDays: number): string =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** The directory-only card the API sends a plain user about a colleague: names and emails. */
const directoryOnly = {
  ...adaContext,
  person: {
    ...adaContext.person,
    role: null,
    title: null,
    department: null,
    orgUnit: null,
    manager: null,
  },
  assets: [],
  softwareLicenses: [],
  openTickets: [],
  recentTickets: [],
  ticketForThread: null,
  groups: [],
  orgUnit: null,
};

describe('a plain user opening a colleague’s email', () => {
  // Grace opens Ada's email.
  const meGrace = { ...meUser, id: 12, email: 'grace@acme.example', name: 'Grace Hopper' };
  const own = {
    ...adaContext,
    openTickets: adaContext.openTickets,
    ticketForThread: null,
    counts: { openTickets: 1, devices: 1, licenses: 1 },
  };

  it('gets "Report this email to IT" and their own open tickets, not a card about the colleague', () => {
    const card = senderCard({
      'GET me': ok(meGrace),
      // Whose context is asked for is the point: the user's own, never the colleague's.
      'GET people/grace%40acme.example/context': ok(own),
      'GET people/*': apiError(500, 'internal', 'asked for someone else'),
    });
    expect(card.header?.title).toBe('Helios');
    expect(card.fixedFooter?.primaryButton?.text).toBe('Report this email to IT');
    expect(headers(card)).toContain('My open tickets (1)');
    const text = textOf(card);
    expect(text).toContain('TKT-41');
    expect(text).not.toMatch(/not in Helios|Devices|Who/i);
  });

  it('the colleague’s context is never shown, even when the API would answer it (403 or directory)', () => {
    for (const colleague of [apiError(403, 'forbidden', 'Not yours'), ok(directoryOnly)]) {
      const card = senderCard({
        'GET me': ok(meGrace),
        'GET people/grace%40acme.example/context': ok({
          ...own,
          openTickets: [],
          counts: { ...own.counts, openTickets: 0 },
        }),
        'GET people/*': colleague,
      });
      expect(textOf(card)).not.toMatch(/not in Helios|is not visible to you/i);
      expect(textOf(card)).toContain('You have no open tickets.');
    }
  });

  it('a thread that is a ticket the user may see: shown first, and "Add to TKT-n" beside Report', () => {
    const card = senderCard({
      'GET me': ok(meGrace),
      'GET people/*': ok({ ...own, ticketForThread: adaContext.ticketForThread }),
    });
    expect(card.sections[0]?.header).toBe('This thread is a ticket');
    expect(card.fixedFooter?.secondaryButton?.text).toBe('Add to TKT-42');
  });
});

describe('list counts and highlights on the staff sender card', () => {
  const asset = adaContext.assets[0];
  const ticket = adaContext.openTickets[0];
  if (!asset || !ticket) throw new Error('fixtures changed');

  it('a list cut at the backend’s cap shows its real total from counts: "Devices (3 of 57)"', () => {
    const assets = Array.from({ length: 50 }, (_, i) => ({ ...asset, id: 1000 + i, name: `Laptop ${i}` }));
    const openTickets = Array.from({ length: 20 }, (_, i) => ({
      ...ticket,
      id: 500 + i,
      displayNumber: `TKT-${500 + i}`,
    }));
    const card = senderCard({
      ...staffRoutes(meManager),
      'GET people/*': ok({
        ...adaContext,
        assets,
        openTickets,
        counts: { devices: 57, openTickets: 23, licenses: 1 },
      }),
    });
    expect(headers(card)).toEqual(
      expect.arrayContaining(['Devices (3 of 57)', 'Open tickets (3 of 23)', 'Licenses (1)']),
    );
    expect(textOf(card)).toContain('More (47)');
    expect(textOf(card)).not.toMatch(/50\+|20\+/);

    // Paging on: the last loaded page says how many more only Helios lists.
    const last = addon?.actionResponse(
      'onPersonList',
      gmailEvent({
        messageId: 'msg-1',
        threadId: 'thread-1',
        parameters: { email: 'ada@acme.example', kind: 'assets', offset: '40', threadId: 'thread-1' },
      }),
    );
    const page = last?.renderActions.action.navigations?.[0]?.pushCard;
    expect(page?.header?.subtitle).toBe('41–50 of 57');
    expect(textOf(page ?? { sections: [] })).toContain('…and 7 more in Helios.');

    const twelve = senderCard({
      ...staffRoutes(meManager),
      'GET people/*': ok({
        ...adaContext,
        assets: assets.slice(0, 12),
        counts: { ...adaContext.counts, devices: 12 },
      }),
    });
    expect(headers(twelve)).toContain('Devices (3 of 12)');
    expect(textOf(twelve)).toContain('More (2)');
  });

  it('lists fold after three rows', () => {
    const assets = Array.from({ length: 5 }, (_, i) => ({ ...asset, id: 1000 + i, name: `Laptop ${i}` }));
    const card = senderCard({
      ...staffRoutes(meManager),
      'GET people/*': ok({ ...adaContext, assets, counts: { ...adaContext.counts, devices: 5 } }),
    });
    const devices = card.sections.find((s) => s.header === 'Devices (3 of 5)');
    expect(devices?.collapsible).toBe(true);
    expect(devices?.uncollapsibleWidgetsCount).toBe(3);
  });

  it('suspended accounts, expiring licenses and warranties stand out', () => {
    const card = senderCard({
      ...staffRoutes(meManager),
      'GET people/*': ok({
        ...adaContext,
        person: { ...adaContext.person, isActive: false },
        assets: [{ ...asset, warrantyExpireDate: day(-3) }],
        softwareLicenses: [
          { id: 1, name: 'Figma', licenseType: null, expireDate: day(10), googleLicenseSku: null },
          { id: 2, name: 'Slack', licenseType: null, expireDate: day(400), googleLicenseSku: null },
        ],
      }),
    });
    const text = textOf(card);
    expect(text).toContain('Account suspended or inactive');
    expect(text).toContain('⚠ Warranty expired');
    expect(text).toMatch(/⚠ License ends in (9|10) d/);
    expect(text.match(/⚠ License/g)).toHaveLength(1);
  });
});
