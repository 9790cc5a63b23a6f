// The provider-neutral side of the directory sync, through its plug-in interface: a second
// provider — a tiny fake playing "microsoft", the only other name sync_runs accepts — next to
// Google. One active run per provider (not one overall), runs of both in GET /sync/runs, the one
// run lifecycle and archive step for a provider that is not Google, and delta listings
// (Graph-style cursors and explicit removals) beside full passes.
import { syncRunSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault } from '../../src/core/crypto/vault.ts';
import { executeSync, requestSync } from '../../src/modules/directory-sync/commands/sync-runs.ts';
import type {
  DirectoryDevice,
  DirectoryProvider,
  DirectorySource,
  Listing,
} from '../../src/modules/directory-sync/engine/provider.ts';
import {
  GOOGLE_COLUMNS,
  googleProvider,
} from '../../src/modules/directory-sync/providers/google/provider.ts';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

/** What the fake directory answers on its next run. */
interface Script {
  mode: 'full' | 'delta';
  devices: DirectoryDevice[];
  removed?: string[];
  cursor?: string;
}

const device = (id: string, userEmail: string | null = null): DirectoryDevice => ({
  externalId: id,
  name: `Laptop ${id}`,
  assetType: 'computer',
  make: 'Fake',
  model: 'F1',
  serial: `SN-${id}`,
  os: 'FakeOS',
  osVersion: '1',
  status: 'active',
  userEmail,
});

/**
 * A provider with one device listing. It borrows Google's columns of the shared tables (the only
 * ones the schema has): the test database holds no Google devices, so nothing is shared.
 */
function fakeProvider() {
  const state = {
    script: { mode: 'full', devices: [] } as Script,
    /** The cursor each run's listing was started from. */
    cursorsSeen: [] as (string | undefined)[],
    saved: {} as Record<string, string>,
    outcomes: [] as string[],
  };
  const source = (): DirectorySource => ({
    columns: GOOGLE_COLUMNS,
    phases: [
      {
        kind: 'devices',
        name: 'devices',
        label: 'devices',
        seenKind: 'mobile',
        list(cursor): Listing<DirectoryDevice> {
          state.cursorsSeen.push(cursor);
          const script = state.script;
          return {
            pages: (async function* () {
              if (script.devices.length > 0) yield script.devices;
            })(),
            mode: () => script.mode,
            removed: () => script.removed ?? [],
            cursor: () => script.cursor,
          };
        },
      },
    ],
    requestCount: () => 1,
    massArchiveHint: 'Check the fake',
  });
  const provider: DirectoryProvider = {
    name: 'microsoft',
    label: 'Fake 365',
    settingsPath: '/settings/microsoft',
    connection: async () => ({
      enabled: true,
      intervalMinutes: 15,
      lastSyncAt: null,
      massArchiveThreshold: 0.5,
      cursors: { ...state.saved },
      open: source,
      recordOutcome: async (_db, { status, cursors }) => {
        state.outcomes.push(status);
        if (status === 'succeeded') state.saved = { ...state.saved, ...cursors };
      },
    }),
  };
  return { provider, state };
}

describe.each(backends)('the sync engine with a second provider on %s', (backend) => {
  let h: ApiHarness;
  let admin: Awaited<ReturnType<ApiHarness['user']>>;
  let google: DirectoryProvider;
  const fake = fakeProvider();

  beforeAll(async () => {
    h = await startApi(backend);
    admin = await h.user('admin');
    google = googleProvider({ vault: createVault({ encryptionKeys: h.encryptionKeys, dataDir: h.dataDir }) });
  });
  afterAll(async () => {
    await h?.close();
  });

  const runs = async () =>
    ((await (await h.api(admin.key, 'GET', '/sync/runs')).json()) as { data: unknown[] }).data.map((r) =>
      syncRunSchema.parse(r),
    );
  const runOnce = async (script: Script) => {
    fake.state.script = script;
    const { run } = await requestSync(h.t.handle.db, h.organizationId, fake.provider, 'manual', null);
    const finished = await executeSync(h.t.handle.db, fake.provider, h.organizationId, run.id);
    if (!finished) throw new Error('the run was not executed');
    return syncRunSchema.parse(
      ((await (await h.api(admin.key, 'GET', `/sync/runs/${run.id}`)).json()) as { data: unknown }).data,
    );
  };
  const archivedOf = async (ids: string[]) =>
    Object.fromEntries(
      (
        await h.t.handle.db
          .selectFrom('assets')
          .select(['google_device_id', 'archived_at'])
          .where('google_device_id', 'in', ids)
          .execute()
      ).map((r) => [r.google_device_id, r.archived_at !== null]),
    );

  it('keeps one active run per provider, not one overall, and lists both providers’ runs', async () => {
    const db = h.t.handle.db;
    const org = h.organizationId;
    const first = await requestSync(db, org, google, 'manual', null);
    const again = await requestSync(db, org, google, 'schedule', null);
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, run: { id: first.run.id } });

    // Two requests at once for the other provider: one run, and it is not Google's.
    const [a, b] = await Promise.all([
      requestSync(db, org, fake.provider, 'manual', null),
      requestSync(db, org, fake.provider, 'manual', null),
    ]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.run.id).toBe(b.run.id);
    expect(a.run.id).not.toBe(first.run.id);

    const listed = await runs();
    expect(listed.filter((r) => r.status === 'queued').map((r) => [r.id, r.provider])).toEqual([
      [a.run.id, 'microsoft'],
      [first.run.id, 'google'],
    ]);

    // Each provider's run goes through the same lifecycle: Google has no settings here, so its run
    // fails and says why; the other one succeeds.
    const failed = await executeSync(db, google, org, first.run.id);
    expect(failed).toMatchObject({ provider: 'google', status: 'failed' });
    expect(failed?.errors).toEqual([
      { phase: 'run', message: 'Google Workspace is not configured (PUT /settings/google)' },
    ]);
    // A worker of one provider never claims another provider's run.
    expect(await executeSync(db, google, org, a.run.id)).toBeUndefined();
    fake.state.script = { mode: 'full', devices: [] };
    expect(await executeSync(db, fake.provider, org, a.run.id)).toMatchObject({
      provider: 'microsoft',
      status: 'succeeded',
    });
    // Not active any more: the next request queues a new run.
    expect((await requestSync(db, org, fake.provider, 'manual', null)).created).toBe(true);
    const queued = await runs();
    await executeSync(db, fake.provider, org, queued[0]?.id ?? 0);
  });

  it('runs a full pass, then deltas from the saved cursor: only named removals are archived', async () => {
    const full = await runOnce({
      mode: 'full',
      devices: [device('d1'), device('d2'), device('d3')],
      cursor: 'delta-1',
    });
    expect(full.status, JSON.stringify(full.errors)).toBe('succeeded');
    expect(full.provider).toBe('microsoft');
    expect(full.counts.devices).toMatchObject({ created: 3, updated: 0, archived: 0 });
    expect(full.progress).toEqual({ devices: 3, archive: 0 });
    expect(fake.state.saved).toEqual({ devices: 'delta-1' });

    // A delta lists only what changed: d2 and d3 are not listed and stay; d1 was removed.
    const delta = await runOnce({
      mode: 'delta',
      devices: [{ ...device('d2'), status: 'repair' }],
      removed: ['d1'],
      cursor: 'delta-2',
    });
    expect(delta.status, JSON.stringify(delta.errors)).toBe('succeeded');
    expect(fake.state.cursorsSeen.at(-1)).toBe('delta-1');
    expect(delta.counts.devices).toMatchObject({ created: 0, updated: 1, unchanged: 0, archived: 1 });
    expect(await archivedOf(['d1', 'd2', 'd3'])).toEqual({ d1: true, d2: false, d3: false });
    expect(fake.state.saved).toEqual({ devices: 'delta-2' });

    // The delta link expired: the provider falls back to a full pass; what it did not list vanished.
    const fallback = await runOnce({ mode: 'full', devices: [device('d2')], cursor: 'delta-3' });
    expect(fake.state.cursorsSeen.at(-1)).toBe('delta-2');
    expect(fallback.status, JSON.stringify(fallback.errors)).toBe('succeeded');
    expect(fallback.counts.devices).toMatchObject({ updated: 1, archived: 1 });
    expect(await archivedOf(['d1', 'd2', 'd3'])).toEqual({ d1: true, d2: false, d3: true });
  });

  it('refuses a delta that would archive too many, and keeps the old cursor', async () => {
    await runOnce({ mode: 'full', devices: [device('e1'), device('e2'), device('e3'), device('e4')] });
    const before = { ...fake.state.saved };
    const refused = await runOnce({
      mode: 'delta',
      devices: [],
      removed: ['e1', 'e2', 'e3', 'e4'],
      cursor: 'never-kept',
    });
    expect(refused.status).toBe('failed');
    expect(refused.errors.map((e) => e.message).join(' ')).toMatch(/would archive 4 of 4 synced devices/);
    expect(refused.progress).toEqual({ devices: 0, archive: 0 });
    expect(await archivedOf(['e1', 'e2', 'e3', 'e4'])).toEqual({
      e1: false,
      e2: false,
      e3: false,
      e4: false,
    });
    expect(fake.state.saved).toEqual(before);
    expect(fake.state.outcomes.at(-1)).toBe('failed');
  });
});
