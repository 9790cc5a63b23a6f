import { customFieldSchema, errorBodySchema, userSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { recordRequests } from '../support/record-requests.ts';

type Json = { data: Record<string, unknown> & { id: number }; nextCursor?: string | null };
type ListJson = { data: (Record<string, unknown> & { id: number })[]; nextCursor: string | null };

describe.each(backends)('custom fields on %s', (backend) => {
  let h: ApiHarness;
  let admin: { key: string; id: number };
  let manager: { key: string; id: number };

  const db = () => h.t.handle.db;
  const { count } = recordRequests(() => ({ h, key: manager.key }));
  const body = async (res: Response) => (await res.json()) as Json;
  const errorOf = async (res: Response) => errorBodySchema.parse(await res.json()).error;

  beforeAll(async () => {
    h = await startApi(backend);
    const a = await h.user('admin');
    const m = await h.user('manager');
    admin = { key: a.key, id: a.user.id };
    manager = { key: m.key, id: m.user.id };
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lets admins define custom fields that users carry and lists filter on', async () => {
    const field = {
      tableName: 'organization_users',
      fieldName: 'shirt_size',
      fieldLabel: 'Shirt size',
      fieldType: 'dropdown',
      fieldOptions: { options: ['S', 'M', 'L'] },
    };
    expect((await h.api(manager.key, 'POST', '/custom-fields', field)).status).toBe(403);
    const created = await h.api(admin.key, 'POST', '/custom-fields', field);
    expect(created.status).toBe(201);
    const shirt = customFieldSchema.parse((await body(created)).data);
    expect(shirt).toMatchObject({ ...field, displayOrder: 999 });
    const dup = await h.api(admin.key, 'POST', '/custom-fields', { ...field, fieldLabel: 'Again' });
    expect(dup.status).toBe(409);
    // The same name on another table is another field.
    const other = await h.api(admin.key, 'POST', '/custom-fields', { ...field, tableName: 'assets' });
    expect(other.status).toBe(201);
    const badge = customFieldSchema.parse(
      (
        await body(
          await h.api(admin.key, 'POST', '/custom-fields', {
            tableName: 'organization_users',
            fieldName: 'badge_number',
            fieldLabel: 'Badge',
            fieldType: 'number',
            displayOrder: 1,
          }),
        )
      ).data,
    );

    const fieldsBefore = await count('custom_fields');
    for (const [payload, path] of [
      [{ ...field, fieldName: 'size', fieldOptions: undefined }, 'fieldOptions'],
      [{ ...field, fieldName: 'size', fieldOptions: { options: [] } }, 'fieldOptions.options'],
      [{ ...field, fieldName: 'size', fieldOptions: { options: ['S', 'S'] } }, 'fieldOptions.options'],
      [{ ...field, fieldName: 'size', fieldType: 'text' }, 'fieldOptions'],
      [{ ...field, fieldName: 'Shirt Size' }, 'fieldName'],
      [{ ...field, fieldName: '1size' }, 'fieldName'],
      [{ ...field, fieldName: `s${'x'.repeat(100)}` }, 'fieldName'],
      [{ ...field, fieldName: 'size', tableName: 'tags' }, 'tableName'],
      [{ ...field, fieldName: 'size', fieldType: 'color' }, 'fieldType'],
      [{ ...field, fieldName: 'size', fieldLabel: '' }, 'fieldLabel'],
      [{ ...field, fieldName: 'size', displayOrder: -1 }, 'displayOrder'],
      [{ ...field, fieldName: 'size', extra: true }, ''],
    ] as const) {
      const res = await h.api(admin.key, 'POST', '/custom-fields', payload);
      expect(res.status, JSON.stringify(payload)).toBe(400);
      if (path)
        expect(
          (await errorOf(res)).details?.map((d) => d.path),
          JSON.stringify(payload),
        ).toContain(path);
    }
    expect(await count('custom_fields')).toBe(fieldsBefore);

    // Values ride inside users and filter lists.
    const medium = await h.api(manager.key, 'POST', '/users', {
      email: 'medium@acme.example',
      customFields: { shirt_size: 'M', badge_number: 42 },
    });
    expect(medium.status).toBe(201);
    const mediumUser = userSchema.parse((await body(medium)).data);
    expect(mediumUser.customFields).toEqual({ shirt_size: 'M', badge_number: 42 });
    await h.api(manager.key, 'POST', '/users', {
      email: 'large@acme.example',
      customFields: { shirt_size: 'L' },
    });
    expect(
      (
        await h.api(manager.key, 'POST', '/users', {
          email: 'xl@acme.example',
          customFields: { shirt_size: 'XL' },
        })
      ).status,
    ).toBe(400);
    const ms = (await (await h.api(manager.key, 'GET', '/users?cf.shirt_size=M')).json()) as ListJson;
    expect(ms.data.map((u) => u.id)).toEqual([mediumUser.id]);
    expect(
      userSchema.parse((await body(await h.api(manager.key, 'GET', `/users/${mediumUser.id}`))).data)
        .customFields,
    ).toEqual({ shirt_size: 'M', badge_number: 42 });

    // Reading definitions: staff only; the list filters by table and pages.
    const person = await h.user('user');
    expect((await h.api(person.key, 'GET', '/custom-fields')).status).toBe(403);
    expect((await h.api(person.key, 'GET', `/custom-fields/${shirt.id}`)).status).toBe(404);
    const userFields: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await h.api(
        manager.key,
        'GET',
        `/custom-fields?tableName=organization_users&sort=displayOrder&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      const page = (await res.json()) as ListJson;
      userFields.push(...page.data.map((f) => customFieldSchema.parse(f).id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(userFields).toEqual([badge.id, shirt.id]);
    for (const q of ['?tableName=tags', '?archived=true', '?sort=fieldType']) {
      expect((await h.api(manager.key, 'GET', `/custom-fields${q}`)).status, q).toBe(400);
    }

    // Changing a field that has values: its type is fixed, and options in use must stay.
    const audits = await count('audit_logs');
    for (const payload of [{ fieldType: 'text' }, { fieldOptions: { options: ['S', 'L'] } }]) {
      const res = await h.api(admin.key, 'PATCH', `/custom-fields/${shirt.id}`, payload);
      expect(res.status, JSON.stringify(payload)).toBe(409);
    }
    expect(
      (await h.api(admin.key, 'PATCH', `/custom-fields/${shirt.id}`, { tableName: 'assets' })).status,
    ).toBe(400);
    expect(
      (await h.api(admin.key, 'PATCH', `/custom-fields/${shirt.id}`, { fieldName: 'badge_number' })).status,
    ).toBe(409);
    expect(
      (await h.api(manager.key, 'PATCH', `/custom-fields/${shirt.id}`, { fieldLabel: 'T-shirt' })).status,
    ).toBe(403);
    expect(await count('audit_logs')).toBe(audits);
    const grown = await h.api(admin.key, 'PATCH', `/custom-fields/${shirt.id}`, {
      fieldLabel: 'T-shirt',
      fieldOptions: { options: ['S', 'M', 'L', 'XL'] },
    });
    expect(grown.status).toBe(200);
    expect(customFieldSchema.parse((await body(grown)).data)).toMatchObject({
      fieldLabel: 'T-shirt',
      fieldOptions: { options: ['S', 'M', 'L', 'XL'] },
    });
    // A field without values may change type; a dropdown's options go with it.
    const assetField = customFieldSchema.parse((await body(other)).data);
    const retyped = await h.api(admin.key, 'PATCH', `/custom-fields/${assetField.id}`, { fieldType: 'text' });
    expect(retyped.status).toBe(200);
    expect(customFieldSchema.parse((await body(retyped)).data)).toMatchObject({
      fieldType: 'text',
      fieldOptions: null,
    });
    expect(
      (await h.api(admin.key, 'PATCH', `/custom-fields/${assetField.id}`, { fieldType: 'dropdown' })).status,
    ).toBe(400);

    expect((await h.api(manager.key, 'DELETE', `/custom-fields/${shirt.id}`)).status).toBe(403);
    expect((await h.api(admin.key, 'DELETE', `/custom-fields/${shirt.id}`)).status).toBe(204);
    expect((await h.api(manager.key, 'GET', `/custom-fields/${shirt.id}`)).status).toBe(404);
    expect(
      await db().selectFrom('custom_values').selectAll().where('field_id', '=', shirt.id).execute(),
    ).toEqual([]);
    expect(
      userSchema.parse((await body(await h.api(manager.key, 'GET', `/users/${mediumUser.id}`))).data)
        .customFields,
    ).toEqual({ badge_number: 42 });
  });
});
