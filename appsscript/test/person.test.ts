// The sender card tells the truth about what Helios knows (issue 12, defect 6): a plain user
// opening a colleague's email is not told the colleague is "Not in Helios"; list counts never show
// the backend's caps as totals; lists fold after three; suspended accounts, expiring licenses and
// warranties stand out.
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
  it('the API refuses the context (403): a neutral card, never "Not in Helios"', () => {
    const card = senderCard({
      'GET me': ok(meUser),
      'GET people/*': apiError(403, 'forbidden', 'Not yours'),
    });
    expect(card.header?.subtitle).not.toMatch(/not in Helios/i);
    expect(textOf(card)).not.toMatch(/not in Helios/i);
    expect(textOf(card)).toContain('is not visible to you in Helios');
  });

  it('the directory-only view: name and email, no empty "Open tickets (0)", a word on what staff see', () => {
    const card = senderCard({ 'GET me': ok(meUser), 'GET people/*': ok(directoryOnly) });
    expect(card.header?.title).toBe('Ada Lovelace');
    expect(card.header?.subtitle).toBe('ada@acme.example');
    const text = textOf(card);
    expect(text).not.toMatch(/not in Helios/i);
    expect(text).toContain('IT staff see their devices and tickets');
    expect(headers(card).join('\n')).not.toMatch(/Open tickets/);
  });

  it('tickets the user shares with the colleague are shown as such', () => {
    const card = senderCard({
      'GET me': ok(meUser),
      'GET people/*': ok({ ...directoryOnly, openTickets: adaContext.openTickets }),
    });
    expect(headers(card)).toContain('Open tickets you share (1)');
  });
});

describe('list counts and highlights on the staff sender card', () => {
  const asset = adaContext.assets[0];
  const ticket = adaContext.openTickets[0];
  if (!asset || !ticket) throw new Error('fixtures changed');

  it('a list cut at the backend’s cap reads "50+", a shorter one its real count', () => {
    const assets = Array.from({ length: 50 }, (_, i) => ({ ...asset, id: 1000 + i, name: `Laptop ${i}` }));
    const openTickets = Array.from({ length: 20 }, (_, i) => ({
      ...ticket,
      id: 500 + i,
      displayNumber: `TKT-${500 + i}`,
    }));
    const card = senderCard({
      ...staffRoutes(meManager),
      'GET people/*': ok({ ...adaContext, assets, openTickets }),
    });
    expect(headers(card)).toEqual(
      expect.arrayContaining(['Devices (50+)', 'Open tickets (20+)', 'Licenses (1)']),
    );
    expect(textOf(card)).not.toMatch(/Devices \(50\)|More \(40\)/);
    const twelve = senderCard({
      ...staffRoutes(meManager),
      'GET people/*': ok({ ...adaContext, assets: assets.slice(0, 12) }),
    });
    expect(headers(twelve)).toContain('Devices (12)');
    expect(textOf(twelve)).toContain('More (2)');
  });

  it('lists fold after three rows', () => {
    const assets = Array.from({ length: 5 }, (_, i) => ({ ...asset, id: 1000 + i, name: `Laptop ${i}` }));
    const card = senderCard({ ...staffRoutes(meManager), 'GET people/*': ok({ ...adaContext, assets }) });
    const devices = card.sections.find((s) => s.header === 'Devices (5)');
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
