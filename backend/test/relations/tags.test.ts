import { errorBodySchema, tagSchema, userSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories, type Factories } from '../support/factories.ts';
import { recordRequests } from '../support/record-requests.ts';

type Json = { data: Record<string, unknown> & { id: number }; nextCursor?: string | null };
type ListJson = { data: (Record<string, unknown> & { id: number })[]; nextCursor: string | null };

describe.each(backends)('tags on %s', (backend) => {
  let h: ApiHarness;
  let admin: { key: string; id: number };
  let manager: { key: string; id: number };
  let build: Factories;

  const db = () => h.t.handle.db;
  const { count } = recordRequests(() => ({ h, key: manager.key }));
  const body = async (res: Response) => (await res.json()) as Json;
  const errorOf = async (res: Response) => errorBodySchema.parse(await res.json()).error;

  beforeAll(async () => {
    h = await startApi(backend);
    const a = await h.user('admin');
    const m = await h.user('manager');
    admin = { key: a.key, id: a.user.id };
    manager = { key: m.key, id: m.user.id };
    build = factories(h, manager);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps tags unique per type, lets staff write and everyone inside the organization read them', async () => {
    const before = await count('tags');
    const vip = await h.api(manager.key, 'POST', '/tags', { name: 'VIP', type: 'user', color: '#ff8800' });
    expect(vip.status).toBe(201);
    expect(tagSchema.parse((await body(vip)).data)).toMatchObject({
      name: 'VIP',
      type: 'user',
      color: '#ff8800',
      archivedAt: null,
    });
    const dup = await h.api(manager.key, 'POST', '/tags', { name: 'vip', type: 'user' });
    expect(dup.status).toBe(409);
    expect((await errorOf(dup)).code).toBe('conflict');
    expect((await h.api(manager.key, 'POST', '/tags', { name: 'VIP', type: 'asset' })).status).toBe(201);
    expect((await h.api(manager.key, 'POST', '/tags', { name: 'VIP' })).status).toBe(201);
    // Two untyped tags with one name are duplicates too (NULLS NOT DISTINCT).
    expect((await h.api(manager.key, 'POST', '/tags', { name: 'VIP', type: null })).status).toBe(409);
    const renamed = (await body(await h.api(manager.key, 'POST', '/tags', { name: 'Temp', type: 'user' })))
      .data;
    expect((await h.api(manager.key, 'PATCH', `/tags/${renamed.id}`, { name: 'VIP' })).status).toBe(409);
    expect((await h.api(manager.key, 'PATCH', `/tags/${renamed.id}`, { color: '#00aa00' })).status).toBe(200);
    expect(await count('tags')).toBe(before + 4);

    for (const [payload, path] of [
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: 'ok', type: 'person' }, 'type'],
      [{ name: 'ok', color: 'red' }, 'color'],
      [{ name: 'ok', color: '#ff880' }, 'color'],
      [{ name: 'ok', extra: 1 }, ''],
    ] as const) {
      const res = await h.api(manager.key, 'POST', '/tags', payload);
      expect(res.status, JSON.stringify(payload)).toBe(400);
      if (path) expect((await errorOf(res)).details?.map((d) => d.path)).toContain(path);
    }
    expect(await count('tags')).toBe(before + 4);

    const person = await h.user('user');
    const contact = await h.user('contact');
    expect((await h.api(person.key, 'GET', '/tags')).status).toBe(200);
    // Outside contacts read no tag names (issue 11): no list, and no tag by id.
    expect((await h.api(contact.key, 'GET', `/tags/${renamed.id}`)).status).toBe(404);
    expect((await h.api(contact.key, 'GET', '/tags')).status).toBe(403);
    expect((await h.api(person.key, 'POST', '/tags', { name: 'Mine' })).status).toBe(403);
    expect((await h.api(manager.key, 'DELETE', `/tags/${renamed.id}`)).status).toBe(403);
    expect((await h.api(admin.key, 'DELETE', `/tags/${renamed.id}`)).status).toBe(204);

    const forUsers = (await (
      await h.api(manager.key, 'GET', '/tags?appliesTo=user&q=vip')
    ).json()) as ListJson;
    expect(forUsers.data.map((t) => [t.name, t.type]).sort()).toEqual([
      ['VIP', null],
      ['VIP', 'user'],
    ]);
  });

  it('puts tags on users, assets and tickets: type must fit, idempotent, audited, staff only', async () => {
    const make = async (name: string, type: string | null) =>
      (await body(await h.api(manager.key, 'POST', '/tags', { name, type }))).data.id;
    const userTag = await make('Remote', 'user');
    const assetTag = await make('Loaner', 'asset');
    const ticketTag = await make('Escalated', 'ticket');
    const general = await make('Priority', 'general');
    const archivedTag = await make('Legacy', 'user');
    await h.api(manager.key, 'POST', `/tags/${archivedTag}/archive`);
    const person = await h.user('user', 'tagged@acme.example');
    const audits = async (action: string) =>
      Number(
        (
          await db()
            .selectFrom('audit_logs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', action)
            .executeTakeFirstOrThrow()
        ).n,
      );

    expect((await h.api(manager.key, 'PUT', `/users/${person.user.id}/tags/${userTag}`)).status).toBe(204);
    expect((await h.api(manager.key, 'PUT', `/users/${person.user.id}/tags/${userTag}`)).status).toBe(204);
    expect((await h.api(manager.key, 'PUT', `/users/${person.user.id}/tags/${general}`)).status).toBe(204);
    expect(await audits('tag')).toBe(2);
    const mismatch = await h.api(manager.key, 'PUT', `/users/${person.user.id}/tags/${assetTag}`);
    expect(mismatch.status).toBe(400);
    expect((await errorOf(mismatch)).details?.map((d) => d.path)).toEqual(['tagId']);
    expect((await h.api(manager.key, 'PUT', `/users/${person.user.id}/tags/${archivedTag}`)).status).toBe(
      400,
    );
    expect((await h.api(manager.key, 'PUT', `/users/${person.user.id}/tags/999999`)).status).toBe(404);
    expect((await h.api(manager.key, 'PUT', `/users/999999/tags/${userTag}`)).status).toBe(404);
    expect((await h.api(manager.key, 'PUT', `/users/${person.user.id}/tags/-4`)).status).toBe(400);
    expect((await h.api(person.key, 'PUT', `/users/${person.user.id}/tags/${userTag}`)).status).toBe(403);

    const shown = userSchema.parse(
      (await body(await h.api(manager.key, 'GET', `/users/${person.user.id}`))).data,
    );
    expect(shown.tags.map((t) => t.name)).toEqual(['Priority', 'Remote']);
    const filtered = (await (await h.api(manager.key, 'GET', `/users?tagId=${userTag}`)).json()) as ListJson;
    expect(filtered.data.map((u) => u.id)).toEqual([person.user.id]);
    // A tag in use on users cannot become an asset tag.
    expect((await h.api(manager.key, 'PATCH', `/tags/${userTag}`, { type: 'asset' })).status).toBe(409);

    expect((await h.api(manager.key, 'DELETE', `/users/${person.user.id}/tags/${userTag}`)).status).toBe(204);
    expect((await h.api(manager.key, 'DELETE', `/users/${person.user.id}/tags/${userTag}`)).status).toBe(204);
    expect(await audits('untag')).toBe(1);
    const untagAudit = await db()
      .selectFrom('audit_logs')
      .selectAll()
      .where('action', '=', 'untag')
      .executeTakeFirstOrThrow();
    expect(untagAudit).toMatchObject({ entity_type: 'user', entity_id: person.user.id, user_id: manager.id });
    expect(
      (
        await db().selectFrom('user_tags').select('tag_id').where('user_id', '=', person.user.id).execute()
      ).map((r) => r.tag_id),
    ).toEqual([general]);

    // Assets and tickets, built through their own routes.
    const asset = await build.asset({ name: 'Spare laptop', assetType: 'computer' });
    expect((await h.api(manager.key, 'PUT', `/assets/${asset.id}/tags/${assetTag}`)).status).toBe(204);
    expect((await h.api(manager.key, 'PUT', `/assets/${asset.id}/tags/${ticketTag}`)).status).toBe(400);
    const ticket = await build.ticket({ subject: 'Help', details: '…', requester: person });
    expect((await h.api(manager.key, 'PUT', `/tickets/${ticket.id}/tags/${ticketTag}`)).status).toBe(204);
    expect((await h.api(manager.key, 'PUT', `/tickets/${ticket.id}/tags/${userTag}`)).status).toBe(400);
    // The creator may read the ticket but not tag it.
    expect((await h.api(person.key, 'PUT', `/tickets/${ticket.id}/tags/${general}`)).status).toBe(403);
    expect(await db().selectFrom('asset_tags').selectAll().execute()).toEqual([
      { asset_id: asset.id, tag_id: assetTag },
    ]);
    expect(await db().selectFrom('ticket_tags').selectAll().execute()).toEqual([
      { ticket_id: ticket.id, tag_id: ticketTag },
    ]);
    await build.archive('assets', asset);
    expect((await h.api(manager.key, 'PUT', `/assets/${asset.id}/tags/${general}`)).status).toBe(400);
  });
});
