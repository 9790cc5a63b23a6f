import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault } from '../../src/core/crypto/vault.ts';
import { executeSync, requestSync } from '../../src/modules/directory-sync/commands/sync-runs.ts';
import type { DirectoryProvider, RunKind } from '../../src/modules/directory-sync/engine/provider.ts';
import { dueRun } from '../../src/modules/directory-sync/jobs/sync.ts';
import { OVERLAP_MINUTES } from '../../src/modules/directory-sync/providers/google/changes.ts';
import { createWorkspaceSource } from '../../src/modules/directory-sync/providers/google/clients.ts';
import { googleProvider } from '../../src/modules/directory-sync/providers/google/provider.ts';
import { ActivityLog } from '../../src/simulators/workspace/activities.ts';
import { PageTokens } from '../../src/simulators/workspace/paging.ts';
import { startSimulator, type Simulator } from '../../src/simulators/workspace/server.ts';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

describe('the simulated Reports API (activities.list)', () => {
  it('serves newest first, pages with tokens bound to the query, filters by time and hides lagging events', () => {
    let now = Date.UTC(2026, 11, 1, 12);
    const log = new ActivityLog({ now: () => now });
    for (let i = 0; i < 5; i++) {
      log.record('admin', 'admin@acme.example', {
        type: 'USER_SETTINGS',
        name: 'CREATE_USER',
        parameters: { USER_EMAIL: `u${i}@acme.example` },
      });
      now += 60_000;
    }
    log.record('groups_enterprise', 'owner@acme.example', {
      type: 'moderator_action',
      name: 'add_member',
      parameters: { group_id: 'g@acme.example', member_id: 'u1@acme.example' },
    });
    log.lagMs = 10 * 60_000;
    log.record('admin', 'admin@acme.example', {
      type: 'USER_SETTINGS',
      name: 'DELETE_USER',
      parameters: { USER_EMAIL: 'u0@acme.example' },
    });
    const tokens = new PageTokens('test');
    type Body = {
      items?: { id: { uniqueQualifier: string; time: string }; events: { name: string }[] }[];
      nextPageToken?: string;
    };
    const list = (params: Record<string, string>) =>
      log.list('C0123', 'admin', new URLSearchParams(params), tokens) as Body;
    const first = list({ maxResults: '2' });
    expect(first.items?.map((a) => a.events[0]?.name)).toEqual(['CREATE_USER', 'CREATE_USER']);
    expect(first.items?.[0]?.id.time).toBe(new Date(Date.UTC(2026, 11, 1, 12, 4)).toISOString());
    const second = list({ maxResults: '2', pageToken: first.nextPageToken ?? '' });
    const third = list({ maxResults: '2', pageToken: second.nextPageToken ?? '' });
    expect(third.nextPageToken).toBeUndefined();
    const all = [...(first.items ?? []), ...(second.items ?? []), ...(third.items ?? [])];
    // The lagging DELETE_USER is not there yet; groups_enterprise is another application.
    expect(all).toHaveLength(5);
    expect(new Set(all.map((a) => a.id.uniqueQualifier)).size).toBe(5);
    expect(() => list({ eventName: 'CREATE_USER', pageToken: first.nextPageToken ?? '' })).toThrow(
      /pageToken/,
    );
    expect(() => list({ startTime: 'yesterday' })).toThrow(/RFC 3339/);
    expect(list({ startTime: new Date(Date.UTC(2026, 11, 1, 12, 3)).toISOString() }).items).toHaveLength(2);
    now += 10 * 60_000;
    expect(list({}).items?.[0]?.events[0]?.name).toBe('DELETE_USER');
    log.dropNext();
    log.record('admin', 'a', { type: 'USER_SETTINGS', name: 'SUSPEND_USER', parameters: {} });
    expect(log.dropped).toBe(1);
    expect(list({}).items).toHaveLength(6);
  });
});

describe('the sync schedule', () => {
  const now = Date.UTC(2026, 11, 1, 12);
  const minutesAgo = (m: number) => new Date(now - m * 60_000);
  const google = { intervalMinutes: 15, incremental: { intervalMinutes: 5, fullIntervalMinutes: 1440 } };

  it('queues a full reconcile first and nightly, incremental runs every 5 minutes in between', () => {
    expect(dueRun({ ...google, lastSyncAt: null }, null, now)).toBe('full');
    expect(dueRun({ ...google, lastSyncAt: minutesAgo(1) }, null, now)).toBe('full');
    expect(dueRun({ ...google, lastSyncAt: minutesAgo(2) }, minutesAgo(60), now)).toBeUndefined();
    expect(dueRun({ ...google, lastSyncAt: minutesAgo(5) }, minutesAgo(60), now)).toBe('incremental');
    expect(dueRun({ ...google, lastSyncAt: minutesAgo(5) }, minutesAgo(1440), now)).toBe('full');
  });

  it('keeps a provider without incremental runs on its full interval', () => {
    const plain = { intervalMinutes: 15 };
    expect(dueRun({ ...plain, lastSyncAt: minutesAgo(10) }, null, now)).toBeUndefined();
    expect(dueRun({ ...plain, lastSyncAt: minutesAgo(15) }, null, now)).toBe('full');
  });
});

describe.each(backends)('incremental Google sync against the simulator on %s', (backend) => {
  let h: ApiHarness;
  let sim: Simulator;
  let google: DirectoryProvider;

  const db = () => h.t.handle.db;
  /** Queues a run of a kind and runs it as the worker does; returns the finished row. */
  const sync = async (kind: RunKind) => {
    const { run } = await requestSync(db(), h.organizationId, google, 'manual', null, kind);
    const before = sim.requestCount();
    const requestsBefore = new Map(sim.requests);
    const finished = await executeSync(db(), google, h.organizationId, run.id, { progressIntervalMs: 0 });
    if (!finished) throw new Error('run not executed');
    const requested = (path: string) => (sim.requests.get(path) ?? 0) - (requestsBefore.get(path) ?? 0);
    const paths = [...sim.requests.keys()].filter((p) => requested(p) > 0);
    return { run: finished, requests: sim.requestCount() - before, requested, paths };
  };
  const count = async (query: string) =>
    Number((await sql.raw<{ n: number }>(query).execute(db())).rows[0]?.n ?? -1);
  const person = (email: string) =>
    db()
      .selectFrom('organization_users')
      .select(['id', 'email', 'is_active', 'title', 'archived_at'])
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst();
  const skusOf = async (email: string) =>
    (
      await sql<{ sku: string }>`SELECT l.google_license_sku AS sku FROM user_software_licenses usl
        JOIN software_licenses l ON l.id = usl.software_license_id
        JOIN organization_users u ON u.id = usl.user_id WHERE lower(u.email) = ${email.toLowerCase()}`.execute(
        db(),
      )
    ).rows.map((r) => r.sku);
  const isMember = async (groupEmail: string, email: string) =>
    (await count(`SELECT count(*) AS n FROM user_group_memberships m
      JOIN user_groups g ON g.id = m.group_id JOIN organization_users u ON u.id = m.user_id
      WHERE lower(g.email) = '${groupEmail}' AND lower(u.email) = '${email.toLowerCase()}'`)) === 1;
  /** What Helios shows of the synced directory (for "incremental ends where a full sync does"). */
  const state = async () => ({
    users: (
      await sql<{
        r: string;
      }>`SELECT email || '|' || is_active || '|' || coalesce(title, '') || '|' || coalesce(manager_id::text, '') AS r
        FROM organization_users WHERE synced_from_google AND archived_at IS NULL ORDER BY 1`.execute(db())
    ).rows.map((x) => x.r),
    memberships: (
      await sql<{ r: string }>`SELECT g.email || '|' || u.email AS r FROM user_group_memberships m
        JOIN user_groups g ON g.id = m.group_id JOIN organization_users u ON u.id = m.user_id ORDER BY 1`.execute(
        db(),
      )
    ).rows.map((x) => x.r),
    licenses: (
      await sql<{
        r: string;
      }>`SELECT l.google_license_sku || '|' || u.email AS r FROM user_software_licenses usl
        JOIN software_licenses l ON l.id = usl.software_license_id
        JOIN organization_users u ON u.id = usl.user_id ORDER BY 1`.execute(db())
    ).rows.map((x) => x.r),
    devices: (
      await sql<{
        r: string;
      }>`SELECT google_device_id || '|' || coalesce(ua.user_id::text, '') AS r FROM assets a
        LEFT JOIN user_assets ua ON ua.asset_id = a.id
        WHERE synced_from_google AND archived_at IS NULL ORDER BY 1`.execute(db())
    ).rows.map((x) => x.r),
  });
  const usersOf = (groupEmail: string) => {
    const group = sim.directory.findGroup(groupEmail);
    if (!group) throw new Error('no group');
    return sim.directory.memberPage(group, -1, 1000).items.flatMap((m) => (m.user ? [m.user.email] : []));
  };
  /** A project group of the simulated directory and a user who is not in it. */
  const projectGroup = () => {
    const group =
      sim.directory.groups().find((g) => g.kind.type === 'project') ??
      sim.directory.groups().find((g) => g.kind.type === 'department' && usersOf(g.email).length > 2);
    if (!group) throw new Error('no group to edit');
    return group;
  };
  const plainUsers = () =>
    [...sim.directory.users()].filter((u) => !u.isAdmin && !u.suspended && !u.archived).map((u) => u.email);

  beforeAll(async () => {
    h = await startApi(backend);
    sim = await startSimulator({ directory: { users: 120, seed: 11, domain: 'acme.example' } });
    const admin = await h.user('admin');
    google = googleProvider({
      vault: createVault({ encryptionKeys: h.encryptionKeys, dataDir: h.dataDir }),
      makeSource: (settings, key) =>
        createWorkspaceSource({
          serviceAccountKey: key,
          adminEmail: settings.admin_email,
          customerId: settings.customer_id,
          apiOrigin: sim.origin,
          retry: { sleep: () => Promise.resolve(), maxAttempts: 3 },
        }),
    });
    const saved = await h.api(admin.key, 'PUT', '/settings/google', {
      serviceAccountKey: JSON.stringify(sim.serviceAccountKey()),
      adminEmail: sim.adminEmail,
    });
    expect(saved.status).toBe(200);
  });
  afterAll(async () => {
    await sim?.close();
    await h?.close();
  });

  it('runs a full reconcile when asked for an incremental run before any full run succeeded', async () => {
    const { run, requested } = await sync('incremental');
    expect(run.status, JSON.stringify(run.errors)).toBe('succeeded');
    expect(run.kind).toBe('full');
    expect(requested('/admin/directory/v1/users')).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM organization_users WHERE synced_from_google`)).toBe(
      sim.counts().users,
    );
  });

  it('asks Google only its activity logs and writes nothing when nothing changed', async () => {
    const { run, requests, paths } = await sync('incremental');
    expect(run.status, JSON.stringify(run.errors)).toBe('succeeded');
    expect(run.kind).toBe('incremental');
    // Token, the two activity logs, the two device searches.
    expect(requests).toBeLessThanOrEqual(10);
    expect(paths.some((p) => p.startsWith('/admin/reports/v1/activity/users/all/applications/admin'))).toBe(
      true,
    );
    expect(paths).not.toContain('/admin/directory/v1/users');
    expect(paths).not.toContain('/admin/directory/v1/groups');
    const counts = run.counts as Record<string, { created: number; updated: number; archived: number }>;
    for (const c of Object.values(counts)) expect(c).toMatchObject({ created: 0, updated: 0, archived: 0 });
  });

  it('lands every scripted change through the incremental path, with no full listing', async () => {
    const [renamed, suspended, deleted, licensed, added, ...rest] = plainUsers();
    if (!renamed || !suspended || !deleted || !licensed || !added || rest.length === 0)
      throw new Error('users');
    const group = projectGroup();
    const leaving = usersOf(group.email).find((e) => e !== sim.adminEmail && !e.startsWith('admin'));
    const joining = rest.find((e) => !usersOf(group.email).includes(e));
    if (!leaving || !joining) throw new Error('members');
    const newEmail = `renamed.${renamed}`;
    sim.renameUser(renamed, newEmail);
    sim.suspend(suspended);
    sim.deleteUser(deleted);
    sim.moveLicense(licensed, '1010020025');
    const newcomer = sim.addUser({
      primaryEmail: 'newcomer@acme.example',
      givenName: 'New',
      familyName: 'Comer',
    });
    const chrome = sim.addChromeDevice({ annotatedUser: added });
    const phone = sim.addMobileDevice({ email: added });
    sim.addGroupMember(group.email, joining);
    sim.removeGroupMember(group.email, leaving);

    const { run, paths, requested } = await sync('incremental');
    expect(run.status, JSON.stringify(run.errors)).toBe('succeeded');
    expect(run.kind).toBe('incremental');
    // No full listing of users, groups or licenses; members of the one changed group only.
    expect(paths).not.toContain('/admin/directory/v1/users');
    expect(paths).not.toContain('/admin/directory/v1/groups');
    expect(paths.filter((p) => p.endsWith('/users') && p.startsWith('/apps/licensing'))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('/members'))).toEqual([
      `/admin/directory/v1/groups/${group.id}/members`,
    ]);
    expect(requested(`/admin/directory/v1/users/${encodeURIComponent(newEmail)}`)).toBe(1);

    expect((await person(newEmail))?.archived_at).toBeNull();
    expect(await person(renamed)).toBeUndefined();
    expect((await person(suspended))?.is_active).toBe(false);
    // Deleted in Google: deactivated, not archived (only a complete listing archives).
    expect(await person(deleted)).toMatchObject({ is_active: false, archived_at: null });
    expect(await skusOf(licensed)).toEqual(['1010020025']);
    expect(await person(newcomer.primaryEmail)).toMatchObject({ is_active: true, archived_at: null });
    expect(await skusOf(newcomer.primaryEmail)).toEqual(['1010020027']);
    expect(
      await count(
        `SELECT count(*) AS n FROM assets WHERE google_device_id IN ('${chrome.deviceId}', '${phone.resourceId}') AND archived_at IS NULL`,
      ),
    ).toBe(2);
    expect(await isMember(group.email, joining)).toBe(true);
    expect(await isMember(group.email, leaving)).toBe(false);
    const counts = run.counts as Record<string, { archived: number }>;
    expect(Object.values(counts).every((c) => c.archived === 0)).toBe(true);

    // The nightly reconcile archives the deleted person.
    const full = await sync('full');
    expect(full.run.status, JSON.stringify(full.run.errors)).toBe('succeeded');
    expect((await person(deleted))?.archived_at).not.toBeNull();
  });

  it('never archives from an incremental run; an event the log never reports is caught by the next full reconcile', async () => {
    const [silent, titled] = plainUsers();
    if (!silent || !titled) throw new Error('users');
    // Deleted without any event reaching the log (Google: "rarely, never").
    const archivedBefore = await count(
      `SELECT count(*) AS n FROM organization_users WHERE archived_at IS NOT NULL`,
    );
    sim.activities.dropNext();
    sim.deleteUser(silent);
    sim.activities.dropNext();
    sim.changeTitle(titled, 'Chief Lost Event Officer');
    const inc = await sync('incremental');
    expect(inc.run.status).toBe('succeeded');
    expect(await person(silent)).toMatchObject({ is_active: true, archived_at: null });
    expect((await person(titled))?.title).not.toBe('Chief Lost Event Officer');
    expect(await count(`SELECT count(*) AS n FROM organization_users WHERE archived_at IS NOT NULL`)).toBe(
      archivedBefore,
    );

    const full = await sync('full');
    expect(full.run.status).toBe('succeeded');
    expect((await person(silent))?.archived_at).not.toBeNull();
    expect((await person(titled))?.title).toBe('Chief Lost Event Officer');
  });

  it('catches an event delayed past the overlap with the next full reconcile', async () => {
    const [late] = plainUsers();
    if (!late) throw new Error('users');
    sim.activities.delayNext(300);
    sim.changeTitle(late, 'Late Bloomer');
    const first = await sync('incremental');
    expect(first.run.status).toBe('succeeded');
    expect((await person(late))?.title).not.toBe('Late Bloomer');
    // Time passes beyond the overlap before the event shows up: the next window starts after it.
    await sql`UPDATE sync_runs SET started_at = now() + make_interval(mins => ${OVERLAP_MINUTES + 5})
      WHERE id = ${first.run.id}`.execute(db());
    sim.activities.advance((OVERLAP_MINUTES + 10) * 60_000);
    const second = await sync('incremental');
    expect(second.run.status).toBe('succeeded');
    expect((await person(late))?.title).not.toBe('Late Bloomer');
    await sync('full');
    expect((await person(late))?.title).toBe('Late Bloomer');
  });

  it('sees an event again in the overlapping window and applies it once', async () => {
    const [twice] = plainUsers();
    if (!twice) throw new Error('users');
    sim.changeTitle(twice, 'Seen Twice');
    const a = await sync('incremental');
    expect((await person(twice))?.title).toBe('Seen Twice');
    expect((a.run.counts as Record<string, { updated: number }>).users?.updated).toBe(1);
    // The next window overlaps the previous run: the same event is read again, nothing is written.
    const b = await sync('incremental');
    expect((b.run.counts as Record<string, { updated: number; unchanged: number }>).users).toMatchObject({
      updated: 0,
      unchanged: 1,
    });
  });

  it('ends where a full sync ends after a series of incremental runs', async () => {
    const users = plainUsers();
    const group = projectGroup();
    const outsider = users.find((e) => !usersOf(group.email).includes(e));
    const member = usersOf(group.email).find((e) => users.includes(e) && e !== outsider);
    if (!outsider || !member) throw new Error('members');
    sim.changeTitle(users[2] ?? '', 'Head of Everything');
    sim.suspend(users[3] ?? '');
    await sync('incremental');
    sim.moveLicense(users[4] ?? '', '1010020028');
    sim.moveLicense(users[5] ?? '', null);
    sim.addGroupMember(group.email, outsider, { by: 'admin' });
    sim.removeGroupMember(group.email, member);
    sim.updateUser(users[6] ?? '', { managerEmail: users[7] ?? null });
    sim.addUser({ primaryEmail: 'late.joiner@acme.example', givenName: 'Late', familyName: 'Joiner' });
    sim.addChromeDevice({ annotatedUser: users[8] ?? null });
    await sync('incremental');
    const afterIncremental = await state();
    const full = await sync('full');
    expect(full.run.status).toBe('succeeded');
    expect(await state()).toEqual(afterIncremental);
  });
});
