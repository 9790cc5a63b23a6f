import { domainSchema, errorBodySchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories, type Factories } from '../support/factories.ts';
import { recordRequests } from '../support/record-requests.ts';

describe.each(backends)('domains on %s', (backend) => {
  let h: ApiHarness;
  let admin: string;
  let manager: string;
  let build: Factories;
  let vendorId: number;
  let archivedVendorId: number;
  const { create, get, list, expectRefused } = recordRequests(() => ({ h, key: manager }));

  beforeAll(async () => {
    h = await startApi(backend);
    admin = (await h.user('admin')).key;
    manager = (await h.user('manager')).key;
    build = factories(h, manager);
    vendorId = (await build.vendor({ name: 'Dell' })).id;
    archivedVendorId = (await build.vendor({ name: 'Gone Vendor', archived: true })).id;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('domains: CRUD, name normalized and validated, one live record per name, vendor refs', async () => {
    const registrar = (await build.vendor({ name: 'Gandi' })).id;
    const domain = domainSchema.parse(
      await create('/domains', {
        name: '  Corp.EXAMPLE.  ',
        expireDate: '2027-05-01',
        ipAddress: '192.0.2.10, 2001:db8::1',
        nameservers: 'ns1.gandi.net\nns2.gandi.net',
        registrarVendorId: registrar,
        dnshostVendorId: registrar,
        mailhostVendorId: vendorId,
      }),
    );
    expect(domain).toMatchObject({
      name: 'corp.example',
      expireDate: '2027-05-01',
      registrarVendorId: registrar,
      webhostVendorId: null,
      isGoogleWorkspaceDomain: false,
      googleDomainVerified: false,
    });
    expect((await get(`/domains/${domain.id}`)).lastAccessedAt).not.toBeNull();

    const dup = await h.api(manager, 'POST', '/domains', { name: 'CORP.example' });
    expect(dup.status).toBe(409);
    expect(errorBodySchema.parse(await dup.json()).error.code).toBe('conflict');
    const other = await create('/domains', { name: 'corp-mail.example' });
    expect((await h.api(manager, 'PATCH', `/domains/${other.id}`, { name: 'corp.example' })).status).toBe(
      409,
    );
    // Renaming a domain to its own name is not a duplicate.
    expect((await h.api(manager, 'PATCH', `/domains/${domain.id}`, { name: 'CORP.EXAMPLE' })).status).toBe(
      200,
    );

    expect((await list(`/domains?vendorId=${registrar}`)).map((d) => d.id)).toEqual([domain.id]);
    expect((await list(`/domains?vendorId=${vendorId}`)).map((d) => d.id)).toEqual([domain.id]);
    expect((await list('/domains?expiresBefore=2027-05-01')).map((d) => d.id)).toEqual([domain.id]);
    expect((await list('/domains?q=MAIL')).map((d) => d.id)).toEqual([other.id]);

    expect((await h.api(manager, 'POST', `/domains/${other.id}/archive`)).status).toBe(200);
    expect((await h.api(admin, 'DELETE', `/domains/${other.id}`)).status).toBe(204);

    await expectRefused('POST', '/domains', 'domains', [
      [{}, 'name'],
      [{ name: 'not a domain' }, 'name'],
      [{ name: 'localhost' }, 'name'],
      [{ name: '-bad.example' }, 'name'],
      [{ name: 'bad_.example' }, 'name'],
      [{ name: 'exämple.com' }, 'name'],
      [{ name: `${'a'.repeat(64)}.example` }, 'name'],
      [{ name: `${'abcdefghij.'.repeat(19)}example` }, 'name'],
      [{ name: 'ok.example', expireDate: '2027-02-30' }, 'expireDate'],
      [{ name: 'ok.example', ipAddress: 'banana' }, 'ipAddress'],
      [{ name: 'ok.example', ipAddress: '300.1.1.1' }, 'ipAddress'],
      [{ name: 'ok.example', registrarVendorId: archivedVendorId }, 'registrarVendorId'],
      [{ name: 'ok.example', webhostVendorId: 999_999 }, 'webhostVendorId'],
      [{ name: 'ok.example', dnshostVendorId: 0 }, 'dnshostVendorId'],
      [{ name: 'ok.example', mailhostVendorId: -2 }, 'mailhostVendorId'],
      [{ name: 'ok.example', isGoogleWorkspaceDomain: true }, ''],
      [{ name: 'ok.example', googleDomainVerified: true }, ''],
    ]);
    await expectRefused('PATCH', `/domains/${domain.id}`, 'domains', [
      [{ name: 'nope nope' }, 'name'],
      [{ name: null }, 'name'],
      [{ registrarVendorId: archivedVendorId }, 'registrarVendorId'],
    ]);
    expect((await get(`/domains/${domain.id}`)).name).toBe('corp.example');
  });
});
