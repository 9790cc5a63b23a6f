import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from './app.ts';
import { backends } from './databases.ts';
import { factories, type Factories } from './factories.ts';

// The factories themselves: parents are made when missing and reused when given, and the state the
// API cannot express lands in the database as asked.
describe.each(backends)('test factories on %s', (backend) => {
  let h: ApiHarness;
  let manager: Awaited<ReturnType<ApiHarness['user']>>;
  let build: Factories;
  const db = () => h.t.handle.db;

  beforeAll(async () => {
    h = await startApi(backend);
    manager = await h.user('manager');
    build = factories(h, manager);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('makes missing parents, and uses the ones given', async () => {
    const owner = await build.user();
    expect((await build.asset({ assignedTo: owner })).assignedToUserId).toBe(owner.user.id);
    expect((await build.asset({ assignedTo: owner.user.id })).assignedToUserId).toBe(owner.user.id);
    const made = await build.asset({ assignedTo: { first_name: 'Fresh' }, location: true, vendor: true });
    const assignee = await db()
      .selectFrom('organization_users')
      .selectAll()
      .where('id', '=', made.assignedToUserId ?? 0)
      .executeTakeFirstOrThrow();
    expect(assignee).toMatchObject({ first_name: 'Fresh', role: 'user' });
    expect(made.locationId).toEqual(expect.any(Number));
    expect(made.vendorId).toEqual(expect.any(Number));
    expect((await build.asset()).assignedToUserId).toBeNull();

    const credential = await build.credential({
      primaryAsset: { name: 'Core switch', assetType: 'network_device' },
      primaryUser: true,
      folder: { parent: { name: 'Network' } },
    });
    const asset = await db()
      .selectFrom('assets')
      .selectAll()
      .where('id', '=', credential.primaryAssetId ?? 0)
      .executeTakeFirstOrThrow();
    expect(asset).toMatchObject({ name: 'Core switch', asset_type: 'network_device' });
    expect(credential.primaryUserId).toEqual(expect.any(Number));
    const folder = await db()
      .selectFrom('folders')
      .selectAll()
      .where('id', '=', credential.folderId ?? 0)
      .executeTakeFirstOrThrow();
    const parent = await db()
      .selectFrom('folders')
      .selectAll()
      .where('id', '=', folder.parent_folder_id ?? 0)
      .executeTakeFirstOrThrow();
    expect(parent.name).toBe('Network');

    const document = await build.document({ folder: true });
    expect(document).toMatchObject({ folderId: expect.any(Number), createdByUserId: manager.user.id });
    const certificate = await build.certificate({ parentDomain: { registrar: true } });
    const domain = await db()
      .selectFrom('domains')
      .selectAll()
      .where('id', '=', certificate.domainId ?? 0)
      .executeTakeFirstOrThrow();
    expect(domain.registrar_vendor_id).toEqual(expect.any(Number));
    expect((await build.softwareLicense({ vendor: { name: 'Adobe' } })).vendorId).toEqual(expect.any(Number));
    expect(await build.file({ folder: true })).toMatchObject({ kind: 'drive', folderId: expect.any(Number) });
  });

  it('files tickets as their requester, about and for whom it is told', async () => {
    const filed = await build.ticket({ requester: true });
    expect(filed.createdBy?.id).not.toBe(manager.user.id);
    expect(filed.relatedUser?.id).toBe(filed.createdBy?.id);

    const person = await build.user();
    const triaged = await build.ticket({ related: person, assignee: true, subject: 'Printer jam' });
    expect(triaged).toMatchObject({
      subject: 'Printer jam',
      createdBy: { id: manager.user.id },
      relatedUser: { id: person.user.id },
    });
    const assignee = await db()
      .selectFrom('organization_users')
      .select('role')
      .where('id', '=', triaged.assignedTo?.id ?? 0)
      .executeTakeFirstOrThrow();
    expect(assignee.role).toBe('manager');
    expect((await build.ticket({ requester: person })).createdBy?.id).toBe(person.user.id);
  });

  it('links, archives (now or at a given date) and marks synced devices', async () => {
    const person = await build.user();
    const laptop = await build.asset({ name: 'Linked laptop' });
    await build.link({ users: person, assets: laptop });
    expect(
      await db().selectFrom('user_assets').selectAll().where('asset_id', '=', laptop.id).execute(),
    ).toEqual([{ user_id: person.user.id, asset_id: laptop.id }]);

    expect((await build.vendor({ archived: true })).archivedAt).not.toBeNull();
    const at = new Date('2024-05-01T12:00:00.000Z');
    const old = await build.domain({ archived: at });
    expect(old.archivedAt).toBe(at.toISOString());
    const row = await db()
      .selectFrom('domains')
      .select('archived_at')
      .where('id', '=', old.id)
      .executeTakeFirstOrThrow();
    expect(row.archived_at?.toISOString()).toBe(at.toISOString());
    await build.archive('assets', laptop, at);
    const archived = await db()
      .selectFrom('assets')
      .select('archived_at')
      .where('id', '=', laptop.id)
      .executeTakeFirstOrThrow();
    expect(archived.archived_at?.toISOString()).toBe(at.toISOString());

    const device = await build.asset({ synced: { googleDeviceId: 'device-42' } });
    expect(device).toMatchObject({ googleDeviceId: 'device-42', syncedFromGoogle: true });
    const stored = await db()
      .selectFrom('assets')
      .select(['google_device_id', 'synced_from_google'])
      .where('id', '=', device.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ google_device_id: 'device-42', synced_from_google: true });
  });
});
