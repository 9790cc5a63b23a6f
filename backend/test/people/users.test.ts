import { errorBodySchema, userSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories, type Factories } from '../support/factories.ts';
import { recordRequests } from '../support/record-requests.ts';

type Json = { data: Record<string, unknown> & { id: number }; nextCursor?: string | null };
type ListJson = { data: (Record<string, unknown> & { id: number })[]; nextCursor: string | null };

describe.each(backends)('users on %s', (backend) => {
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

  // Runs first: the admin above is the organization's only admin here.
  it('never leaves the organization without a live admin', async () => {
    const audits = await count('audit_logs');
    for (const [key, method, path, payload] of [
      [admin.key, 'PATCH', `/users/${admin.id}`, { role: 'manager' }],
      [admin.key, 'PATCH', `/users/${admin.id}`, { isActive: false }],
      [admin.key, 'POST', `/users/${admin.id}/archive`, undefined],
      [admin.key, 'DELETE', `/users/${admin.id}`, undefined],
    ] as const) {
      const res = await h.api(key, method, path, payload);
      expect(res.status, `${method} ${path} ${JSON.stringify(payload)}`).toBe(409);
      expect((await errorOf(res)).code).toBe('conflict');
    }
    // Only admins act on admins: a manager may not take one out of service at all (issue 11).
    for (const [method, path, payload] of [
      ['POST', `/users/${admin.id}/archive`, undefined],
      ['PATCH', `/users/${admin.id}`, { isActive: false }],
    ] as const) {
      const res = await h.api(manager.key, method, path, payload);
      expect(res.status, `${method} ${path} ${JSON.stringify(payload)}`).toBe(403);
      expect((await errorOf(res)).code).toBe('forbidden');
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
    // Only admins act on admins (issue 11): not even a title.
    expect((await h.api(manager.key, 'PATCH', `/users/${admin.id}`, { title: 'CTO' })).status).toBe(403);
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

  it("counts a profile's live assets, credentials, tickets and licenses", async () => {
    const person = await h.user('user', 'counted@acme.example');
    const id = person.user.id;
    const assigned = await build.asset({ name: 'Assigned', assignedTo: person });
    const linked = await build.asset({ name: 'Linked' });
    const both = await build.asset({ name: 'Both', assignedTo: person });
    const archived = await build.asset({ name: 'Old' });
    await build.asset({ name: 'Someone else', assignedTo: admin.id });
    for (const asset of [linked, both, archived]) await build.link({ users: person, assets: asset });
    await build.archive('assets', archived);
    const cred = await build.credential({ name: 'VPN' });
    await build.link({ users: person, credentials: cred });
    const office = await build.softwareLicense({ name: 'Office' });
    const retired = await build.softwareLicense({ name: 'Retired' });
    for (const license of [office, retired])
      await build.link({ users: person, 'software-licenses': license });
    await build.archive('software-licenses', retired);
    for (const n of [1, 2, 3]) {
      await build.ticket({
        subject: `Ticket ${n}`,
        details: '…',
        requester: admin,
        related: n === 3 ? admin.id : person,
        archived: n === 2 ? true : undefined,
      });
    }
    expect(assigned.id).toBeGreaterThan(0);

    const got = userSchema.parse((await body(await h.api(manager.key, 'GET', `/users/${id}`))).data);
    expect(got.counts).toEqual({ assets: 3, credentials: 1, tickets: 1, licenses: 1 });
  });
});
