import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificateSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories, type Factories } from '../support/factories.ts';
import { recordRequests, type RecordBody as Body } from '../support/record-requests.ts';

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

describe.each(backends)('certificates on %s', (backend) => {
  let h: ApiHarness;
  let manager: string;
  let build: Factories;
  const { create, get, list, expectRefused } = recordRequests(() => ({ h, key: manager }));

  beforeAll(async () => {
    h = await startApi(backend);
    manager = (await h.user('manager')).key;
    build = factories(h, manager);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('certificates: explicit fields or a PEM that fills issuer, domain, expiry and the PEM itself', async () => {
    const acme = (await build.domain({ name: 'certs-acme.example' })).id;
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
    const parent = await build.domain({ name: 'acme.example' });
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
    const archivedDomain = (await build.domain({ name: 'archived-acme.example', archived: true })).id;
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
});
