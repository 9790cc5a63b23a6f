import { errorBodySchema, locationSchema, vendorSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCustomField } from '../../src/core/records/queries/custom-fields.ts';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

type Json = { data: Record<string, unknown> & { id: number }; nextCursor?: string | null };

describe.each(backends)('generic documentation records (vendors, locations) on %s', (backend) => {
  let h: ApiHarness;
  let admin: string;
  let manager: string;
  const count = async (table: 'vendors' | 'audit_logs') =>
    (
      await h.t.handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  beforeAll(async () => {
    h = await startApi(backend);
    admin = (await h.user('admin')).key;
    manager = (await h.user('manager')).key;
    await insertCustomField(h.t.handle.db, {
      organization_id: h.organizationId,
      table_name: 'vendors',
      field_name: 'tier',
      field_label: 'Tier',
      field_type: 'dropdown',
      field_options: JSON.stringify({ options: ['gold', 'silver'] }),
    });
    await insertCustomField(h.t.handle.db, {
      organization_id: h.organizationId,
      table_name: 'vendors',
      field_name: 'spend',
      field_label: 'Annual spend',
      field_type: 'number',
    });
    await insertCustomField(h.t.handle.db, {
      organization_id: h.organizationId,
      table_name: 'vendors',
      field_name: 'renewal',
      field_label: 'Renewal',
      field_type: 'date',
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates, reads, updates, archives, restores and deletes, one audit row each', async () => {
    const audits = await count('audit_logs');
    const created = await h.api(manager, 'POST', '/vendors', {
      name: '  Dell  ',
      email: 'sales@dell.example',
      website: 'https://dell.example',
      customFields: { tier: 'gold', spend: 125000.5, renewal: '2027-03-01' },
    });
    expect(created.status).toBe(201);
    const vendor = vendorSchema.parse(((await created.json()) as Json).data);
    expect(vendor).toMatchObject({
      name: 'Dell',
      email: 'sales@dell.example',
      archivedAt: null,
      customFields: { tier: 'gold', spend: 125000.5, renewal: '2027-03-01' },
    });
    expect(vendor).not.toHaveProperty('organizationId');

    const got = ((await (await h.api(manager, 'GET', `/vendors/${vendor.id}`)).json()) as Json).data;
    expect(got).toEqual(vendor);

    const patched = await h.api(manager, 'PATCH', `/vendors/${vendor.id}`, {
      phone: '+1 555 0100',
      customFields: { tier: null },
    });
    expect(patched.status).toBe(200);
    const after = vendorSchema.parse(((await patched.json()) as Json).data);
    expect(after).toMatchObject({
      phone: '+1 555 0100',
      name: 'Dell',
      customFields: { spend: 125000.5, renewal: '2027-03-01' },
    });
    expect(after.customFields).not.toHaveProperty('tier');

    const archived = vendorSchema.parse(
      ((await (await h.api(manager, 'POST', `/vendors/${vendor.id}/archive`)).json()) as Json).data,
    );
    expect(archived.archivedAt).not.toBeNull();
    const restored = vendorSchema.parse(
      ((await (await h.api(manager, 'POST', `/vendors/${vendor.id}/restore`)).json()) as Json).data,
    );
    expect(restored.archivedAt).toBeNull();

    expect((await h.api(manager, 'DELETE', `/vendors/${vendor.id}`)).status).toBe(403);
    expect((await h.api(admin, 'DELETE', `/vendors/${vendor.id}`)).status).toBe(204);
    expect((await h.api(admin, 'GET', `/vendors/${vendor.id}`)).status).toBe(404);
    expect(await count('audit_logs')).toBe(audits + 5); // create, update, archive, restore, delete
    const cv = await h.t.handle.db
      .selectFrom('custom_values')
      .selectAll()
      .where('entity_id', '=', vendor.id)
      .execute();
    expect(cv).toEqual([]);
  });

  it('pages with a cursor, searches with q, filters archived and by custom field, sorts', async () => {
    const names = [
      'Alpha Networks',
      'Beta Cloud',
      'Gamma Printers',
      'Delta Networks',
      'Epsilon Phones',
      'Zeta Networks',
    ];
    const ids: number[] = [];
    for (const [i, name] of names.entries()) {
      const res = await h.api(manager, 'POST', '/vendors', {
        name,
        customFields: { tier: i % 2 === 0 ? 'gold' : 'silver' },
      });
      ids.push(((await res.json()) as Json).data.id);
    }
    await h.api(manager, 'POST', `/vendors/${ids[5]}/archive`);

    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const res = await h.api(
        manager,
        'GET',
        `/vendors?limit=2&sort=-name${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const body = (await res.json()) as { data: { name: string }[]; nextCursor: string | null };
      expect(body.data.length).toBeLessThanOrEqual(2);
      seen.push(...body.data.map((v) => v.name));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...names.slice(0, 5)].sort().reverse());

    const search = (await (await h.api(manager, 'GET', '/vendors?q=NETWORK')).json()) as {
      data: { name: string }[];
    };
    expect(search.data.map((v) => v.name).sort()).toEqual(['Alpha Networks', 'Delta Networks']);
    const onlyArchived = (await (await h.api(manager, 'GET', '/vendors?archived=true')).json()) as {
      data: { name: string }[];
    };
    expect(onlyArchived.data.map((v) => v.name)).toEqual(['Zeta Networks']);
    const all = (await (await h.api(manager, 'GET', '/vendors?archived=all&q=networks')).json()) as {
      data: unknown[];
    };
    expect(all.data).toHaveLength(3);
    const gold = (await (await h.api(manager, 'GET', '/vendors?cf.tier=gold')).json()) as {
      data: { name: string }[];
    };
    expect(gold.data.map((v) => v.name).sort()).toEqual([
      'Alpha Networks',
      'Epsilon Phones',
      'Gamma Printers',
    ]);
    const literal = (await (await h.api(manager, 'GET', '/vendors?q=%25')).json()) as { data: unknown[] };
    expect(literal.data).toEqual([]);
  });

  it('refuses bad input with the error shape and writes nothing', async () => {
    const before = { vendors: await count('vendors'), audits: await count('audit_logs') };
    const cases: [unknown, string][] = [
      [{}, 'name'],
      [{ name: 42 }, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: 'ok', email: 'not-an-email' }, 'email'],
      [{ name: 'ok', website: 'javascript:alert(1)' }, 'website'],
      [{ name: 'ok', surprise: true }, ''],
      [{ name: 'ok', customFields: { tier: 'bronze' } }, 'customFields.tier'],
      [{ name: 'ok', customFields: { spend: 'lots' } }, 'customFields.spend'],
      [{ name: 'ok', customFields: { renewal: '2027-02-30' } }, 'customFields.renewal'],
      [{ name: 'ok', customFields: { nosuch: 'x' } }, 'customFields.nosuch'],
      [[1, 2], ''],
    ];
    for (const [body, path] of cases) {
      const res = await h.api(manager, 'POST', '/vendors', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = errorBodySchema.parse(await res.json()).error;
      expect(error.code).toBe('validation_failed');
      if (path) expect(error.details?.map((d) => d.path)).toContain(path);
    }
    for (const path of ['/vendors/-1', '/vendors/abc', '/vendors/0', '/vendors/99999999999']) {
      const res = await h.api(manager, 'GET', path);
      expect(res.status, path).toBe(400);
    }
    for (const q of [
      '?limit=500',
      '?limit=0',
      '?archived=maybe',
      '?sort=password',
      '?cursor=garbage',
      '?cf.nosuch=1',
      '?nope=1',
    ]) {
      expect((await h.api(manager, 'GET', `/vendors${q}`)).status, q).toBe(400);
    }
    expect((await h.api(manager, 'PATCH', '/vendors/999999', { name: 'x' })).status).toBe(404);
    expect(await count('vendors')).toBe(before.vendors);
    expect(await count('audit_logs')).toBe(before.audits);
  });

  it('applies the documentation policy: users see what is linked to them, contacts nothing', async () => {
    const hq = locationSchema.parse(
      ((await (await h.api(manager, 'POST', '/locations', { name: 'HQ', city: 'Lisbon' })).json()) as Json)
        .data,
    );
    const branch = locationSchema.parse(
      ((await (await h.api(manager, 'POST', '/locations', { name: 'Branch' })).json()) as Json).data,
    );
    const staff = await h.user('user', undefined, { location_id: hq.id });
    const contact = await h.user('contact');

    const list = (await (await h.api(staff.key, 'GET', '/locations')).json()) as { data: { id: number }[] };
    expect(list.data.map((l) => l.id)).toEqual([hq.id]);
    expect((await h.api(staff.key, 'GET', `/locations/${hq.id}`)).status).toBe(200);
    expect((await h.api(staff.key, 'GET', `/locations/${branch.id}`)).status).toBe(404);
    expect((await h.api(staff.key, 'POST', '/locations', { name: 'Mine' })).status).toBe(403);
    expect((await h.api(staff.key, 'PATCH', `/locations/${hq.id}`, { name: 'Mine' })).status).toBe(403);
    expect(((await (await h.api(staff.key, 'GET', '/vendors')).json()) as { data: unknown[] }).data).toEqual(
      [],
    );
    expect((await h.api(contact.key, 'GET', '/locations')).status).toBe(403);
    expect((await h.api(contact.key, 'GET', `/locations/${hq.id}`)).status).toBe(404);
  });

  it('refuses to hard-delete a record others still reference, and refuses archived references', async () => {
    const loc = locationSchema.parse(
      ((await (await h.api(manager, 'POST', '/locations', { name: 'Warehouse' })).json()) as Json).data,
    );
    await h.user('user', undefined, { location_id: loc.id });
    const res = await h.api(admin, 'DELETE', `/locations/${loc.id}`);
    expect(res.status).toBe(409);
    expect(errorBodySchema.parse(await res.json()).error.code).toBe('conflict');
    expect((await h.api(admin, 'GET', `/locations/${loc.id}`)).status).toBe(200);
  });
});
