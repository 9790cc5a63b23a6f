import { userDirectoryEntrySchema, userSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

type Json = { data: Record<string, unknown> & { id: number }; nextCursor?: string | null };
type ListJson = { data: (Record<string, unknown> & { id: number })[]; nextCursor: string | null };

describe.each(backends)('the user directory on %s', (backend) => {
  let h: ApiHarness;
  let admin: { key: string; id: number };

  const body = async (res: Response) => (await res.json()) as Json;

  beforeAll(async () => {
    h = await startApi(backend);
    const a = await h.user('admin');
    admin = { key: a.key, id: a.user.id };
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows a `user` the directory of active colleagues only, and themselves in full', async () => {
    const me = await h.user('user', 'dana@acme.example', { title: 'Designer', phone: '+1 555 0199' });
    const colleague = await h.user('user', 'eli@acme.example', {
      department: 'Sales',
      mobile: '+1 555 0111',
    });
    const gone = await h.user('user', 'gone@acme.example', { archived_at: new Date() });
    const inactive = await h.user('user', 'inactive@acme.example', { is_active: false });
    const outside = await h.user('contact', 'someone@vendor.example');

    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await h.api(me.key, 'GET', `/users?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as ListJson;
      for (const entry of page.data) {
        expect(Object.keys(entry).sort()).toEqual([
          'department',
          'email',
          'firstName',
          'id',
          'lastName',
          'photoUrl',
          'title',
        ]);
        userDirectoryEntrySchema.parse(entry);
        ids.push(entry.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toContain(me.user.id);
    expect(ids).toContain(colleague.user.id);
    expect(ids).toContain(admin.id);
    for (const hidden of [gone, inactive, outside]) expect(ids).not.toContain(hidden.user.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));

    const search = (await (await h.api(me.key, 'GET', '/users?q=SALES')).json()) as ListJson;
    expect(search.data.map((u) => u.id)).toEqual([colleague.user.id]);
    for (const q of ['?archived=true', '?archived=all', '?role=admin', '?cf.anything=1', '?sort=createdAt']) {
      expect((await h.api(me.key, 'GET', `/users${q}`)).status, q).toBe(400);
    }

    const self = userSchema.parse((await body(await h.api(me.key, 'GET', `/users/${me.user.id}`))).data);
    expect(self).toMatchObject({
      phone: '+1 555 0199',
      counts: { assets: 0, credentials: 0, tickets: 0, licenses: 0 },
    });
    expect((await h.api(me.key, 'GET', `/users/${colleague.user.id}`)).status).toBe(404);
    expect((await h.api(me.key, 'PATCH', `/users/${me.user.id}`, { title: 'Boss' })).status).toBe(403);
    expect((await h.api(me.key, 'POST', '/users', { email: 'new@acme.example' })).status).toBe(403);
    expect((await h.api(me.key, 'POST', `/users/${colleague.user.id}/archive`)).status).toBe(404);
  });

  it('shows a contact only themselves', async () => {
    const contact = await h.user('contact', 'vendor.rep@vendor.example');
    const list = (await (await h.api(contact.key, 'GET', '/users')).json()) as ListJson;
    expect(list.data.map((u) => u.id)).toEqual([contact.user.id]);
    expect(userSchema.parse(list.data[0]).email).toBe('vendor.rep@vendor.example');
    expect((await h.api(contact.key, 'GET', `/users/${contact.user.id}`)).status).toBe(200);
    expect((await h.api(contact.key, 'GET', `/users/${admin.id}`)).status).toBe(404);
    expect((await h.api(contact.key, 'GET', `/users/${admin.id}/links`)).status).toBe(404);
  });
});
