import { assetSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories } from '../support/factories.ts';
import {
  recordRequests,
  type RecordBody as Body,
  type RecordListBody as ListBody,
} from '../support/record-requests.ts';

describe.each(backends)('assets on %s', (backend) => {
  let h: ApiHarness;
  let admin: string;
  let manager: string;
  let vendorId: number;
  let archivedVendorId: number;
  let locationId: number;
  let archivedLocationId: number;
  let archivedUserId: number;
  const { count, create, get, list, expectRefused } = recordRequests(() => ({ h, key: manager }));

  beforeAll(async () => {
    h = await startApi(backend);
    admin = (await h.user('admin')).key;
    manager = (await h.user('manager')).key;
    const build = factories(h, manager);
    vendorId = (await build.vendor({ name: 'Dell' })).id;
    archivedVendorId = (await build.vendor({ name: 'Gone Vendor', archived: true })).id;
    locationId = (await build.location({ name: 'HQ' })).id;
    archivedLocationId = (await build.location({ name: 'Old office', archived: true })).id;
    archivedUserId = (await build.user({ archived_at: new Date() })).user.id;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('assets: create, get (stamps last access), update, archive, restore, delete — audited', async () => {
    const owner = await h.user('user');
    const audits = await count('audit_logs');
    const asset = assetSchema.parse(
      await create('/assets', {
        name: '  MacBook Pro 14  ',
        assetType: 'computer',
        make: 'Apple',
        model: 'MacBook Pro',
        serialNumber: 'C02XYZ123',
        os: 'macOS',
        osVersion: '15.1',
        adminUrl: 'https://mdm.acme.example/devices/1',
        clientUrl: 'ssh://mbp.acme.example',
        uri2: 'vnc://mbp.acme.example:5900',
        purchaseDate: '2025-01-15',
        warrantyExpireDate: '2028-01-15',
        installDate: '2025-01-20',
        physicalLocation: 'Desk 4',
        locationId,
        vendorId,
        assignedToUserId: owner.user.id,
        status: 'active',
        isImportant: true,
      }),
    );
    expect(asset).toMatchObject({
      name: 'MacBook Pro 14',
      assetType: 'computer',
      clientUrl: 'ssh://mbp.acme.example',
      purchaseDate: '2025-01-15',
      warrantyExpireDate: '2028-01-15',
      locationId,
      vendorId,
      assignedToUserId: owner.user.id,
      status: 'active',
      isImportant: true,
      googleDeviceId: null,
      syncedFromGoogle: false,
      lastAccessedAt: null,
      customFields: {},
    });
    expect(asset).not.toHaveProperty('organizationId');

    const got = assetSchema.parse(await get(`/assets/${asset.id}`));
    expect(got.lastAccessedAt).not.toBeNull();
    expect({ ...got, lastAccessedAt: null }).toEqual(asset);

    const patched = await h.api(manager, 'PATCH', `/assets/${asset.id}`, {
      status: 'repair',
      warrantyExpireDate: null,
      assignedToUserId: null,
    });
    expect(patched.status).toBe(200);
    expect(assetSchema.parse(((await patched.json()) as Body).data)).toMatchObject({
      status: 'repair',
      warrantyExpireDate: null,
      assignedToUserId: null,
      name: 'MacBook Pro 14',
    });

    const archived = assetSchema.parse(
      ((await (await h.api(manager, 'POST', `/assets/${asset.id}/archive`)).json()) as Body).data,
    );
    expect(archived.archivedAt).not.toBeNull();
    expect((await list('/assets')).map((a) => a.id)).not.toContain(asset.id);
    expect((await list('/assets?archived=true')).map((a) => a.id)).toContain(asset.id);
    const restored = assetSchema.parse(
      ((await (await h.api(manager, 'POST', `/assets/${asset.id}/restore`)).json()) as Body).data,
    );
    expect(restored.archivedAt).toBeNull();

    expect((await h.api(manager, 'DELETE', `/assets/${asset.id}`)).status).toBe(403);
    expect((await h.api(admin, 'DELETE', `/assets/${asset.id}`)).status).toBe(204);
    expect((await h.api(admin, 'GET', `/assets/${asset.id}`)).status).toBe(404);
    expect(await count('audit_logs')).toBe(audits + 5);
    const actions = await h.t.handle.db
      .selectFrom('audit_logs')
      .select('action')
      .where('entity_type', '=', 'asset')
      .where('entity_id', '=', asset.id)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['create', 'update', 'archive', 'restore', 'delete']);
  });

  it('assets: list filters, search over name/serial/model/make, sort', async () => {
    const owner = await h.user('user');
    const other = (await create('/vendors', { name: 'Lenovo' })).id;
    const made = [
      await create('/assets', {
        name: 'Filter Printer',
        assetType: 'printer',
        status: 'active',
        vendorId: other,
        warrantyExpireDate: '2026-03-01',
      }),
      await create('/assets', {
        name: 'Filter Laptop A',
        assetType: 'computer',
        status: 'storage',
        serialNumber: 'SN-FLT-0001',
        assignedToUserId: owner.user.id,
        locationId,
        warrantyExpireDate: '2027-06-30',
      }),
      await create('/assets', {
        name: 'Filter Laptop B',
        assetType: 'computer',
        make: 'Framework',
        model: 'Laptop 13',
        status: 'active',
        vendorId,
        warrantyExpireDate: '2030-01-01',
      }),
    ];
    const names = (rows: ListBody['data']) => rows.map((r) => r.name as string).sort();
    expect(names(await list('/assets?q=filter&assetType=computer'))).toEqual([
      'Filter Laptop A',
      'Filter Laptop B',
    ]);
    expect(names(await list('/assets?q=filter&status=active'))).toEqual([
      'Filter Laptop B',
      'Filter Printer',
    ]);
    expect(names(await list(`/assets?assignedToUserId=${owner.user.id}`))).toEqual(['Filter Laptop A']);
    expect(names(await list(`/assets?q=filter&locationId=${locationId}`))).toEqual(['Filter Laptop A']);
    expect(names(await list(`/assets?vendorId=${other}`))).toEqual(['Filter Printer']);
    expect(names(await list('/assets?q=filter&warrantyExpiresBefore=2027-06-30'))).toEqual([
      'Filter Laptop A',
      'Filter Printer',
    ]);
    expect(names(await list('/assets?q=sn-flt'))).toEqual(['Filter Laptop A']); // serial number
    expect(names(await list('/assets?q=framework'))).toEqual(['Filter Laptop B']); // make
    expect(names(await list('/assets?q=LAPTOP 13'))).toEqual(['Filter Laptop B']); // model
    const sorted = await list('/assets?q=filter&sort=-name');
    expect(sorted.map((r) => r.name)).toEqual(['Filter Printer', 'Filter Laptop B', 'Filter Laptop A']);
    for (const q of [
      '?assetType=toaster',
      '?status=lost',
      '?assignedToUserId=-1',
      '?locationId=abc',
      '?warrantyExpiresBefore=2027-02-30',
      '?sort=serialNumber',
      '?owner=1',
    ]) {
      expect((await h.api(manager, 'GET', `/assets${q}`)).status, q).toBe(400);
    }
    expect(made).toHaveLength(3);
  });

  it('assets: refuses bad input and writes nothing', async () => {
    const ok = { name: 'Bad input asset', assetType: 'computer' };
    await expectRefused('POST', '/assets', 'assets', [
      [{}, 'name'],
      [{ name: 'x' }, 'assetType'],
      [{ ...ok, assetType: 'toaster' }, 'assetType'],
      [{ ...ok, status: 'lost' }, 'status'],
      [{ ...ok, purchaseDate: '2027-02-30' }, 'purchaseDate'],
      [{ ...ok, warrantyExpireDate: '2027-13-01' }, 'warrantyExpireDate'],
      [{ ...ok, installDate: '01/02/2026' }, 'installDate'],
      [{ ...ok, locationId: -1 }, 'locationId'],
      [{ ...ok, locationId: 1.5 }, 'locationId'],
      [{ ...ok, locationId: '7' }, 'locationId'],
      [{ ...ok, locationId: 999_999 }, 'locationId'],
      [{ ...ok, locationId: archivedLocationId }, 'locationId'],
      [{ ...ok, vendorId: archivedVendorId }, 'vendorId'],
      [{ ...ok, assignedToUserId: archivedUserId }, 'assignedToUserId'],
      [{ ...ok, assignedToUserId: 999_999 }, 'assignedToUserId'],
      [{ ...ok, name: 'x'.repeat(201) }, 'name'],
      [{ ...ok, serialNumber: 'x'.repeat(201) }, 'serialNumber'],
      [{ ...ok, osVersion: 'x'.repeat(101) }, 'osVersion'],
      [{ ...ok, adminUrl: 'javascript:alert(1)' }, 'adminUrl'],
      [{ ...ok, isImportant: 'yes' }, 'isImportant'],
      [{ ...ok, googleDeviceId: 'dev-1' }, ''],
      [{ ...ok, syncedFromGoogle: true }, ''],
      [{ ...ok, surprise: 1 }, ''],
    ]);
    const asset = await create('/assets', ok);
    await expectRefused('PATCH', `/assets/${asset.id}`, 'assets', [
      [{ assetType: 'toaster' }, 'assetType'],
      [{ name: null }, 'name'],
      [{ assetType: null }, 'assetType'],
      [{ purchaseDate: '2026-04-31' }, 'purchaseDate'],
      [{ vendorId: archivedVendorId }, 'vendorId'],
      [{ lastSyncedAt: '2026-01-01T00:00:00Z' }, ''],
    ]);
    expect(assetSchema.parse(await get(`/assets/${asset.id}`))).toMatchObject({
      assetType: 'computer',
      vendorId: null,
    });
  });
});
