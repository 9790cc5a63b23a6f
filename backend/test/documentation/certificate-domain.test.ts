import { certificateSchema, errorBodySchema, linksSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories, type Factories } from '../support/factories.ts';

describe.each(backends)("a certificate's domain on %s", (backend) => {
  let h: ApiHarness;
  let admin: { key: string };
  let build: Factories;
  const db = () => h.t.handle.db;

  const linkedDomains = async (certificateId: number) => {
    const res = await h.api(admin.key, 'GET', `/certificates/${certificateId}/links`);
    expect(res.status).toBe(200);
    const links = linksSchema.parse(((await res.json()) as { data: unknown }).data);
    return (links.domains ?? []).map((d) => d.id).sort((a, b) => a - b);
  };
  const domainIdOf = async (certificateId: number) => {
    const res = await h.api(admin.key, 'GET', `/certificates/${certificateId}`);
    return certificateSchema.parse(((await res.json()) as { data: unknown }).data).domainId;
  };
  const junction = async (certificateId: number) =>
    (
      await db()
        .selectFrom('domain_certificates')
        .select('domain_id')
        .where('certificate_id', '=', certificateId)
        .orderBy('domain_id')
        .execute()
    ).map((r) => r.domain_id);

  beforeAll(async () => {
    h = await startApi(backend);
    admin = await h.user('admin');
    build = factories(h, admin);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps domainId and the domain links in step, whichever side is written', async () => {
    const acme = await build.domain({ name: 'acme-certs.example' });
    const other = await build.domain({ name: 'other-certs.example' });
    const third = await build.domain({ name: 'third-certs.example' });

    // Created with a domainId: its links show that domain (both sides).
    const cert = await build.certificate({ name: 'VPN', issuedBy: 'Acme CA', domainId: acme.id });
    expect(await linkedDomains(cert.id)).toEqual([acme.id]);
    const fromDomain = linksSchema.parse(
      ((await (await h.api(admin.key, 'GET', `/domains/${acme.id}/links`)).json()) as { data: unknown }).data,
    );
    expect(fromDomain.certificates?.map((c) => c.id)).toEqual([cert.id]);

    // Moving the certificate moves its link; a second domain can be linked beside the primary.
    expect((await h.api(admin.key, 'PATCH', `/certificates/${cert.id}`, { domainId: other.id })).status).toBe(
      200,
    );
    expect(await linkedDomains(cert.id)).toEqual([other.id]);
    expect((await h.api(admin.key, 'PUT', `/certificates/${cert.id}/links/domains/${third.id}`)).status).toBe(
      204,
    );
    expect(await junction(cert.id)).toEqual([other.id, third.id]);
    expect(await domainIdOf(cert.id)).toBe(other.id);

    // Unlinking the primary promotes the remaining linked domain; unlinking that clears domainId.
    expect(
      (await h.api(admin.key, 'DELETE', `/domains/${other.id}/links/certificates/${cert.id}`)).status,
    ).toBe(204);
    expect(await domainIdOf(cert.id)).toBe(third.id);
    expect(
      (await h.api(admin.key, 'DELETE', `/certificates/${cert.id}/links/domains/${third.id}`)).status,
    ).toBe(204);
    expect(await domainIdOf(cert.id)).toBeNull();
    expect(await junction(cert.id)).toEqual([]);

    // A certificate without a domain takes the first one linked to it; clearing domainId unlinks it.
    expect((await h.api(admin.key, 'PUT', `/domains/${acme.id}/links/certificates/${cert.id}`)).status).toBe(
      204,
    );
    expect(await domainIdOf(cert.id)).toBe(acme.id);
    const listed = (await (await h.api(admin.key, 'GET', `/certificates?domainId=${acme.id}`)).json()) as {
      data: { id: number }[];
    };
    expect(listed.data.map((c) => c.id)).toEqual([cert.id]);
    expect((await h.api(admin.key, 'PATCH', `/certificates/${cert.id}`, { domainId: null })).status).toBe(
      200,
    );
    expect(await linkedDomains(cert.id)).toEqual([]);

    // A domain its certificates name still cannot be deleted (409), and nothing changes.
    expect((await h.api(admin.key, 'PATCH', `/certificates/${cert.id}`, { domainId: acme.id })).status).toBe(
      200,
    );
    const refused = await h.api(admin.key, 'DELETE', `/domains/${acme.id}`);
    expect(refused.status).toBe(409);
    expect(errorBodySchema.parse(await refused.json()).error.code).toBe('conflict');
    expect(await domainIdOf(cert.id)).toBe(acme.id);
    expect(await junction(cert.id)).toEqual([acme.id]);
  });
});
