import { softwareLicenseSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories, type Factories } from '../support/factories.ts';
import { recordRequests, type RecordBody as Body } from '../support/record-requests.ts';

describe.each(backends)('software licenses on %s', (backend) => {
  let h: ApiHarness;
  let manager: string;
  let build: Factories;
  let vendorId: number;
  let archivedVendorId: number;
  const { create, get, list, expectRefused } = recordRequests(() => ({ h, key: manager }));

  beforeAll(async () => {
    h = await startApi(backend);
    manager = (await h.user('manager')).key;
    build = factories(h, manager);
    vendorId = (await build.vendor({ name: 'Dell' })).id;
    archivedVendorId = (await build.vendor({ name: 'Gone Vendor', archived: true })).id;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('software licenses: seat counts from users and assets, over-assignment visible', async () => {
    const license = softwareLicenseSchema.parse(
      await create('/software-licenses', {
        name: 'Adobe Creative Cloud',
        version: '2026',
        licenseType: 'subscription',
        licenseKey: 'ABCD-EFGH-IJKL',
        seats: 2,
        purchaseDate: '2026-01-01',
        expireDate: '2027-01-01',
        vendorId,
      }),
    );
    expect(license).toMatchObject({
      seats: 2,
      licenseKey: 'ABCD-EFGH-IJKL',
      seatsAssigned: 0,
      seatsAvailable: 2,
      overAssigned: false,
      googleLicenseSku: null,
      syncedFromGoogle: false,
    });
    const unlimited = softwareLicenseSchema.parse(
      await create('/software-licenses', { name: 'Site licence', licenseType: 'volume' }),
    );

    const u1 = await h.user('user');
    const u2 = await h.user('user');
    const laptop = await build.asset({ name: 'Seat laptop', assetType: 'computer' });
    await build.link({ users: u1, 'software-licenses': license });
    await build.link({ users: u1, 'software-licenses': unlimited });
    await build.link({ assets: laptop, 'software-licenses': license });
    expect(await get(`/software-licenses/${license.id}`)).toMatchObject({
      seatsAssigned: 2,
      seatsAvailable: 0,
      overAssigned: false,
    });

    await build.link({ users: u2, 'software-licenses': license });
    const over = softwareLicenseSchema.parse(await get(`/software-licenses/${license.id}`));
    expect(over).toMatchObject({ seats: 2, seatsAssigned: 3, seatsAvailable: -1, overAssigned: true });

    const rows = await list('/software-licenses?sort=name');
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(license.id)).toMatchObject({ seatsAssigned: 3, seatsAvailable: -1, overAssigned: true });
    expect(byId.get(unlimited.id)).toMatchObject({
      seats: null,
      seatsAssigned: 1,
      seatsAvailable: null,
      overAssigned: false,
    });

    const raised = await h.api(manager, 'PATCH', `/software-licenses/${license.id}`, { seats: 5 });
    expect(((await raised.json()) as Body).data).toMatchObject({
      seats: 5,
      seatsAssigned: 3,
      seatsAvailable: 2,
      overAssigned: false,
    });

    expect((await list('/software-licenses?licenseType=volume')).map((r) => r.id)).toEqual([unlimited.id]);
    expect((await list(`/software-licenses?vendorId=${vendorId}`)).map((r) => r.id)).toContain(license.id);
    expect((await list('/software-licenses?expiresBefore=2027-01-01')).map((r) => r.id)).toContain(
      license.id,
    );
    expect((await list('/software-licenses?expiresBefore=2026-12-31')).map((r) => r.id)).not.toContain(
      license.id,
    );

    await expectRefused('POST', '/software-licenses', 'software_licenses', [
      [{}, 'name'],
      [{ name: 'x', seats: -1 }, 'seats'],
      [{ name: 'x', seats: 1.5 }, 'seats'],
      [{ name: 'x', seats: '3' }, 'seats'],
      [{ name: 'x', licenseType: 'pirated' }, 'licenseType'],
      [{ name: 'x', expireDate: '2027-02-30' }, 'expireDate'],
      [{ name: 'x', purchaseDate: 'yesterday' }, 'purchaseDate'],
      [{ name: 'x', vendorId: archivedVendorId }, 'vendorId'],
      [{ name: 'x', vendorId: -4 }, 'vendorId'],
      [{ name: 'x', vendorId: 999_999 }, 'vendorId'],
      [{ name: 'x', licenseKey: 'k'.repeat(501) }, 'licenseKey'],
      [{ name: 'x', version: 'v'.repeat(101) }, 'version'],
      [{ name: 'x', googleLicenseSku: '1010020020' }, ''],
      [{ name: 'x', seatsAssigned: 4 }, ''],
    ]);
    await expectRefused('PATCH', `/software-licenses/${license.id}`, 'software_licenses', [
      [{ seats: -1 }, 'seats'],
      [{ licenseType: 'pirated' }, 'licenseType'],
      [{ syncedFromGoogle: true }, ''],
    ]);
  });
});
