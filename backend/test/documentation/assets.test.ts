import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assetSchema,
  certificateSchema,
  domainSchema,
  errorBodySchema,
  softwareLicenseSchema,
} from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

type Body = { data: Record<string, unknown> & { id: number }; nextCursor?: string | null };
type ListBody = { data: (Record<string, unknown> & { id: number })[]; nextCursor: string | null };

const DAY = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Self-signed certificates made by openssl at test time (EC keys: fast to generate). */
interface Fixtures {
  /** O=Acme Test CA, CN=vpn.acme.example, valid 20 days from `madeAt`. */
  vpn: string;
  /** No CN, SANs mail.acme.example + smtp.acme.example, valid 400 days. */
  mail: string;
  /** CN=vpn.acme.example again, valid 400 days (a renewal). */
  renewal: string;
  privateKey: string;
  madeAt: [number, number];
}

function makeFixtures(): Fixtures {
  const dir = mkdtempSync(join(tmpdir(), 'helios-certs-'));
  const make = (name: string, days: number, subject: string, extra: string[] = []) => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-subj',
        subject,
        '-days',
        String(days),
        '-keyout',
        join(dir, `${name}.key`),
        '-out',
        join(dir, `${name}.pem`),
        ...extra,
      ],
      { stdio: 'ignore' },
    );
    return readFileSync(join(dir, `${name}.pem`), 'utf8');
  };
  try {
    const before = Date.now();
    const vpn = make('vpn', 20, '/C=PT/O=Acme Test CA/CN=vpn.acme.example');
    const after = Date.now();
    const mail = make('mail', 400, '/O=Acme Mail', [
      '-addext',
      'subjectAltName=DNS:mail.acme.example,DNS:smtp.acme.example',
    ]);
    const renewal = make('renewal', 400, '/C=PT/O=Acme Test CA/CN=vpn.acme.example');
    return {
      vpn,
      mail,
      renewal,
      privateKey: readFileSync(join(dir, 'vpn.key'), 'utf8'),
      madeAt: [before, after],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fixtures = makeFixtures();

describe.each(backends)('inventory resources on %s', (backend) => {
  let h: ApiHarness;
  let admin: string;
  let manager: string;
  let vendorId: number;
  let archivedVendorId: number;
  let locationId: number;
  let archivedLocationId: number;
  let archivedUserId: number;

  const count = async (
    table: 'assets' | 'software_licenses' | 'domains' | 'certificates' | 'audit_logs',
  ): Promise<number> =>
    Number(
      (
        await h.t.handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const create = async (path: string, body: unknown, key = manager): Promise<Body['data']> => {
    const res = await h.api(key, 'POST', path, body);
    const json = (await res.json()) as Body;
    expect(res.status, JSON.stringify(json)).toBe(201);
    return json.data;
  };
  const get = async (path: string, key = manager): Promise<Body['data']> => {
    const res = await h.api(key, 'GET', path);
    expect(res.status, path).toBe(200);
    return ((await res.json()) as Body).data;
  };
  const list = async (path: string, key = manager): Promise<ListBody['data']> => {
    const res = await h.api(key, 'GET', path);
    expect(res.status, path).toBe(200);
    return ((await res.json()) as ListBody).data;
  };
  /** Every case answers 400 validation_failed naming `path`, and nothing is written. */
  const expectRefused = async (
    method: 'POST' | 'PATCH',
    url: string,
    table: 'assets' | 'software_licenses' | 'domains' | 'certificates',
    cases: [unknown, string][],
  ) => {
    const before = { rows: await count(table), audits: await count('audit_logs') };
    for (const [body, path] of cases) {
      const res = await h.api(manager, method, url, body);
      expect(res.status, `${method} ${url} ${JSON.stringify(body)}`).toBe(400);
      const error = errorBodySchema.parse(await res.json()).error;
      expect(error.code).toBe('validation_failed');
      if (path)
        expect(
          error.details?.map((d) => d.path),
          JSON.stringify(body),
        ).toContain(path);
    }
    expect(await count(table)).toBe(before.rows);
    expect(await count('audit_logs')).toBe(before.audits);
  };

  beforeAll(async () => {
    h = await startApi(backend);
    admin = (await h.user('admin')).key;
    manager = (await h.user('manager')).key;
    vendorId = (await create('/vendors', { name: 'Dell' })).id;
    archivedVendorId = (await create('/vendors', { name: 'Gone Vendor' })).id;
    await h.api(manager, 'POST', `/vendors/${archivedVendorId}/archive`);
    locationId = (await create('/locations', { name: 'HQ' })).id;
    archivedLocationId = (await create('/locations', { name: 'Old office' })).id;
    await h.api(manager, 'POST', `/locations/${archivedLocationId}/archive`);
    const gone = await h.user('user');
    archivedUserId = gone.user.id;
    await h.t.handle.db
      .updateTable('organization_users')
      .set({ archived_at: new Date() })
      .where('id', '=', archivedUserId)
      .execute();
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

  it('software licenses: seat counts from users and assets, over-assignment visible', async () => {
    const db = h.t.handle.db;
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
    const laptop = await create('/assets', { name: 'Seat laptop', assetType: 'computer' });
    await db
      .insertInto('user_software_licenses')
      .values([
        { user_id: u1.user.id, software_license_id: license.id },
        { user_id: u1.user.id, software_license_id: unlimited.id },
      ])
      .execute();
    await db
      .insertInto('asset_software_licenses')
      .values({ asset_id: laptop.id, software_license_id: license.id })
      .execute();
    expect(await get(`/software-licenses/${license.id}`)).toMatchObject({
      seatsAssigned: 2,
      seatsAvailable: 0,
      overAssigned: false,
    });

    await db
      .insertInto('user_software_licenses')
      .values({ user_id: u2.user.id, software_license_id: license.id })
      .execute();
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

  it('domains: CRUD, name normalized and validated, one live record per name, vendor refs', async () => {
    const registrar = (await create('/vendors', { name: 'Gandi' })).id;
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

  it('certificates: explicit fields or a PEM that fills issuer, domain, expiry and the PEM itself', async () => {
    const acme = (await create('/domains', { name: 'certs-acme.example' })).id;
    const explicit = certificateSchema.parse(
      await create('/certificates', {
        name: 'Wildcard',
        issuedBy: "Let's Encrypt",
        domain: '*.certs-acme.example',
        expireDate: '2027-02-01',
        domainId: acme,
      }),
    );
    expect(explicit).toMatchObject({
      name: 'Wildcard',
      issuedBy: "Let's Encrypt",
      domain: '*.certs-acme.example',
      expireDate: '2027-02-01',
      publicKey: null,
      domainId: acme,
    });

    // A PEM certificate for vpn.acme.example links itself to the documented acme.example.
    const parent = await create('/domains', { name: 'acme.example' });
    const fromPem = certificateSchema.parse(await create('/certificates', { pem: fixtures.vpn }));
    const [early, late] = fixtures.madeAt.map((t) => utcDay(t + 20 * DAY));
    expect(fromPem).toMatchObject({
      name: 'vpn.acme.example',
      domain: 'vpn.acme.example',
      issuedBy: 'Acme Test CA',
      domainId: parent.id,
    });
    expect([early, late]).toContain(fromPem.expireDate);
    expect(fromPem.publicKey).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n?$/);
    expect(fromPem.publicKey?.replace(/\s/g, '')).toBe(fixtures.vpn.replace(/\s/g, ''));

    const sanOnly = certificateSchema.parse(
      await create('/certificates', { pem: fixtures.mail, name: 'Mail relay', domainId: acme }),
    );
    expect(sanOnly).toMatchObject({
      name: 'Mail relay',
      domain: 'mail.acme.example',
      issuedBy: 'Acme Mail',
      domainId: acme,
    });

    // A renewal: PATCH with the new PEM replaces expiry and PEM, keeps the name.
    const renewed = await h.api(manager, 'PATCH', `/certificates/${fromPem.id}`, { pem: fixtures.renewal });
    expect(renewed.status).toBe(200);
    const after = certificateSchema.parse(((await renewed.json()) as Body).data);
    expect(after.name).toBe('vpn.acme.example');
    expect(String(after.expireDate) > String(fromPem.expireDate)).toBe(true);
    expect(after.publicKey?.replace(/\s/g, '')).toBe(fixtures.renewal.replace(/\s/g, ''));

    expect((await list(`/certificates?domainId=${acme}`)).map((c) => c.id).sort()).toEqual(
      [explicit.id, sanOnly.id].sort(),
    );
    expect((await list('/certificates?q=acme test ca')).map((c) => c.id)).toEqual([fromPem.id]);

    const corrupted = fixtures.vpn.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!');
    await expectRefused('POST', '/certificates', 'certificates', [
      [{}, 'name'],
      [{ name: 'No issuer' }, 'issuedBy'],
      [{ issuedBy: 'No name' }, 'name'],
      [{ pem: 'not a certificate' }, 'pem'],
      [{ pem: corrupted }, 'pem'],
      [{ pem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }, 'pem'],
      [{ pem: fixtures.privateKey }, 'pem'],
      [{ pem: `${fixtures.vpn}${fixtures.privateKey}` }, 'pem'],
      [{ pem: 42 }, 'pem'],
      [{ pem: fixtures.vpn, issuedBy: 'Me' }, 'issuedBy'],
      [{ pem: fixtures.vpn, expireDate: '2030-01-01' }, 'expireDate'],
      [{ pem: fixtures.vpn, domainId: -1 }, 'domainId'],
      [{ name: 'x', issuedBy: 'y', expireDate: '2027-02-30' }, 'expireDate'],
      [{ name: 'x', issuedBy: 'y'.repeat(201) }, 'issuedBy'],
      [{ name: 'x', issuedBy: 'y', domain: 'not a host' }, 'domain'],
      [{ name: 'x', issuedBy: 'y', domainId: 999_999 }, 'domainId'],
      [{ name: 'x', issuedBy: 'y', serial: '01' }, ''],
      [{ name: 'x', issuedBy: 'y', publicKey: fixtures.privateKey }, 'publicKey'],
    ]);
    const archivedDomain = (await create('/domains', { name: 'archived-acme.example' })).id;
    await h.api(manager, 'POST', `/domains/${archivedDomain}/archive`);
    await expectRefused('POST', '/certificates', 'certificates', [
      [{ name: 'x', issuedBy: 'y', domainId: archivedDomain }, 'domainId'],
    ]);
    await expectRefused('PATCH', `/certificates/${explicit.id}`, 'certificates', [
      [{ pem: 'garbage' }, 'pem'],
      [{ issuedBy: null }, 'issuedBy'],
      [{ pem: fixtures.renewal, publicKey: 'x' }, 'publicKey'],
    ]);
    expect(certificateSchema.parse(await get(`/certificates/${explicit.id}`))).toMatchObject({
      issuedBy: "Let's Encrypt",
      expireDate: '2027-02-01',
    });
  });

  it('applies the documentation policy: a user sees only their assets and licenses, contacts nothing', async () => {
    const db = h.t.handle.db;
    const me = await h.user('user');
    const someone = await h.user('user');
    const contact = await h.user('contact');
    const assigned = await create('/assets', {
      name: 'Scope assigned',
      assetType: 'phone',
      assignedToUserId: me.user.id,
    });
    const linked = await create('/assets', { name: 'Scope linked', assetType: 'tablet' });
    const theirs = await create('/assets', {
      name: 'Scope theirs',
      assetType: 'phone',
      assignedToUserId: someone.user.id,
    });
    await db.insertInto('user_assets').values({ user_id: me.user.id, asset_id: linked.id }).execute();

    const mine = await list('/assets', me.key);
    expect(mine.map((a) => a.id).sort()).toEqual([assigned.id, linked.id].sort());
    expect((await h.api(me.key, 'GET', `/assets/${assigned.id}`)).status).toBe(200);
    expect((await h.api(me.key, 'GET', `/assets/${linked.id}`)).status).toBe(200);
    expect((await h.api(me.key, 'GET', `/assets/${theirs.id}`)).status).toBe(404);
    expect((await h.api(me.key, 'PATCH', `/assets/${assigned.id}`, { name: 'Mine now' })).status).toBe(403);
    expect((await h.api(me.key, 'PATCH', `/assets/${theirs.id}`, { name: 'Mine now' })).status).toBe(404);
    expect((await h.api(me.key, 'POST', '/assets', { name: 'New', assetType: 'phone' })).status).toBe(403);
    expect((await h.api(me.key, 'POST', `/assets/${assigned.id}/archive`)).status).toBe(403);

    const direct = await create('/software-licenses', { name: 'Scope direct', seats: 10 });
    const viaAsset = await create('/software-licenses', { name: 'Scope via asset' });
    const notMine = await create('/software-licenses', { name: 'Scope not mine' });
    await db
      .insertInto('user_software_licenses')
      .values([
        { user_id: me.user.id, software_license_id: direct.id },
        { user_id: someone.user.id, software_license_id: notMine.id },
      ])
      .execute();
    await db
      .insertInto('asset_software_licenses')
      .values([
        { asset_id: linked.id, software_license_id: viaAsset.id },
        { asset_id: theirs.id, software_license_id: notMine.id },
      ])
      .execute();
    const licenses = await list('/software-licenses', me.key);
    expect(licenses.map((l) => l.id).sort()).toEqual([direct.id, viaAsset.id].sort());
    expect(licenses.find((l) => l.id === direct.id)).toMatchObject({ seatsAssigned: 1, seatsAvailable: 9 });
    expect((await h.api(me.key, 'GET', `/software-licenses/${notMine.id}`)).status).toBe(404);

    const domain = await create('/domains', { name: 'scope.example' });
    const cert = await create('/certificates', { name: 'Scope cert', issuedBy: 'CA' });
    expect(await list('/domains', me.key)).toEqual([]);
    expect(await list('/certificates', me.key)).toEqual([]);
    expect((await h.api(me.key, 'GET', `/domains/${domain.id}`)).status).toBe(404);
    expect((await h.api(me.key, 'GET', `/certificates/${cert.id}`)).status).toBe(404);

    for (const path of ['/assets', '/software-licenses', '/domains', '/certificates']) {
      expect((await h.api(contact.key, 'GET', path)).status, path).toBe(403);
    }
    expect((await h.api(contact.key, 'GET', `/assets/${assigned.id}`)).status).toBe(404);
  });
});
