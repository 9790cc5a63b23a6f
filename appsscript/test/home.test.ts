// The staff homepage leads with the queues (issue 12, "Staff homepage first"): assigned to me and
// the unassigned queue at the top, with counts ("15+" when more pages follow) and ages.
import { afterEach, describe, expect, it } from 'vitest';
import { homepageEvent, loadAddon, navigatedCards, textOf, widgetsOf, type Addon } from './harness.ts';
import { BACKEND, meManager, meUser, router, staffRoutes, ticket42 } from './support/fixtures.ts';

let addon: Addon | undefined;
afterEach(() => addon?.close());

const recent = new Date(Date.now() - 3 * 3_600_000 - 60_000).toISOString();

describe('staff homepage', () => {
  it('assigned to me and the unassigned queue first, with counts and ages', () => {
    addon = loadAddon({ token: 'tok', scriptProperties: { HELIOS_BACKEND_URL: BACKEND } });
    const routes = router(staffRoutes(meManager));
    const page = (items: unknown[], nextCursor: string | null) => ({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: items, nextCursor }),
    });
    addon.urlFetch.stub((request) => {
      const url = new URL(request.url);
      if (url.pathname.endsWith('/tickets') && url.searchParams.get('assignedTo') === 'none')
        return page([{ ...ticket42, id: 43, displayNumber: 'TKT-43', updatedAt: recent }], 'next');
      if (url.pathname.endsWith('/tickets') && url.searchParams.get('assignedTo') === 'me')
        return page([ticket42, { ...ticket42, id: 44, displayNumber: 'TKT-44' }], null);
      return routes(request);
    });
    const [card] = addon.cards('onHomepage', homepageEvent());
    if (!card) throw new Error('no card');
    expect(card.sections.slice(0, 2).map((s) => s.header)).toEqual([
      'Assigned to me (2)',
      'Unassigned queue (1+)',
    ]);
    expect(textOf(card)).toContain('updated 3 h ago');
  });

  it('a plain user: their own tickets first, no queues', () => {
    addon = loadAddon({ token: 'tok', scriptProperties: { HELIOS_BACKEND_URL: BACKEND } });
    addon.urlFetch.stub(router(staffRoutes(meUser)));
    const [card] = addon.cards('onHomepage', homepageEvent());
    // The real total beside the list (the context's counts).
    expect(card?.sections[0]?.header).toBe('My open tickets (1)');
    expect(textOf(card ?? { sections: [] })).not.toMatch(/Unassigned queue|Assigned to me/);
  });

  it('"Report a problem" for staff: any staff assignee and the categories in use, in one round trip', () => {
    addon = loadAddon({ token: 'tok', scriptProperties: { HELIOS_BACKEND_URL: BACKEND } });
    addon.urlFetch.stub(router(staffRoutes(meManager)));
    addon.cards('onHomepage', homepageEvent());
    const from = addon.fetches.length;
    const [form] = navigatedCards(addon.actionResponse('onShowReportForm', homepageEvent()));
    if (!form) throw new Error('no form');
    expect(new Set(addon.fetches.slice(from).map((f) => f.roundTrip)).size).toBe(1);
    const pickers = Object.fromEntries(
      widgetsOf(form, 'selectionInput').map((w) => [w.name, w.items.map((i) => i.text)]),
    );
    expect(pickers.assignee).toEqual(['Me', 'Nobody (queue)', 'Nora Net']);
    expect(pickers.categoryChoice).toEqual(['None', 'Hardware', 'Access', 'Other (type below)']);
    expect(pickers.tagIds).toEqual(['printer']);
  });
});
