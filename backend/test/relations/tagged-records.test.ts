import { assetSchema, errorBodySchema, ticketSchema, ticketWithRepliesSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories, type Factories } from '../support/factories.ts';

type ListJson = { data: { id: number; tags?: { name: string }[] }[]; nextCursor: string | null };

describe.each(backends)('tags on the records that carry them on %s', (backend) => {
  let h: ApiHarness;
  let manager: { key: string };
  let build: Factories;
  const ids = async (res: Response) => {
    expect(res.status).toBe(200);
    return ((await res.json()) as ListJson).data.map((r) => r.id).sort((a, b) => a - b);
  };

  beforeAll(async () => {
    h = await startApi(backend);
    manager = await h.user('manager');
    build = factories(h, manager);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows the tags of assets and filters assets by any or all of them', async () => {
    const loaner = await build.tag({ name: 'Loaner', type: 'asset', color: '#00aa00' });
    const spare = await build.tag({ name: 'Spare', type: 'asset' });
    const gone = await build.tag({ name: 'Gone', type: 'asset' });
    const a = await build.asset({ name: 'A', assetType: 'computer' });
    const b = await build.asset({ name: 'B', assetType: 'computer' });
    const c = await build.asset({ name: 'C', assetType: 'computer' });
    for (const [asset, tag] of [
      [a, loaner],
      [a, spare],
      [b, loaner],
      [c, gone],
    ] as const)
      expect((await h.api(manager.key, 'PUT', `/assets/${asset.id}/tags/${tag.id}`)).status).toBe(204);
    // An archived tag no longer shows on the records that carry it.
    expect((await h.api(manager.key, 'POST', `/tags/${gone.id}/archive`)).status).toBe(200);

    const shown = assetSchema.parse(
      ((await (await h.api(manager.key, 'GET', `/assets/${a.id}`)).json()) as { data: unknown }).data,
    );
    expect(shown.tags).toEqual([
      { id: loaner.id, name: 'Loaner', type: 'asset', color: '#00aa00' },
      { id: spare.id, name: 'Spare', type: 'asset', color: null },
    ]);
    const list = (await (await h.api(manager.key, 'GET', '/assets?limit=200')).json()) as ListJson;
    expect(list.data.find((r) => r.id === c.id)?.tags).toEqual([]);

    expect(await ids(await h.api(manager.key, 'GET', `/assets?tag=${loaner.id}`))).toEqual([a.id, b.id]);
    expect(await ids(await h.api(manager.key, 'GET', `/assets?tag=${spare.id}&tag=${loaner.id}`))).toEqual([
      a.id,
      b.id,
    ]);
    expect(
      await ids(await h.api(manager.key, 'GET', `/assets?tag=${spare.id}&tag=${loaner.id}&tagMode=all`)),
    ).toEqual([a.id]);
    // Naming one tag twice is still one tag.
    expect(
      await ids(await h.api(manager.key, 'GET', `/assets?tag=${loaner.id}&tag=${loaner.id}&tagMode=all`)),
    ).toEqual([a.id, b.id]);

    for (const query of ['tag=abc', 'tag=-1', 'tagMode=some', 'tagId=1']) {
      const res = await h.api(manager.key, 'GET', `/assets?${query}`);
      expect(res.status, query).toBe(400);
      expect(errorBodySchema.parse(await res.json()).error.code).toBe('validation_failed');
    }
  });

  it('shows the tags of tickets to staff and the requester, never to outside contacts, and filters by them', async () => {
    const urgent = await build.tag({ name: 'Urgent', type: 'ticket' });
    const vip = await build.tag({ name: 'VIP', type: 'general' });
    const requester = await build.user();
    const contact = await h.user('contact');
    const t1 = await build.ticket({ subject: 'One', details: '…', requester });
    const t2 = await build.ticket({ subject: 'Two', details: '…', requester });
    const t3 = await build.ticket({ subject: 'Three', details: '…', requester: contact });
    for (const [ticket, tag] of [
      [t1, urgent],
      [t1, vip],
      [t2, vip],
      [t3, vip],
    ] as const)
      expect((await h.api(manager.key, 'PUT', `/tickets/${ticket.id}/tags/${tag.id}`)).status).toBe(204);

    const one = ticketWithRepliesSchema.parse(
      ((await (await h.api(requester.key, 'GET', `/tickets/${t1.id}`)).json()) as { data: unknown }).data,
    );
    expect(one.tags.map((t) => t.name)).toEqual(['Urgent', 'VIP']);
    const theirs = ticketSchema.parse(
      ((await (await h.api(contact.key, 'GET', `/tickets/${t3.id}`)).json()) as { data: unknown }).data,
    );
    expect(theirs.tags).toEqual([]);

    expect(await ids(await h.api(manager.key, 'GET', `/tickets?tag=${vip.id}`))).toEqual([
      t1.id,
      t2.id,
      t3.id,
    ]);
    expect(
      await ids(await h.api(manager.key, 'GET', `/tickets?tag=${vip.id}&tag=${urgent.id}&tagMode=all`)),
    ).toEqual([t1.id]);
    // The filter narrows what the caller may read; it never widens it.
    expect(await ids(await h.api(requester.key, 'GET', `/tickets?tag=${vip.id}`))).toEqual([t1.id, t2.id]);
    expect((await h.api(manager.key, 'GET', '/tickets?tag=x')).status).toBe(400);
  });

  it('filters users by several tags too', async () => {
    const remote = await build.tag({ name: 'Remote', type: 'user' });
    const night = await build.tag({ name: 'Night shift', type: 'user' });
    const u1 = await build.user();
    const u2 = await build.user();
    await h.api(manager.key, 'PUT', `/users/${u1.user.id}/tags/${remote.id}`);
    await h.api(manager.key, 'PUT', `/users/${u1.user.id}/tags/${night.id}`);
    await h.api(manager.key, 'PUT', `/users/${u2.user.id}/tags/${night.id}`);
    expect(await ids(await h.api(manager.key, 'GET', `/users?tag=${remote.id}&tag=${night.id}`))).toEqual([
      u1.user.id,
      u2.user.id,
    ]);
    expect(
      await ids(await h.api(manager.key, 'GET', `/users?tag=${remote.id}&tag=${night.id}&tagMode=all`)),
    ).toEqual([u1.user.id]);
  });
});
