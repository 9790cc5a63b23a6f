import {
  customFieldSchema,
  errorBodySchema,
  tagSchema,
  userDirectoryEntrySchema,
  userSchema,
} from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

type Json = { data: Record<string, unknown> & { id: number }; nextCursor?: string | null };
type ListJson = { data: (Record<string, unknown> & { id: number })[]; nextCursor: string | null };

describe.each(backends)('users, tags and custom fields on %s', (backend) => {
  let h: ApiHarness;
  let admin: { key: string; id: number };
  let manager: { key: string; id: number };

  const db = () => h.t.handle.db;
  const count = async (table: 'organization_users' | 'audit_logs' | 'tags' | 'custom_fields' | 'user_tags') =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const body = async (res: Response) => (await res.json()) as Json;
  const errorOf = async (res: Response) => errorBodySchema.parse(await res.json()).error;

  beforeAll(async () => {
    h = await startApi(backend);
    const a = await h.user('admin');
    const m = await h.user('manager');
    admin = { key: a.key, id: a.user.id };
    manager = { key: m.key, id: m.user.id };
  });
  afterAll(async () => {
    await h?.close();
  });

  // Runs first: the admin above is the organization's only admin here.
  it('never leaves the organization without a live admin', async () => {
    const audits = await count('audit_logs');
    for (const [key, method, path, payload] of [
      [admin.key, 'PATCH', `/users/${admin.id}`, { role: 'manager' }],
      [admin.key, 'PATCH', `/users/${admin.id}`, { isActive: false }],
      [admin.key, 'POST', `/users/${admin.id}/archive`, undefined],
      [admin.key, 'DELETE', `/users/${admin.id}`, undefined],
      [manager.key, 'POST', `/users/${admin.id}/archive`, undefined],
      [manager.key, 'PATCH', `/users/${admin.id}`, { isActive: false }],
    ] as const) {
      const res = await h.api(key, method, path, payload);
      expect(res.status, `${method} ${path} ${JSON.stringify(payload)}`).toBe(409);
      expect((await errorOf(res)).code).toBe('conflict');
    }
    expect(await count('audit_logs')).toBe(audits);
    const stored = await db()
      .selectFrom('organization_users')
      .selectAll()
      .where('id', '=', admin.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ role: 'admin', is_active: true, archived_at: null });

    // With a second admin, the first may step down; the second is then the last one.
    const second = await h.user('admin');
    const demoted = await h.api(admin.key, 'PATCH', `/users/${admin.id}`, { role: 'manager' });
    expect(demoted.status).toBe(200);
    expect((await h.api(second.key, 'POST', `/users/${second.user.id}/archive`)).status).toBe(409);
    expect((await h.api(second.key, 'PATCH', `/users/${admin.id}`, { role: 'admin' })).status).toBe(200);
    expect((await h.api(admin.key, 'POST', `/users/${second.user.id}/archive`)).status).toBe(200);
  });

  it('creates, reads, updates, archives, restores and deletes users, one audit row each', async () => {
    const audits = await count('audit_logs');
    const created = await h.api(manager.key, 'POST', '/users', {
      email: 'Jane.Doe@acme.example',
      firstName: '  Jane ',
      lastName: 'Doe',
      title: 'Engineer',
      department: 'IT',
      isImportant: true,
    });
    expect(created.status).toBe(201);
    const user = userSchema.parse((await body(created)).data);
    expect(user).toMatchObject({
      email: 'Jane.Doe@acme.example',
      firstName: 'Jane',
      role: 'user',
      isActive: true,
      isImportant: true,
      syncedFromGoogle: false,
      googleWorkspaceId: null,
      lastAccessedAt: null,
      tags: [],
      customFields: {},
    });
    expect(user).not.toHaveProperty('organizationId');
    expect(user).not.toHaveProperty('counts');

    const got = userSchema.parse((await body(await h.api(manager.key, 'GET', `/users/${user.id}`))).data);
    expect(got.counts).toEqual({ assets: 0, credentials: 0, tickets: 0, licenses: 0 });
    expect(got.lastAccessedAt).not.toBeNull();
    expect(got.updatedAt).toBe(user.updatedAt); // reading is not a change

    const patched = await h.api(manager.key, 'PATCH', `/users/${user.id}`, {
      phone: '+1 555 0100',
      title: null,
    });
    expect(patched.status).toBe(200);
    expect(userSchema.parse((await body(patched)).data)).toMatchObject({ phone: '+1 555 0100', title: null });

    expect((await h.api(manager.key, 'POST', `/users/${user.id}/archive`)).status).toBe(200);
    const listed = (await (await h.api(manager.key, 'GET', '/users?archived=true')).json()) as ListJson;
    expect(listed.data.map((u) => u.id)).toContain(user.id);
    expect((await h.api(manager.key, 'POST', `/users/${user.id}/restore`)).status).toBe(200);

    expect((await h.api(manager.key, 'DELETE', `/users/${user.id}`)).status).toBe(403);
    expect((await h.api(admin.key, 'DELETE', `/users/${user.id}`)).status).toBe(204);
    expect((await h.api(admin.key, 'GET', `/users/${user.id}`)).status).toBe(404);
    expect(await count('audit_logs')).toBe(audits + 5);

    const search = (await (
      await h.api(manager.key, 'GET', `/users?q=${encodeURIComponent('MANAGER')}&role=manager`)
    ).json()) as ListJson;
    expect(search.data.map((u) => u.id)).toContain(manager.id);
    expect(search.data.every((u) => u.role === 'manager')).toBe(true);
  });

  it('refuses bad user input with the error shape and writes nothing', async () => {
    const before = { users: await count('organization_users'), audits: await count('audit_logs') };
    const location = (await body(await h.api(manager.key, 'POST', '/locations', { name: 'Closed office' })))
      .data;
    await h.api(manager.key, 'POST', `/locations/${location.id}/archive`);
    const afterSetup = await count('audit_logs');
    const cases: [unknown, string][] = [
      [{}, 'email'],
      [{ email: 'not-an-email' }, 'email'],
      [{ email: `${'x'.repeat(200)}@acme.example` }, 'email'],
      [{ email: 'a@acme.example', role: 'root' }, 'role'],
      [{ email: 'a@acme.example', firstName: 'x'.repeat(201) }, 'firstName'],
      [{ email: 'a@acme.example', managerId: -1 }, 'managerId'],
      [{ email: 'a@acme.example', managerId: 999999 }, 'managerId'],
      [{ email: 'a@acme.example', locationId: location.id }, 'locationId'],
      [{ email: 'a@acme.example', departmentId: 999999 }, 'departmentId'],
      [{ email: 'a@acme.example', photoUrl: 'javascript:alert(1)' }, 'photoUrl'],
      [{ email: 'a@acme.example', isActive: 'yes' }, 'isActive'],
      [{ email: 'a@acme.example', googleWorkspaceId: 'g-1' }, ''],
      [{ email: 'a@acme.example', syncedFromGoogle: true }, ''],
      [{ email: 'a@acme.example', customFields: { nosuch: 1 } }, 'customFields.nosuch'],
    ];
    for (const [payload, path] of cases) {
      const res = await h.api(manager.key, 'POST', '/users', payload);
      expect(res.status, JSON.stringify(payload)).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe('validation_failed');
      if (path)
        expect(
          error.details?.map((d) => d.path),
          JSON.stringify(payload),
        ).toContain(path);
    }
    for (const q of [
      '?role=root',
      '?isActive=maybe',
      '?sort=password',
      '?locationId=-3',
      '?limit=201',
      '?nope=1',
    ]) {
      expect((await h.api(manager.key, 'GET', `/users${q}`)).status, q).toBe(400);
    }
    expect((await h.api(manager.key, 'GET', '/users/abc')).status).toBe(400);
    expect(await count('organization_users')).toBe(before.users);
    expect(await count('audit_logs')).toBe(afterSetup);
  });

  it('answers 409 for a duplicate email whatever its letter case', async () => {
    const first = await h.api(manager.key, 'POST', '/users', { email: 'sam.smith@acme.example' });
    expect(first.status).toBe(201);
    const before = await count('organization_users');
    const dup = await h.api(manager.key, 'POST', '/users', { email: 'SAM.Smith@ACME.example' });
    expect(dup.status).toBe(409);
    expect((await errorOf(dup)).code).toBe('conflict');
    const other = (await body(await h.api(manager.key, 'POST', '/users', { email: 'pat@acme.example' })))
      .data;
    const clash = await h.api(manager.key, 'PATCH', `/users/${other.id}`, {
      email: 'Sam.Smith@acme.example',
    });
    expect(clash.status).toBe(409);
    // Changing the letter case of one's own address is not a clash.
    const self = await h.api(manager.key, 'PATCH', `/users/${other.id}`, { email: 'Pat@acme.example' });
    expect(self.status).toBe(200);
    expect(await count('organization_users')).toBe(before + 1);
  });

  it('lets admins alone change roles or create staff; managers keep management chains acyclic', async () => {
    const target = (
      await body(await h.api(manager.key, 'POST', '/users', { email: 'role.target@acme.example' }))
    ).data;
    const refused = await h.api(manager.key, 'PATCH', `/users/${target.id}`, { role: 'manager' });
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe('forbidden');
    // Restating the current role is not a change.
    expect(
      (await h.api(manager.key, 'PATCH', `/users/${target.id}`, { role: 'user', title: 'Analyst' })).status,
    ).toBe(200);
    expect(
      (await h.api(manager.key, 'POST', '/users', { email: 'boss@acme.example', role: 'admin' })).status,
    ).toBe(403);
    // Nor may a manager re-point an admin's sign-in identity.
    expect(
      (await h.api(manager.key, 'PATCH', `/users/${admin.id}`, { email: 'mine@acme.example' })).status,
    ).toBe(403);
    expect((await h.api(manager.key, 'PATCH', `/users/${admin.id}`, { title: 'CTO' })).status).toBe(200);
    expect(
      (await h.api(manager.key, 'POST', '/users', { email: 'ext@vendor.example', role: 'contact' })).status,
    ).toBe(201);
    const promoted = await h.api(admin.key, 'PATCH', `/users/${target.id}`, { role: 'manager' });
    expect(promoted.status).toBe(200);
    expect(userSchema.parse((await body(promoted)).data).role).toBe('manager');
    const audit = await db()
      .selectFrom('audit_logs')
      .selectAll()
      .where('entity_type', '=', 'user')
      .where('entity_id', '=', target.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'update',
      old_value: { role: 'user' },
      new_value: { role: 'manager' },
    });

    const a = (await body(await h.api(manager.key, 'POST', '/users', { email: 'chain.a@acme.example' })))
      .data;
    const b = (
      await body(
        await h.api(manager.key, 'POST', '/users', { email: 'chain.b@acme.example', managerId: a.id }),
      )
    ).data;
    const c = (
      await body(
        await h.api(manager.key, 'POST', '/users', { email: 'chain.c@acme.example', managerId: b.id }),
      )
    ).data;
    for (const [id, managerId] of [
      [a.id, a.id],
      [a.id, c.id],
      [a.id, b.id],
    ]) {
      const res = await h.api(manager.key, 'PATCH', `/users/${id}`, { managerId });
      expect(res.status, `${id} → ${managerId}`).toBe(400);
      expect((await errorOf(res)).details?.map((d) => d.path)).toEqual(['managerId']);
    }
    expect((await h.api(manager.key, 'PATCH', `/users/${c.id}`, { managerId: a.id })).status).toBe(200);
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

  it("counts a profile's live assets, credentials, tickets and licenses", async () => {
    const person = await h.user('user', 'counted@acme.example');
    const org = h.organizationId;
    const id = person.user.id;
    const asset = (name: string, assigned: number | null, archived = false) =>
      db()
        .insertInto('assets')
        .values({
          organization_id: org,
          name,
          asset_type: 'computer',
          assigned_to_user_id: assigned,
          archived_at: archived ? new Date() : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const assigned = await asset('Assigned', id);
    const linked = await asset('Linked', null);
    const both = await asset('Both', id);
    const archived = await asset('Old', null, true);
    await asset('Someone else', admin.id);
    await db()
      .insertInto('user_assets')
      .values([linked, both, archived].map((a) => ({ user_id: id, asset_id: a.id })))
      .execute();
    const cred = await db()
      .insertInto('credentials')
      .values({ organization_id: org, name: 'VPN' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db().insertInto('user_credentials').values({ user_id: id, credential_id: cred.id }).execute();
    const lic = await db()
      .insertInto('software_licenses')
      .values([
        { organization_id: org, name: 'Office' },
        { organization_id: org, name: 'Retired', archived_at: new Date() },
      ])
      .returning('id')
      .execute();
    await db()
      .insertInto('user_software_licenses')
      .values(lic.map((l) => ({ user_id: id, software_license_id: l.id })))
      .execute();
    const status = await db()
      .selectFrom('ticket_statuses')
      .select('id')
      .where('organization_id', '=', org)
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('tickets')
      .values(
        [1, 2, 3].map((n) => ({
          organization_id: org,
          number: 9000 + n,
          subject: `Ticket ${n}`,
          details: '…',
          status_id: status.id,
          created_by_user_id: admin.id,
          related_user_id: n === 3 ? admin.id : id,
          archived_at: n === 2 ? new Date() : null,
        })),
      )
      .execute();
    expect(assigned.id).toBeGreaterThan(0);

    const got = userSchema.parse((await body(await h.api(manager.key, 'GET', `/users/${id}`))).data);
    expect(got.counts).toEqual({ assets: 3, credentials: 1, tickets: 1, licenses: 1 });
  });

  it('keeps tags unique per type, lets staff write and everyone read them', async () => {
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
    expect((await h.api(contact.key, 'GET', `/tags/${renamed.id}`)).status).toBe(200);
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

    // Assets and tickets (rows inserted directly; their routes belong to other groups).
    const org = h.organizationId;
    const asset = await db()
      .insertInto('assets')
      .values({ organization_id: org, name: 'Spare laptop', asset_type: 'computer' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await h.api(manager.key, 'PUT', `/assets/${asset.id}/tags/${assetTag}`)).status).toBe(204);
    expect((await h.api(manager.key, 'PUT', `/assets/${asset.id}/tags/${ticketTag}`)).status).toBe(400);
    const status = await db()
      .selectFrom('ticket_statuses')
      .select('id')
      .where('organization_id', '=', org)
      .executeTakeFirstOrThrow();
    const ticket = await db()
      .insertInto('tickets')
      .values({
        organization_id: org,
        number: 1,
        subject: 'Help',
        details: '…',
        status_id: status.id,
        created_by_user_id: person.user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
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
    await db().updateTable('assets').set({ archived_at: new Date() }).where('id', '=', asset.id).execute();
    expect((await h.api(manager.key, 'PUT', `/assets/${asset.id}/tags/${general}`)).status).toBe(400);
  });

  it('lets admins define custom fields that users carry and lists filter on', async () => {
    const field = {
      tableName: 'organization_users',
      fieldName: 'shirt_size',
      fieldLabel: 'Shirt size',
      fieldType: 'dropdown',
      fieldOptions: { options: ['S', 'M', 'L'] },
    };
    expect((await h.api(manager.key, 'POST', '/custom-fields', field)).status).toBe(403);
    const created = await h.api(admin.key, 'POST', '/custom-fields', field);
    expect(created.status).toBe(201);
    const shirt = customFieldSchema.parse((await body(created)).data);
    expect(shirt).toMatchObject({ ...field, displayOrder: 999 });
    const dup = await h.api(admin.key, 'POST', '/custom-fields', { ...field, fieldLabel: 'Again' });
    expect(dup.status).toBe(409);
    // The same name on another table is another field.
    const other = await h.api(admin.key, 'POST', '/custom-fields', { ...field, tableName: 'assets' });
    expect(other.status).toBe(201);
    const badge = customFieldSchema.parse(
      (
        await body(
          await h.api(admin.key, 'POST', '/custom-fields', {
            tableName: 'organization_users',
            fieldName: 'badge_number',
            fieldLabel: 'Badge',
            fieldType: 'number',
            displayOrder: 1,
          }),
        )
      ).data,
    );

    const fieldsBefore = await count('custom_fields');
    for (const [payload, path] of [
      [{ ...field, fieldName: 'size', fieldOptions: undefined }, 'fieldOptions'],
      [{ ...field, fieldName: 'size', fieldOptions: { options: [] } }, 'fieldOptions.options'],
      [{ ...field, fieldName: 'size', fieldOptions: { options: ['S', 'S'] } }, 'fieldOptions.options'],
      [{ ...field, fieldName: 'size', fieldType: 'text' }, 'fieldOptions'],
      [{ ...field, fieldName: 'Shirt Size' }, 'fieldName'],
      [{ ...field, fieldName: '1size' }, 'fieldName'],
      [{ ...field, fieldName: `s${'x'.repeat(100)}` }, 'fieldName'],
      [{ ...field, fieldName: 'size', tableName: 'tags' }, 'tableName'],
      [{ ...field, fieldName: 'size', fieldType: 'color' }, 'fieldType'],
      [{ ...field, fieldName: 'size', fieldLabel: '' }, 'fieldLabel'],
      [{ ...field, fieldName: 'size', displayOrder: -1 }, 'displayOrder'],
      [{ ...field, fieldName: 'size', extra: true }, ''],
    ] as const) {
      const res = await h.api(admin.key, 'POST', '/custom-fields', payload);
      expect(res.status, JSON.stringify(payload)).toBe(400);
      if (path)
        expect(
          (await errorOf(res)).details?.map((d) => d.path),
          JSON.stringify(payload),
        ).toContain(path);
    }
    expect(await count('custom_fields')).toBe(fieldsBefore);

    // Values ride inside users and filter lists.
    const medium = await h.api(manager.key, 'POST', '/users', {
      email: 'medium@acme.example',
      customFields: { shirt_size: 'M', badge_number: 42 },
    });
    expect(medium.status).toBe(201);
    const mediumUser = userSchema.parse((await body(medium)).data);
    expect(mediumUser.customFields).toEqual({ shirt_size: 'M', badge_number: 42 });
    await h.api(manager.key, 'POST', '/users', {
      email: 'large@acme.example',
      customFields: { shirt_size: 'L' },
    });
    expect(
      (
        await h.api(manager.key, 'POST', '/users', {
          email: 'xl@acme.example',
          customFields: { shirt_size: 'XL' },
        })
      ).status,
    ).toBe(400);
    const ms = (await (await h.api(manager.key, 'GET', '/users?cf.shirt_size=M')).json()) as ListJson;
    expect(ms.data.map((u) => u.id)).toEqual([mediumUser.id]);
    expect(
      userSchema.parse((await body(await h.api(manager.key, 'GET', `/users/${mediumUser.id}`))).data)
        .customFields,
    ).toEqual({ shirt_size: 'M', badge_number: 42 });

    // Reading definitions: staff only; the list filters by table and pages.
    const person = await h.user('user');
    expect((await h.api(person.key, 'GET', '/custom-fields')).status).toBe(403);
    expect((await h.api(person.key, 'GET', `/custom-fields/${shirt.id}`)).status).toBe(404);
    const userFields: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await h.api(
        manager.key,
        'GET',
        `/custom-fields?tableName=organization_users&sort=displayOrder&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      const page = (await res.json()) as ListJson;
      userFields.push(...page.data.map((f) => customFieldSchema.parse(f).id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(userFields).toEqual([badge.id, shirt.id]);
    for (const q of ['?tableName=tags', '?archived=true', '?sort=fieldType']) {
      expect((await h.api(manager.key, 'GET', `/custom-fields${q}`)).status, q).toBe(400);
    }

    // Changing a field that has values: its type is fixed, and options in use must stay.
    const audits = await count('audit_logs');
    for (const payload of [{ fieldType: 'text' }, { fieldOptions: { options: ['S', 'L'] } }]) {
      const res = await h.api(admin.key, 'PATCH', `/custom-fields/${shirt.id}`, payload);
      expect(res.status, JSON.stringify(payload)).toBe(409);
    }
    expect(
      (await h.api(admin.key, 'PATCH', `/custom-fields/${shirt.id}`, { tableName: 'assets' })).status,
    ).toBe(400);
    expect(
      (await h.api(admin.key, 'PATCH', `/custom-fields/${shirt.id}`, { fieldName: 'badge_number' })).status,
    ).toBe(409);
    expect(
      (await h.api(manager.key, 'PATCH', `/custom-fields/${shirt.id}`, { fieldLabel: 'T-shirt' })).status,
    ).toBe(403);
    expect(await count('audit_logs')).toBe(audits);
    const grown = await h.api(admin.key, 'PATCH', `/custom-fields/${shirt.id}`, {
      fieldLabel: 'T-shirt',
      fieldOptions: { options: ['S', 'M', 'L', 'XL'] },
    });
    expect(grown.status).toBe(200);
    expect(customFieldSchema.parse((await body(grown)).data)).toMatchObject({
      fieldLabel: 'T-shirt',
      fieldOptions: { options: ['S', 'M', 'L', 'XL'] },
    });
    // A field without values may change type; a dropdown's options go with it.
    const assetField = customFieldSchema.parse((await body(other)).data);
    const retyped = await h.api(admin.key, 'PATCH', `/custom-fields/${assetField.id}`, { fieldType: 'text' });
    expect(retyped.status).toBe(200);
    expect(customFieldSchema.parse((await body(retyped)).data)).toMatchObject({
      fieldType: 'text',
      fieldOptions: null,
    });
    expect(
      (await h.api(admin.key, 'PATCH', `/custom-fields/${assetField.id}`, { fieldType: 'dropdown' })).status,
    ).toBe(400);

    expect((await h.api(manager.key, 'DELETE', `/custom-fields/${shirt.id}`)).status).toBe(403);
    expect((await h.api(admin.key, 'DELETE', `/custom-fields/${shirt.id}`)).status).toBe(204);
    expect((await h.api(manager.key, 'GET', `/custom-fields/${shirt.id}`)).status).toBe(404);
    expect(
      await db().selectFrom('custom_values').selectAll().where('field_id', '=', shirt.id).execute(),
    ).toEqual([]);
    expect(
      userSchema.parse((await body(await h.api(manager.key, 'GET', `/users/${mediumUser.id}`))).data)
        .customFields,
    ).toEqual({ badge_number: 42 });
  });
});
