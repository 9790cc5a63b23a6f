import {
  assetSchema,
  groupSchema,
  groupWithMembersSchema,
  orgUnitSchema,
  orgUnitWithChildrenSchema,
  peopleContextSchema,
} from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeSync } from '../../src/modules/directory-sync/commands/sync-runs.ts';
import type { DirectoryProvider } from '../../src/modules/directory-sync/engine/provider.ts';
import { createWorkspaceSource } from '../../src/modules/directory-sync/providers/google/clients.ts';
import { googleProvider } from '../../src/modules/directory-sync/providers/google/provider.ts';
import { createVault } from '../../src/core/crypto/vault.ts';
import { startSimulator, type Simulator } from '../../src/simulators/workspace/server.ts';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

type Page<T> = { data: T[]; nextCursor: string | null };

describe.each(backends)('the synced directory through the API on %s', (backend) => {
  let h: ApiHarness;
  let sim: Simulator;
  let admin: Awaited<ReturnType<ApiHarness['user']>>;
  let google: DirectoryProvider;

  const get = async <T>(key: string, path: string, status = 200): Promise<T> => {
    const res = await h.api(key, 'GET', path);
    expect(res.status, path).toBe(status);
    return (await res.json()) as T;
  };
  /** Every page of a list. */
  const all = async <T>(key: string, path: string): Promise<T[]> => {
    const out: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const body: Page<T> = await get<Page<T>>(
        key,
        `${path}${sep}limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      out.push(...body.data);
      cursor = body.nextCursor;
    } while (cursor);
    return out;
  };

  beforeAll(async () => {
    h = await startApi(backend);
    sim = await startSimulator({
      directory: {
        users: 60,
        seed: 11,
        domain: 'acme.example',
        chromeDevices: 4,
        mobileDevices: 24,
        groups: 8,
      },
    });
    admin = await h.user('admin');
    google = googleProvider({
      vault: createVault({ encryptionKeys: h.encryptionKeys, dataDir: h.dataDir }),
      makeSource: (settings, key) =>
        createWorkspaceSource({
          serviceAccountKey: key,
          adminEmail: settings.admin_email,
          customerId: settings.customer_id,
          apiOrigin: sim.origin,
          retry: { sleep: () => Promise.resolve(), maxAttempts: 3 },
          logger: { warn: () => undefined },
        }),
    });
    const saved = await h.api(admin.key, 'PUT', '/settings/google', {
      serviceAccountKey: JSON.stringify(sim.serviceAccountKey()),
      adminEmail: sim.adminEmail,
    });
    expect(saved.status).toBe(200);
    const res = await h.api(admin.key, 'POST', '/sync/google');
    expect(res.status).toBe(202);
    const { runId } = ((await res.json()) as { data: { runId: number } }).data;
    await executeSync(h.t.handle.db, google, h.organizationId, runId, { progressIntervalMs: 0 });
  });
  afterAll(async () => {
    await sim?.close();
    await h?.close();
  });

  it('names synced mobile devices by model and serial (or IMEI), never after their owner', async () => {
    const phones = [
      ...(await all<unknown>(admin.key, '/assets?assetType=phone')),
      ...(await all<unknown>(admin.key, '/assets?assetType=tablet')),
    ].map((a) => assetSchema.parse(a));
    expect(phones).toHaveLength(24);
    const owners = new Set(
      (await all<{ firstName: string | null; lastName: string | null }>(admin.key, '/users')).map(
        (u) => `${u.firstName} ${u.lastName}`,
      ),
    );
    for (const phone of phones) {
      expect(owners.has(phone.name), phone.name).toBe(false);
      expect(phone.syncedFromGoogle).toBe(true);
      if (phone.model?.startsWith('iPhone')) {
        // Google gives only an IMEI for these.
        expect(phone.serialNumber).toBeNull();
        expect(phone.name).toMatch(new RegExp(`^${phone.model} IMEI \\d{15}$`));
      } else {
        expect(phone.serialNumber).toMatch(/^[A-Z0-9]{11}$/);
        expect(phone.name).toBe(`${phone.model} ${phone.serialNumber}`);
      }
    }
    expect(phones.some((p) => p.model?.startsWith('iPhone'))).toBe(true);
    expect(phones.some((p) => p.serialNumber !== null)).toBe(true);
    // A serial is searchable like any asset's.
    const withSerial = phones.find((p) => p.serialNumber !== null);
    const found = await get<{ data: { type: string; id: number }[] }>(
      admin.key,
      `/search?q=${withSerial?.serialNumber}`,
    );
    expect(found.data).toContainEqual(expect.objectContaining({ type: 'asset', id: withSerial?.id }));
  });

  it('serves groups with their members and org units with their children, scoped like users', async () => {
    const groups = (await all<unknown>(admin.key, '/groups')).map((g) => groupSchema.parse(g));
    expect(groups.length).toBeGreaterThanOrEqual(8);
    const biggest = [...groups].sort((a, b) => b.memberCount - a.memberCount)[0];
    if (!biggest) throw new Error('no group');
    const one = groupWithMembersSchema.parse(
      (await get<{ data: unknown }>(admin.key, `/groups/${biggest.id}`)).data,
    );
    expect(one.members).toHaveLength(biggest.memberCount);
    expect(one.abilities).toMatchObject({ update: false, archive: false, delete: false });
    // Search and paging like every list.
    const named = await get<Page<{ id: number }>>(admin.key, `/groups?q=${encodeURIComponent(biggest.name)}`);
    expect(named.data.map((g) => g.id)).toContain(biggest.id);
    const firstPage = await get<Page<{ id: number }>>(admin.key, '/groups?limit=2');
    expect(firstPage.data).toHaveLength(2);
    expect(firstPage.nextCursor).not.toBeNull();

    const units = (await all<unknown>(admin.key, '/org-units')).map((u) => orgUnitSchema.parse(u));
    expect(units.length).toBeGreaterThan(1);
    const top = await all<{ id: number; orgUnitPath: string }>(admin.key, '/org-units?parentPath=/');
    expect(top.length).toBeGreaterThan(0);
    const parent = units.find((u) => units.some((c) => c.parentOrgUnitPath === u.orgUnitPath));
    if (!parent) throw new Error('no nested unit');
    const withChildren = orgUnitWithChildrenSchema.parse(
      (await get<{ data: unknown }>(admin.key, `/org-units/${parent.id}`)).data,
    );
    expect(withChildren.children.map((c) => c.id).sort()).toEqual(
      units
        .filter((c) => c.parentOrgUnitPath === parent.orgUnitPath)
        .map((c) => c.id)
        .sort(),
    );
    expect(units.reduce((n, u) => n + u.userCount, 0)).toBeGreaterThan(0);

    // A user: the groups they are in and their own unit; nothing else (404, not 403, by id).
    const member = one.members[0];
    if (!member) throw new Error('no member');
    // Signed in with Google as that synced person.
    const person = { key: h.idToken(member.email) };
    const theirs = await all<{ id: number }>(person.key, '/groups');
    expect(theirs.map((g) => g.id)).toContain(biggest.id);
    const mine = await get<{ data: { members: unknown[] } }>(person.key, `/groups/${biggest.id}`);
    expect(mine.data.members.length).toBe(biggest.memberCount);
    const other = groups.find((g) => !theirs.some((t) => t.id === g.id));
    if (other) await get(person.key, `/groups/${other.id}`, 404);
    const myUnits = await all<{ orgUnitPath: string }>(person.key, '/org-units');
    expect(myUnits.length).toBeLessThanOrEqual(1);
    const contact = await h.user('contact');
    await get(contact.key, '/groups', 403);
    await get(contact.key, '/org-units', 403);
    await get(contact.key, `/groups/${biggest.id}`, 404);
    // Read-only: nothing writes a group or a unit.
    expect((await h.api(admin.key, 'POST', '/groups', { name: 'x' })).status).toBe(404);
    expect((await h.api(admin.key, 'PATCH', `/org-units/${parent.id}`, { name: 'x' })).status).toBe(404);
  });

  it("shows a person's groups and org unit in their context (staff and themselves)", async () => {
    const groups = (await all<unknown>(admin.key, '/groups')).map((g) => groupSchema.parse(g));
    const group = groupWithMembersSchema.parse(
      (await get<{ data: unknown }>(admin.key, `/groups/${groups.find((g) => g.memberCount > 0)?.id}`)).data,
    );
    const member = group.members[0];
    if (!member) throw new Error('no member');
    const context = peopleContextSchema.parse(
      (await get<{ data: unknown }>(admin.key, `/people/${encodeURIComponent(member.email)}/context`)).data,
    );
    expect(context.groups.map((g) => g.id)).toContain(group.id);
    expect(context.orgUnit?.orgUnitPath).toBe(context.person?.orgUnit);
    expect(context.orgUnit?.id).toEqual(expect.any(Number));
    // A colleague sees the directory card only: no groups, no unit.
    const colleague = await h.user('user');
    const seen = peopleContextSchema.parse(
      (await get<{ data: unknown }>(colleague.key, `/people/${encodeURIComponent(member.email)}/context`))
        .data,
    );
    expect(seen.groups).toEqual([]);
    expect(seen.orgUnit).toBeNull();
  });
});
