import { searchResultSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories, type Factories } from '../support/factories.ts';

describe.each(backends)('global search by identifiers on %s', (backend) => {
  let h: ApiHarness;
  let manager: { key: string };
  let build: Factories;
  const search = async (key: string, q: string, types?: string) => {
    const res = await h.api(
      key,
      'GET',
      `/search?q=${encodeURIComponent(q)}&limit=100${types ? `&types=${types}` : ''}`,
    );
    expect(res.status, q).toBe(200);
    return ((await res.json()) as { data: unknown[] }).data.map((r) => searchResultSchema.parse(r));
  };

  beforeAll(async () => {
    h = await startApi(backend);
    manager = await h.user('manager');
    build = factories(h, manager);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('finds tickets by number (with or without the prefix), first, and only those the caller may read', async () => {
    const requester = await build.user();
    const stranger = await build.user();
    const tickets = [];
    for (let i = 0; i < 12; i++)
      tickets.push(await build.ticket({ subject: `Issue ${i}`, details: '…', requester }));
    const twelfth = tickets[11];
    if (!twelfth) throw new Error('no ticket');
    expect(twelfth.displayNumber).toBe('TKT-12');

    for (const q of ['TKT-12', 'tkt-12', '12']) {
      const found = await search(manager.key, q);
      expect(found[0], q).toMatchObject({
        type: 'ticket',
        id: twelfth.id,
        subtitle: expect.stringMatching(/^TKT-12 · /),
      });
    }
    // Another prefix names another organization's numbering, not this ticket.
    expect((await search(manager.key, 'INC-12', 'ticket')).map((r) => r.id)).toEqual([]);
    // Numbers do not match as substrings: TKT-1 is not TKT-12.
    expect((await search(manager.key, 'TKT-1', 'ticket')).map((r) => r.id)).toEqual([tickets[0]?.id]);
    expect((await search(requester.key, 'TKT-12')).map((r) => r.id)).toContain(twelfth.id);
    expect((await search(stranger.key, 'TKT-12')).filter((r) => r.type === 'ticket')).toEqual([]);
  });

  it('finds assets by serial number and by tag, and people and vendors by email address', async () => {
    const laptop = await build.asset({
      name: 'Design laptop',
      assetType: 'computer',
      serialNumber: 'C02XK1ABJG5H',
    });
    const loaner = await build.tag({ name: 'Loaner-7', type: 'asset' });
    const spare = await build.asset({ name: 'Spare phone', assetType: 'phone' });
    expect((await h.api(manager.key, 'PUT', `/assets/${spare.id}/tags/${loaner.id}`)).status).toBe(204);
    const person = await build.user({ email: 'freya.yilmaz@acme.example' });
    const vendor = await build.vendor({ name: 'Northwind', email: 'support@northwind.example' });

    expect(await search(manager.key, 'c02xk1abjg5h')).toContainEqual(
      expect.objectContaining({ type: 'asset', id: laptop.id }),
    );
    expect((await search(manager.key, 'Loaner-7', 'asset')).map((r) => r.id)).toEqual([spare.id]);
    // The asset list's own q finds the same (one definition of what q means for a resource).
    const listed = (await (await h.api(manager.key, 'GET', '/assets?q=loaner-7')).json()) as {
      data: { id: number }[];
    };
    expect(listed.data.map((a) => a.id)).toEqual([spare.id]);
    expect(await search(manager.key, 'freya.yilmaz@acme.example')).toContainEqual(
      expect.objectContaining({ type: 'user', id: person.user.id }),
    );
    expect(await search(manager.key, 'support@northwind')).toContainEqual(
      expect.objectContaining({ type: 'vendor', id: vendor.id }),
    );
    // Results carry exactly the documented fields.
    for (const r of await search(manager.key, 'TKT-1'))
      expect(Object.keys(r).sort()).toEqual(['id', 'subtitle', 'title', 'type']);
  });
});
