import { errorBodySchema, syncRunSchema } from '@helios/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeSync } from '../src/modules/directory-sync/commands/sync-runs.ts';
import type { DirectoryProvider } from '../src/modules/directory-sync/engine/provider.ts';
import { googleProvider } from '../src/modules/directory-sync/providers/google/provider.ts';
import { createVault } from '../src/core/crypto/vault.ts';
import { createWorkspaceSource } from '../src/modules/directory-sync/providers/google/clients.ts';
import { startSimulator, type Simulator } from '../src/simulators/workspace/server.ts';
import { startApi, type ApiHarness } from './support/app.ts';
import { backends } from './support/databases.ts';

const SYNCED_TABLES = [
  'organization_users',
  'gw_synced_users',
  'gw_org_units',
  'gw_groups',
  'gw_group_members',
  'user_groups',
  'user_group_memberships',
  'assets',
  'user_assets',
  'software_licenses',
  'user_software_licenses',
  'domains',
] as const;

describe.each(backends)('Google Workspace sync against the simulator on %s', (backend) => {
  let h: ApiHarness;
  let sim: Simulator;
  let admin: Awaited<ReturnType<ApiHarness['user']>>;
  let google: DirectoryProvider;

  /** Queues a run through the API and runs it to the end, as the job worker does. */
  const sync = async () => {
    const res = await h.api(admin.key, 'POST', '/sync/google');
    expect(res.status).toBe(202);
    const { runId } = ((await res.json()) as { data: { runId: number } }).data;
    await executeSync(h.t.handle.db, google, h.organizationId, runId, { progressIntervalMs: 0 });
    const run = await h.api(admin.key, 'GET', `/sync/runs/${runId}`);
    return syncRunSchema.parse(((await run.json()) as { data: unknown }).data);
  };
  const count = async (query: string) =>
    Number((await sql.raw<{ n: number }>(query).execute(h.t.handle.db)).rows[0]?.n ?? -1);
  /** Every row's version and place: any insert, update or delete changes it. */
  const fingerprint = async () => {
    const out: Record<string, string> = {};
    for (const table of SYNCED_TABLES) {
      const { rows } = await sql<{
        f: string | null;
      }>`SELECT md5(string_agg(xmin::text || ctid::text, ',' ORDER BY ctid)) AS f FROM ${sql.table(table)}`.execute(
        h.t.handle.db,
      );
      out[table] = rows[0]?.f ?? '';
    }
    return out;
  };

  const logLines: string[] = [];
  beforeAll(async () => {
    h = await startApi(backend, { logLines });
    sim = await startSimulator({ directory: { users: 240, seed: 7, domain: 'acme.example' } });
    admin = await h.user('admin');
    google = googleProvider({
      vault: createVault({ encryptionKeys: h.encryptionKeys, dataDir: h.dataDir }),
      makeSource: (settings, key) =>
        createWorkspaceSource({
          serviceAccountKey: key,
          adminEmail: settings.admin_email,
          customerId: settings.customer_id,
          apiOrigin: sim.origin,
          retry: { sleep: () => Promise.resolve(), maxAttempts: 7 },
          logger: {
            warn: (details: Record<string, unknown>, message: string) =>
              void logLines.push(JSON.stringify({ details, message })),
          },
        }),
    });
    const key = sim.serviceAccountKey();
    const saved = await h.api(admin.key, 'PUT', '/settings/google', {
      serviceAccountKey: JSON.stringify(key),
      adminEmail: sim.adminEmail,
    });
    expect(saved.status).toBe(200);
  });
  afterAll(async () => {
    await sim?.close();
    await h?.close();
  });

  it('keeps the service-account key secret: stored encrypted, never returned', async () => {
    const key = sim.serviceAccountKey();
    const settings = await (await h.api(admin.key, 'GET', '/settings/google')).text();
    expect(settings).toContain(key.client_email);
    expect(settings).not.toContain('PRIVATE KEY');
    const { rows } = await sql<{
      dump: string;
    }>`SELECT string_agg(t::text, '') AS dump FROM gw_credentials t`.execute(h.t.handle.db);
    expect(rows[0]?.dump).not.toContain('PRIVATE KEY');
    expect(rows[0]?.dump).not.toContain(key.private_key.slice(40, 80));
    const audit = await (await h.api(admin.key, 'GET', '/audit-logs?entityType=google_settings')).text();
    expect(audit).not.toContain('PRIVATE KEY');
    // A broken key is refused and nothing changes.
    const bad = await h.api(admin.key, 'PUT', '/settings/google', {
      serviceAccountKey: {
        type: 'service_account',
        client_email: 'x@y.iam.gserviceaccount.com',
        private_key: 'x'.repeat(200),
      },
      adminEmail: 'a@acme.example',
    });
    expect(bad.status).toBe(400);
    expect(errorBodySchema.parse(await bad.json()).error.details?.[0]?.path).toBe(
      'serviceAccountKey.private_key',
    );
    const manager = await h.user('manager');
    expect((await h.api(manager.key, 'POST', '/sync/google')).status).toBe(403);
    expect((await h.api(manager.key, 'GET', '/settings/google')).status).toBe(403);
  });

  it('creates exactly the simulator’s organization on the first run', async () => {
    const run = await sync();
    expect(run.status, JSON.stringify(run.errors)).toBe('succeeded');
    const c = sim.counts();
    expect(
      await count(
        `SELECT count(*) AS n FROM organization_users WHERE synced_from_google AND archived_at IS NULL`,
      ),
    ).toBe(c.users);
    expect(
      await count(`SELECT count(*) AS n FROM organization_users WHERE synced_from_google AND NOT is_active`),
    ).toBe(c.suspendedUsers);
    expect(await count(`SELECT count(*) AS n FROM gw_org_units WHERE archived_at IS NULL`)).toBe(c.orgUnits);
    expect(await count(`SELECT count(*) AS n FROM gw_groups WHERE archived_at IS NULL`)).toBe(c.groups);
    expect(await count(`SELECT count(*) AS n FROM gw_group_members`)).toBe(c.groupMembers);
    expect(
      await count(`SELECT count(*) AS n FROM assets WHERE synced_from_google AND asset_type = 'computer'`),
    ).toBe(c.chromeDevices);
    expect(
      await count(
        `SELECT count(*) AS n FROM assets WHERE synced_from_google AND asset_type IN ('phone','tablet')`,
      ),
    ).toBe(c.mobileDevices);
    expect(await count(`SELECT count(*) AS n FROM user_software_licenses`)).toBe(c.licenses);
    expect(
      await count(`SELECT count(*) AS n FROM software_licenses WHERE google_license_sku IS NOT NULL`),
    ).toBe(Object.keys(c.licensesBySku).length);
    expect(await count(`SELECT count(*) AS n FROM domains WHERE is_google_workspace_domain`)).toBe(c.domains);
    expect(
      await count(
        `SELECT count(*) AS n FROM organization_users WHERE synced_from_google AND manager_id IS NOT NULL`,
      ),
    ).toBeGreaterThan(c.users / 2);
    expect(run.counts.users?.created).toBe(c.users);
    expect(run.requestCount).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM sync_seen`)).toBe(0);
  });

  it('writes no rows when the directory did not change', async () => {
    const before = await fingerprint();
    const run = await sync();
    expect(run.status).toBe('succeeded');
    expect(await fingerprint()).toEqual(before);
    expect(run.counts.users).toMatchObject({ created: 0, updated: 0, archived: 0 });
  });

  it('records every phase’s progress on a finished run, however seldom progress was written', async () => {
    const res = await h.api(admin.key, 'POST', '/sync/google');
    const { runId } = ((await res.json()) as { data: { runId: number } }).data;
    // Only the first progress write falls inside this interval (it used to leave just `orgUnits`).
    await executeSync(h.t.handle.db, google, h.organizationId, runId, { progressIntervalMs: 3_600_000 });
    const run = syncRunSchema.parse(
      ((await (await h.api(admin.key, 'GET', `/sync/runs/${runId}`)).json()) as { data: unknown }).data,
    );
    expect(run.status, JSON.stringify(run.errors)).toBe('succeeded');
    // (jsonb keeps keys in its own order.)
    expect(Object.keys(run.progress).sort()).toEqual(
      ['orgUnits', 'users', 'groups', 'chromeos', 'mobile', 'licenses', 'domains', 'archive'].sort(),
    );
    const c = sim.counts();
    expect(run.progress).toMatchObject({
      orgUnits: c.orgUnits,
      users: c.users,
      groups: c.groups,
      chromeos: c.chromeDevices,
      mobile: c.mobileDevices,
      licenses: c.licenses,
      domains: c.domains,
    });
    // Every run names its provider.
    const list = (
      (await (await h.api(admin.key, 'GET', '/sync/runs?limit=200')).json()) as { data: unknown[] }
    ).data.map((r) => syncRunSchema.parse(r));
    expect(list.length).toBeGreaterThanOrEqual(3);
    expect(new Set(list.map((r) => r.provider))).toEqual(new Set(['google']));
  });

  it('lands each scripted change: rename keeps the row, suspension deactivates, deletion archives, a moved license moves', async () => {
    const users = await h.t.handle.db
      .selectFrom('organization_users')
      .select(['id', 'email'])
      .where('synced_from_google', '=', true)
      .where('is_active', '=', true)
      .orderBy('id')
      .limit(4)
      .offset(10)
      .execute();
    const [a, b, c, d] = users;
    if (!a || !b || !c || !d) throw new Error('not enough users');
    const skus = await h.t.handle.db
      .selectFrom('software_licenses')
      .select(['id', 'google_license_sku'])
      .where('google_license_sku', 'is not', null)
      .execute();
    const held = await h.t.handle.db
      .selectFrom('user_software_licenses')
      .select('software_license_id')
      .where('user_id', '=', d.id)
      .executeTakeFirst();
    const target = skus.find((s) => s.id !== held?.software_license_id);
    if (!target?.google_license_sku) throw new Error('no other sku');

    sim.renameUser(a.email, `renamed.${a.email}`);
    sim.suspend(b.email);
    sim.deleteUser(c.email);
    sim.moveLicense(d.email, target.google_license_sku);
    const run = await sync();
    expect(run.status, JSON.stringify(run.errors)).toBe('succeeded');

    const row = (id: number) =>
      h.t.handle.db
        .selectFrom('organization_users')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    expect((await row(a.id)).email).toBe(`renamed.${a.email}`);
    expect(await count(`SELECT count(*) AS n FROM organization_users WHERE email = '${a.email}'`)).toBe(0);
    expect(await row(b.id)).toMatchObject({ is_active: false, archived_at: null });
    expect((await row(c.id)).archived_at).not.toBeNull();
    const licenses = await h.t.handle.db
      .selectFrom('user_software_licenses')
      .select('software_license_id')
      .where('user_id', '=', d.id)
      .execute();
    expect(licenses.map((l) => l.software_license_id)).toEqual([target.id]);
    expect(run.counts.users).toMatchObject({ archived: 1 });
  });

  it('reaches the same final state through 10 % injected faults', async () => {
    const clean = await fingerprint();
    sim.setFaults({ rate: 0.1, seed: 3, slowMs: 20, retryAfterSeconds: 0 });
    try {
      const run = await sync();
      expect(run.status, JSON.stringify(run.errors)).toBe('succeeded');
    } finally {
      sim.clearFaults();
    }
    expect(Object.values(sim.faultsInjected()).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(await fingerprint()).toEqual(clean);
  });

  it('archives nothing when a listing dies midway, and the next run completes', async () => {
    const victim = await h.t.handle.db
      .selectFrom('organization_users')
      .select(['id', 'email'])
      .where('synced_from_google', '=', true)
      .where('archived_at', 'is', null)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    sim.deleteUser(victim.email);
    // The groups phase dies after three groups' member listings.
    const cancel = sim.failAfter(/groups\/[^/]+\/members/, 3, 'forbidden');
    const failed = await sync();
    cancel();
    expect(failed.status).toBe('failed');
    expect(failed.errors.map((e) => e.phase)).toContain('groups');
    const stillThere = await h.t.handle.db
      .selectFrom('organization_users')
      .select('archived_at')
      .where('id', '=', victim.id)
      .executeTakeFirstOrThrow();
    expect(stillThere.archived_at).toBeNull();
    const next = await sync();
    expect(next.status).toBe('succeeded');
    const gone = await h.t.handle.db
      .selectFrom('organization_users')
      .select('archived_at')
      .where('id', '=', victim.id)
      .executeTakeFirstOrThrow();
    expect(gone.archived_at).not.toBeNull();
  });

  it('stops and reports instead of archiving half the users', async () => {
    const live = await count(
      `SELECT count(*) AS n FROM organization_users WHERE synced_from_google AND archived_at IS NULL`,
    );
    sim.removeShare(0.5, 'users');
    const run = await sync();
    expect(run.status).toBe('failed');
    expect(run.errors.map((e) => e.message).join(' ')).toMatch(/would archive \d+ of \d+ synced users/);
    expect(
      await count(
        `SELECT count(*) AS n FROM organization_users WHERE synced_from_google AND archived_at IS NULL`,
      ),
    ).toBe(live);
  });

  it('never writes the stored key into a response or a log line', async () => {
    const key = sim.serviceAccountKey();
    const secretParts = [key.private_key.slice(60, 100), key.private_key.slice(-120, -80), 'PRIVATE KEY'];
    // Make the client retry (and log) too.
    sim.setFaults({ rate: 0.2, seed: 9, retryAfterSeconds: 0, slowMs: 5 });
    try {
      await sync();
    } finally {
      sim.clearFaults();
    }
    for (const path of ['/settings/google', '/sync/runs', '/audit-logs?limit=200']) {
      const text = await (await h.api(admin.key, 'GET', path)).text();
      for (const part of secretParts) expect(text).not.toContain(part);
    }
    expect(logLines.length).toBeGreaterThan(0);
    const logs = logLines.join('');
    for (const part of secretParts) expect(logs).not.toContain(part);
  });

  it('makes one run of two sync requests at once', async () => {
    const [a, b] = await Promise.all([
      h.api(admin.key, 'POST', '/sync/google'),
      h.api(admin.key, 'POST', '/sync/google'),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const ids = await Promise.all(
      [a, b].map(async (r) => ((await r.json()) as { data: { runId: number } }).data.runId),
    );
    expect(ids[0]).toBe(ids[1]);
    const list = (
      (await (await h.api(admin.key, 'GET', '/sync/runs')).json()) as {
        data: { id: number; status: string }[];
      }
    ).data;
    expect(list.filter((r) => r.status === 'queued' || r.status === 'running')).toHaveLength(1);
    await executeSync(h.t.handle.db, google, h.organizationId, ids[0] ?? 0);
  });
});
