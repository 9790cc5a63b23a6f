import { errorBodySchema, syncRunSchema } from '@helios/shared';
import { sql } from 'kysely';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault } from '../src/core/crypto/vault.ts';
import { executeSync } from '../src/modules/directory-sync/commands/sync-runs.ts';
import type { DirectoryProvider } from '../src/modules/directory-sync/engine/provider.ts';
import { createWorkspaceSource } from '../src/modules/directory-sync/providers/google/clients.ts';
import { googleProvider } from '../src/modules/directory-sync/providers/google/provider.ts';
import { microsoftProvider } from '../src/modules/directory-sync/providers/microsoft/provider.ts';
import { trustCertificate } from '../src/simulators/microsoft/certificate.ts';
import { startGraphSimulator, type GraphSimulator } from '../src/simulators/microsoft/server.ts';
import { overlaps, SKUS } from '../src/simulators/microsoft/tenant.ts';
import { startSimulator, type Simulator } from '../src/simulators/workspace/server.ts';
import { startApi, type ApiHarness } from './support/app.ts';
import { backends } from './support/databases.ts';

/** Every table a Microsoft run writes (its settings and runs aside). */
const SYNCED_TABLES = [
  'organization_users',
  'ms_synced_users',
  'ms_synced_groups',
  'ms_licenses',
  'user_groups',
  'user_group_memberships',
  'assets',
  'user_assets',
  'software_licenses',
  'user_software_licenses',
] as const;

const USERS = 120;

describe.each(backends)('Microsoft 365 sync against the Graph simulator on %s', (backend) => {
  let h: ApiHarness;
  let sim: GraphSimulator;
  let admin: Awaited<ReturnType<ApiHarness['user']>>;
  let microsoft: DirectoryProvider;
  const logLines: string[] = [];
  const bodies: string[] = [];

  /** Queues a run through the API and runs it to the end, as the job worker does. */
  const sync = async (provider: DirectoryProvider = microsoft, path = '/sync/microsoft') => {
    const res = await h.api(admin.key, 'POST', path);
    expect(res.status).toBe(202);
    const { runId } = ((await res.json()) as { data: { runId: number } }).data;
    await executeSync(h.t.handle.db, provider, h.organizationId, runId, { progressIntervalMs: 0 });
    const run = await h.api(admin.key, 'GET', `/sync/runs/${runId}`);
    const text = await run.text();
    bodies.push(text);
    return syncRunSchema.parse((JSON.parse(text) as { data: unknown }).data);
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
  /** What the synced state says (not how it was written): compared across differently run syncs. */
  const state = async () => {
    const { rows } = await sql<{ s: string }>`SELECT concat_ws('|',
      (SELECT string_agg(concat_ws(',', microsoft_id, lower(email), first_name, title, is_active, archived_at IS NULL), ';' ORDER BY microsoft_id)
         FROM organization_users WHERE microsoft_id IS NOT NULL),
      (SELECT string_agg(concat_ws(',', g.ms_group_id, g.display_name, g.archived_at IS NULL,
         (SELECT count(*) FROM user_group_memberships m WHERE m.group_id = g.user_group_id AND m.source = 'microsoft')), ';' ORDER BY g.ms_group_id)
         FROM ms_synced_groups g),
      (SELECT string_agg(concat_ws(',', microsoft_sku_id, seats, archived_at IS NULL,
         (SELECT count(*) FROM user_software_licenses u WHERE u.software_license_id = l.id)), ';' ORDER BY microsoft_sku_id)
         FROM software_licenses l WHERE microsoft_sku_id IS NOT NULL),
      (SELECT string_agg(concat_ws(',', microsoft_device_id, serial_number, compliance_state, assigned_to_user_id, archived_at IS NULL), ';' ORDER BY microsoft_device_id)
         FROM assets WHERE microsoft_device_id IS NOT NULL)) AS s`.execute(h.t.handle.db);
    return rows[0]?.s ?? '';
  };
  /** The simulator's requests during `fn`, as `path` (delta requests marked). */
  const requestsDuring = async <T>(fn: () => Promise<T>) => {
    const from = sim.requests.length;
    const result = await fn();
    return { result, requests: sim.requests.slice(from).map((r) => `${r.path}${r.delta ? ' (delta)' : ''}`) };
  };

  beforeAll(async () => {
    sim = await startGraphSimulator({
      tenant: { users: USERS, seed: 7, groups: 8, devices: 40, overlapShare: 0.5 },
    });
    // What NODE_EXTRA_CA_CERTS does for a process started later: this one trusts the simulator.
    trustCertificate(sim.certificate);
    h = await startApi(backend, { logLines, microsoftOrigin: sim.origin });
    admin = await h.user('admin');
    microsoft = microsoftProvider({
      vault: createVault({ encryptionKeys: h.encryptionKeys, dataDir: h.dataDir }),
      loginOrigin: sim.origin,
      graphOrigin: sim.origin,
      retry: { sleep: () => Promise.resolve(), maxAttempts: 8 },
      logger: { warn: (details, message) => void logLines.push(JSON.stringify({ details, message })) },
    });
  });
  afterAll(async () => {
    await sim?.close();
    await h?.close();
  });

  it('validates the connection by fetching a token, seals the secret and never returns it', async () => {
    const input = { tenantId: sim.tenantId, clientId: sim.clientId, clientSecret: sim.clientSecret };
    const wrong = await h.api(admin.key, 'PUT', '/settings/microsoft', { ...input, clientSecret: 'not-it' });
    expect(wrong.status).toBe(400);
    expect(errorBodySchema.parse(await wrong.json()).error.details?.[0]?.path).toBe('clientSecret');
    const malformed = await h.api(admin.key, 'PUT', '/settings/microsoft', { ...input, tenantId: 'contoso' });
    expect(malformed.status).toBe(400);
    expect(errorBodySchema.parse(await malformed.json()).error.details?.[0]?.path).toBe('tenantId');
    const unknownTenant = await h.api(admin.key, 'PUT', '/settings/microsoft', {
      ...input,
      tenantId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownTenant.status).toBe(400);
    expect(errorBodySchema.parse(await unknownTenant.json()).error.details?.[0]?.path).toBe('tenantId');
    // Nothing was stored by the refused attempts; POST /sync/microsoft names the settings.
    expect(
      (
        (await (await h.api(admin.key, 'GET', '/settings/microsoft')).json()) as {
          data: { configured: boolean };
        }
      ).data.configured,
    ).toBe(false);
    expect((await h.api(admin.key, 'POST', '/sync/microsoft')).status).toBe(404);

    const saved = await h.api(admin.key, 'PUT', '/settings/microsoft', input);
    expect(saved.status).toBe(200);
    const shown = await (await h.api(admin.key, 'GET', '/settings/microsoft')).text();
    bodies.push(await saved.text(), shown);
    expect(JSON.parse(shown)).toMatchObject({
      data: { configured: true, tenantId: sim.tenantId, clientId: sim.clientId },
    });
    const { rows } = await sql<{
      dump: string;
    }>`SELECT string_agg(t::text, '') AS dump FROM ms_credentials t`.execute(h.t.handle.db);
    expect(rows[0]?.dump).toContain(sim.clientId);
    expect(rows[0]?.dump).not.toContain(sim.clientSecret);
    bodies.push(await (await h.api(admin.key, 'GET', '/audit-logs?entityType=microsoft_settings')).text());
    const manager = await h.user('manager');
    expect((await h.api(manager.key, 'PUT', '/settings/microsoft', input)).status).toBe(403);
    expect((await h.api(manager.key, 'GET', '/settings/microsoft')).status).toBe(403);
    expect((await h.api(manager.key, 'POST', '/sync/microsoft')).status).toBe(403);
  });

  it('creates exactly the tenant on the first run', async () => {
    const run = await sync();
    expect(run.status, JSON.stringify(run.errors)).toBe('succeeded');
    expect(run.provider).toBe('microsoft');
    const c = sim.tenant.counts();
    expect(
      await count(
        `SELECT count(*) AS n FROM organization_users WHERE synced_from_microsoft AND archived_at IS NULL`,
      ),
    ).toBe(c.users);
    expect(
      await count(
        `SELECT count(*) AS n FROM organization_users WHERE synced_from_microsoft AND NOT is_active`,
      ),
    ).toBe(c.disabledUsers);
    expect(await count(`SELECT count(*) AS n FROM ms_synced_users WHERE archived_at IS NULL`)).toBe(c.users);
    expect(await count(`SELECT count(*) AS n FROM ms_synced_groups WHERE archived_at IS NULL`)).toBe(
      c.groups,
    );
    expect(
      await count(
        `SELECT count(*) AS n FROM user_groups WHERE group_type = 'microsoft' AND archived_at IS NULL`,
      ),
    ).toBe(c.groups);
    expect(await count(`SELECT count(*) AS n FROM user_group_memberships WHERE source = 'microsoft'`)).toBe(
      c.groupMembers,
    );
    expect(await count(`SELECT count(*) AS n FROM ms_licenses WHERE archived_at IS NULL`)).toBe(c.skus);
    expect(
      await count(
        `SELECT count(*) AS n FROM software_licenses WHERE synced_from_microsoft AND archived_at IS NULL`,
      ),
    ).toBe(c.skus);
    expect(
      await count(`SELECT count(*) AS n FROM user_software_licenses u JOIN software_licenses l ON l.id = u.software_license_id
                   WHERE l.microsoft_sku_id IS NOT NULL`),
    ).toBe(c.assignments);
    // Seats: what was bought (prepaid enabled units), beside what is consumed.
    for (const sku of sim.tenant.skus.values()) {
      expect(
        await count(`SELECT seats AS n FROM software_licenses WHERE microsoft_sku_id = '${sku.skuId}'`),
      ).toBe(sku.prepaidEnabled);
      expect(await count(`SELECT consumed_units AS n FROM ms_licenses WHERE sku_id = '${sku.skuId}'`)).toBe(
        sim.tenant.consumedUnits(sku.skuId),
      );
    }
    expect(
      await count(`SELECT count(*) AS n FROM assets WHERE synced_from_microsoft AND archived_at IS NULL`),
    ).toBe(c.devices);
    expect(
      await count(
        `SELECT count(*) AS n FROM assets WHERE synced_from_microsoft AND compliance_state IS NOT NULL AND last_check_in_at IS NOT NULL`,
      ),
    ).toBe(c.devices);
    // Every device with a primary user is assigned to that person.
    const owned = [...sim.tenant.devices.values()].filter((d) => d.userId !== null).length;
    expect(
      await count(
        `SELECT count(*) AS n FROM assets WHERE synced_from_microsoft AND assigned_to_user_id IS NOT NULL`,
      ),
    ).toBe(owned);
  });

  it('re-syncs an unchanged tenant with only the delta requests and writes no row', async () => {
    const before = await fingerprint();
    const { result: run, requests } = await requestsDuring(() => sync());
    expect(run.status, JSON.stringify(run.errors)).toBe('succeeded');
    // The token is cached by msal; users and groups are deltas; SKUs, assignments and devices are
    // one page each at this size.
    expect(requests.sort()).toEqual(
      [
        '/v1.0/deviceManagement/managedDevices',
        '/v1.0/groups/delta (delta)',
        '/v1.0/subscribedSkus',
        '/v1.0/users',
        '/v1.0/users/delta (delta)',
      ].sort(),
    );
    expect(run.requestCount).toBe(5);
    expect(await fingerprint()).toEqual(before);
    for (const phase of Object.values(run.counts)) {
      expect(phase.created + phase.updated + phase.archived).toBe(0);
    }
  });

  it('lands each scripted change: rename, disable, delete, license moved, device retired, member removed', async () => {
    const t = sim.tenant;
    const only = [...Array(USERS).keys()].filter((i) => !overlaps(t.spec, i) && i >= 10);
    const [renamed, disabled, deleted, moved] = only.map((i) => t.userAt(i));
    if (!renamed || !disabled || !deleted || !moved) throw new Error('tenant too small');
    const rowOf = (id: string) =>
      sql<{ id: number; email: string; is_active: boolean; archived_at: Date | null }>`
        SELECT id, email, is_active, archived_at FROM organization_users WHERE microsoft_id = ${id}`
        .execute(h.t.handle.db)
        .then((r) => r.rows[0]);
    const before = await rowOf(renamed.id);
    t.renameUser(renamed.id, 'renamed.person@acme.onmicrosoft.example');
    t.disableUser(disabled.id);
    t.deleteUser(deleted.id);
    const from = moved.assignedLicenses[0]?.skuId ?? '';
    const to = SKUS.find((s) => !moved.assignedLicenses.some((l) => l.skuId === s.skuId))?.skuId ?? null;
    t.moveLicense(moved.id, from, to);
    const device = [...t.devices.values()][0];
    if (!device) throw new Error('no device');
    t.retireDevice(device.id);
    const group = [...t.groups.values()][1];
    const member = group ? [...group.members][0] : undefined;
    if (!group || !member) throw new Error('no group member');
    t.removeMember(group.id, member);

    const { result: run, requests } = await requestsDuring(() => sync());
    expect(run.status, JSON.stringify(run.errors)).toBe('succeeded');
    // The changed group's members are listed in full (a delta names only the change).
    expect(requests).toContain(`/v1.0/groups/${group.id}/members`);

    const after = await rowOf(renamed.id);
    expect(after?.id).toBe(before?.id);
    expect(after?.email).toBe('renamed.person@acme.onmicrosoft.example');
    expect((await rowOf(disabled.id))?.is_active).toBe(false);
    expect((await rowOf(disabled.id))?.archived_at).toBeNull();
    expect((await rowOf(deleted.id))?.archived_at).not.toBeNull();
    const licenses = await sql<{ sku: string }>`
      SELECT l.microsoft_sku_id AS sku FROM user_software_licenses u
      JOIN software_licenses l ON l.id = u.software_license_id
      JOIN organization_users p ON p.id = u.user_id WHERE p.microsoft_id = ${moved.id}`.execute(
      h.t.handle.db,
    );
    expect(licenses.rows.map((r) => r.sku).sort()).toEqual(moved.assignedLicenses.map((l) => l.skuId).sort());
    expect(licenses.rows.map((r) => r.sku)).not.toContain(from);
    expect(
      await count(
        `SELECT count(*) AS n FROM assets WHERE microsoft_device_id = '${device.id}' AND archived_at IS NOT NULL`,
      ),
    ).toBe(1);
    expect(
      await count(`SELECT count(*) AS n FROM user_group_memberships m JOIN ms_synced_groups g ON g.user_group_id = m.group_id
                   JOIN organization_users u ON u.id = m.user_id WHERE g.ms_group_id = '${group.id}' AND u.microsoft_id = '${member}'`),
    ).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM user_group_memberships WHERE source = 'microsoft'`)).toBe(
      sim.tenant.counts().groupMembers,
    );
  });

  it('falls back to a full pass when the delta links expired, with the same final state', async () => {
    const expected = await state();
    sim.tenant.expireDeltaTokens();
    const { result: run, requests } = await requestsDuring(() => sync());
    expect(run.status, JSON.stringify(run.errors)).toBe('succeeded');
    expect(requests.filter((r) => r === '/v1.0/users/delta (delta)')).toHaveLength(1);
    // The expired link, then the full pass from its first page.
    expect(requests.filter((r) => r === '/v1.0/users/delta').length).toBeGreaterThanOrEqual(1);
    expect(await state()).toBe(expected);
    // The full pass's new links work again.
    const { requests: next } = await requestsDuring(() => sync());
    expect(next).toContain('/v1.0/users/delta (delta)');
    expect(next).not.toContain('/v1.0/users/delta');
    // A link kept longer than 7 days is not even tried: a full pass, the same state.
    await sql`UPDATE ms_credentials SET delta_links_saved_at = now() - interval '8 days'`.execute(
      h.t.handle.db,
    );
    const { result: aged, requests: fresh } = await requestsDuring(() => sync());
    expect(aged.status).toBe('succeeded');
    expect(fresh).toContain('/v1.0/users/delta');
    expect(fresh).not.toContain('/v1.0/users/delta (delta)');
    expect(await state()).toBe(expected);
  });

  it('reaches the same final state through 10 % injected 429/503 faults', async () => {
    const expected = await state();
    sim.tenant.expireDeltaTokens();
    sim.setFaults({ rate: 0.1, seed: 2, kinds: ['throttle', 'unavailable'], retryAfterSeconds: 0 });
    // Small pages: dozens of round trips for the faults to hit (and Graph's paging on every listing).
    const paged = microsoftProvider({
      vault: createVault({ encryptionKeys: h.encryptionKeys, dataDir: h.dataDir }),
      loginOrigin: sim.origin,
      graphOrigin: sim.origin,
      retry: { sleep: () => Promise.resolve(), maxAttempts: 8 },
      pageSizes: { delta: 7, users: 7, members: 7, devices: 7 },
      logger: { warn: (details, message) => void logLines.push(JSON.stringify({ details, message })) },
    });
    const run = await sync(paged);
    expect(run.requestCount).toBeGreaterThan(20);
    const injected = sim.faultsInjected();
    sim.clearFaults();
    expect(run.status, JSON.stringify(run.errors)).toBe('succeeded');
    expect(injected).toBeGreaterThan(0);
    expect(logLines.some((l) => l.includes('Microsoft request failed; retrying'))).toBe(true);
    expect(await state()).toBe(expected);
  });

  it('archives nothing when a run dies midway, and the next run archives what vanished', async () => {
    const victims = [...sim.tenant.users.values()].slice(-3);
    for (const v of victims) sim.tenant.deleteUser(v.id);
    const live = `SELECT count(*) AS n FROM organization_users WHERE synced_from_microsoft AND archived_at IS NULL`;
    const before = await count(live);
    const cancel = sim.failAfter(/^\/v1\.0\/deviceManagement\/managedDevices$/, 0);
    const failed = await sync();
    cancel();
    expect(failed.status).toBe('failed');
    expect(failed.errors.map((e) => e.phase)).toEqual(['devices']);
    expect(await count(live)).toBe(before);
    const next = await sync();
    expect(next.status, JSON.stringify(next.errors)).toBe('succeeded');
    expect(await count(live)).toBe(before - victims.length);
  });

  it('keeps one person row per human across Google and Microsoft, each provider writing its own fields', async () => {
    // A Workspace of the same seed and domain: the shared half of the tenant are its people.
    const workspace: Simulator = await startSimulator({
      directory: { users: USERS + 1, seed: 7, domain: 'acme.example' },
    });
    try {
      const google = googleProvider({
        vault: createVault({ encryptionKeys: h.encryptionKeys, dataDir: h.dataDir }),
        makeSource: (settings, key) =>
          createWorkspaceSource({
            serviceAccountKey: key,
            adminEmail: settings.admin_email,
            customerId: settings.customer_id,
            apiOrigin: workspace.origin,
            retry: { sleep: () => Promise.resolve() },
          }),
      });
      const saved = await h.api(admin.key, 'PUT', '/settings/google', {
        serviceAccountKey: JSON.stringify(workspace.serviceAccountKey()),
        adminEmail: workspace.adminEmail,
      });
      expect(saved.status).toBe(200);
      const googleRun = await sync(google, '/sync/google');
      expect(googleRun.status, JSON.stringify(googleRun.errors)).toBe('succeeded');
      const shared = [...sim.tenant.users.values()].filter((u) =>
        workspace.directory.findUser(u.userPrincipalName),
      );
      expect(shared.length).toBeGreaterThan(20);
      // Microsoft says something else about a shared person than Google does.
      const person = shared[0];
      if (!person) throw new Error('no shared person');
      sim.tenant.updateUser(person.id, { jobTitle: 'Title only Microsoft knows', accountEnabled: false });
      const run = await sync();
      expect(run.status, JSON.stringify(run.errors)).toBe('succeeded');

      const rows = await sql<{ n: number; both: number }>`
        SELECT count(*)::int AS n, count(*) FILTER (WHERE google_workspace_id IS NOT NULL AND microsoft_id IS NOT NULL)::int AS both
        FROM organization_users WHERE lower(email) IN (${sql.join(shared.map((u) => u.userPrincipalName.toLowerCase()))})`.execute(
        h.t.handle.db,
      );
      expect(rows.rows[0]).toEqual({ n: shared.length, both: shared.length });
      const row = (
        await sql<{ title: string | null; is_active: boolean; job_title: string | null }>`
          SELECT u.title, u.is_active, m.job_title FROM organization_users u
          JOIN ms_synced_users m ON m.organization_user_id = u.id WHERE u.microsoft_id = ${person.id}`.execute(
          h.t.handle.db,
        )
      ).rows[0];
      const googlePerson = workspace.directory.findUser(person.userPrincipalName);
      // Google owns the shared fields; Microsoft's view is in its mirror.
      expect(row?.title).toBe(googlePerson?.title);
      expect(row?.is_active).toBe(googlePerson?.suspended === false);
      expect(row?.job_title).toBe('Title only Microsoft knows');
      // A Microsoft-only person is Microsoft's to write.
      const solo = [...sim.tenant.users.values()].find(
        (u) => !workspace.directory.findUser(u.userPrincipalName),
      );
      expect(
        await count(
          `SELECT count(*) AS n FROM organization_users WHERE microsoft_id = '${solo?.id}' AND google_workspace_id IS NULL`,
        ),
      ).toBe(1);
      // And an unchanged re-run of each writes nothing.
      const before = await fingerprint();
      expect((await sync()).status).toBe('succeeded');
      expect((await sync(google, '/sync/google')).status).toBe('succeeded');
      expect(await fingerprint()).toEqual(before);
    } finally {
      await workspace.close();
    }
  });

  let appKey = '';
  it('accepts a certificate credential instead of a secret: verified by a token, sealed, used by the runs', async () => {
    const make = () =>
      generate([{ name: 'commonName', value: 'Helios sync' }], {
        keyType: 'rsa',
        keySize: 2048,
        algorithm: 'sha256',
      });
    const [registered, other] = await Promise.all([make(), make()]);
    appKey = registered.private;
    sim.registerCertificate(registered.cert);
    const base = { tenantId: sim.tenantId, clientId: sim.clientId };
    // Not registered on the app → refused by Entra ID; a key of another certificate → refused here.
    const unknown = await h.api(admin.key, 'PUT', '/settings/microsoft', {
      ...base,
      certificate: { certificate: other.cert, privateKey: other.private },
    });
    expect(unknown.status).toBe(400);
    expect(errorBodySchema.parse(await unknown.json()).error.details?.[0]?.path).toBe('certificate');
    const mismatched = await h.api(admin.key, 'PUT', '/settings/microsoft', {
      ...base,
      certificate: { certificate: registered.cert, privateKey: other.private },
    });
    expect(mismatched.status).toBe(400);
    expect(errorBodySchema.parse(await mismatched.json()).error.details?.[0]?.path).toBe(
      'certificate.privateKey',
    );
    const both = await h.api(admin.key, 'PUT', '/settings/microsoft', {
      ...base,
      clientSecret: sim.clientSecret,
      certificate: { certificate: registered.cert, privateKey: registered.private },
    });
    expect(both.status).toBe(400);

    const saved = await h.api(admin.key, 'PUT', '/settings/microsoft', {
      ...base,
      certificate: { certificate: registered.cert, privateKey: registered.private },
    });
    expect(saved.status).toBe(200);
    bodies.push(await saved.text());
    const { rows } = await sql<{
      dump: string;
    }>`SELECT string_agg(t::text, '') AS dump FROM ms_credentials t`.execute(h.t.handle.db);
    expect(rows[0]?.dump).not.toContain('PRIVATE KEY');
    const issued = sim.tokensIssued();
    const run = await sync();
    expect(run.status, JSON.stringify(run.errors)).toBe('succeeded');
    // A new credential: a new token, got with the signed assertion.
    expect(sim.tokensIssued()).toBe(issued + 1);
  });

  it('never shows the client secret or key in a response or a log line', () => {
    expect(bodies.length).toBeGreaterThan(5);
    const keyBody = appKey.split('\n')[2] ?? 'no key';
    for (const body of bodies) {
      expect(body).not.toContain(sim.clientSecret);
      expect(body).not.toContain(keyBody);
    }
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) {
      expect(line).not.toContain(sim.clientSecret);
      expect(line).not.toContain(keyBody);
    }
  });
});
