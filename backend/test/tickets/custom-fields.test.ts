import { errorBodySchema, ticketSchema, ticketWithRepliesSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories, type Factories } from '../support/factories.ts';
import { recordRequests } from '../support/record-requests.ts';

type ListJson = { data: { id: number }[]; nextCursor: string | null };

describe.each(backends)('custom fields on tickets on %s', (backend) => {
  let h: ApiHarness;
  let admin: { key: string };
  let manager: { key: string };
  let build: Factories;
  const { count } = recordRequests(() => ({ h, key: manager.key }));
  const dataOf = async (res: Response) => ((await res.json()) as { data: unknown }).data;

  beforeAll(async () => {
    h = await startApi(backend);
    admin = await h.user('admin');
    manager = await h.user('manager');
    build = factories(h, manager);
    for (const field of [
      {
        fieldName: 'impact',
        fieldLabel: 'Impact',
        fieldType: 'dropdown',
        fieldOptions: { options: ['low', 'high'] },
      },
      { fieldName: 'seats', fieldLabel: 'Seats', fieldType: 'number' },
      { fieldName: 'onsite', fieldLabel: 'On site', fieldType: 'checkbox' },
    ])
      expect(
        (await h.api(admin.key, 'POST', '/custom-fields', { tableName: 'tickets', ...field })).status,
      ).toBe(201);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('takes, validates, returns and filters ticket custom fields like the documentation resources', async () => {
    const requester = await build.user();
    const res = await h.api(requester.key, 'POST', '/tickets', {
      subject: 'Printer down',
      details: 'Third floor',
      customFields: { impact: 'high', seats: 12 },
    });
    expect(res.status).toBe(201);
    const made = ticketSchema.parse(await dataOf(res));
    expect(made.customFields).toEqual({ impact: 'high', seats: 12 });
    const other = await build.ticket({
      subject: 'Mouse',
      details: '…',
      requester,
      customFields: { impact: 'low' },
    });

    const before = await count('tickets');
    for (const [customFields, path] of [
      [{ impact: 'medium' }, 'customFields.impact'],
      [{ seats: 'twelve' }, 'customFields.seats'],
      [{ nope: 'x' }, 'customFields.nope'],
    ] as const) {
      const bad = await h.api(requester.key, 'POST', '/tickets', {
        subject: 'x',
        details: 'y',
        customFields,
      });
      expect(bad.status, JSON.stringify(customFields)).toBe(400);
      expect(errorBodySchema.parse(await bad.json()).error.details?.map((d) => d.path)).toEqual([path]);
    }
    expect(await count('tickets')).toBe(before);

    // Staff change them (null clears one); a requester may not.
    const patched = await h.api(manager.key, 'PATCH', `/tickets/${made.id}`, {
      customFields: { seats: null, onsite: true },
    });
    expect(patched.status).toBe(200);
    expect(ticketSchema.parse(await dataOf(patched)).customFields).toEqual({ impact: 'high', onsite: true });
    const refused = await h.api(manager.key, 'PATCH', `/tickets/${made.id}`, {
      customFields: { onsite: 'yes' },
    });
    expect(refused.status).toBe(400);
    expect(
      (await h.api(requester.key, 'PATCH', `/tickets/${made.id}`, { customFields: { impact: 'low' } }))
        .status,
    ).toBe(403);
    const shown = ticketWithRepliesSchema.parse(
      await dataOf(await h.api(requester.key, 'GET', `/tickets/${made.id}`)),
    );
    expect(shown.customFields).toEqual({ impact: 'high', onsite: true });
    const audit = await h.t.handle.db
      .selectFrom('audit_logs')
      .select('new_value')
      .where('entity_type', '=', 'ticket')
      .where('entity_id', '=', made.id)
      .where('action', '=', 'update')
      .executeTakeFirstOrThrow();
    expect(audit.new_value).toMatchObject({ customFields: { seats: null, onsite: true } });

    const list = async (query: string) => {
      const r = await h.api(manager.key, 'GET', `/tickets?${query}`);
      expect(r.status, query).toBe(200);
      return ((await r.json()) as ListJson).data.map((t) => t.id);
    };
    expect(await list('cf.impact=high')).toEqual([made.id]);
    expect(await list('cf.impact=low')).toEqual([other.id]);
    expect(await list('cf.impact=high&cf.onsite=true')).toEqual([made.id]);
    expect(await list('cf.impact=low&cf.onsite=true')).toEqual([]);
    const unknown = await h.api(manager.key, 'GET', '/tickets?cf.colour=red');
    expect(unknown.status).toBe(400);
    expect(errorBodySchema.parse(await unknown.json()).error.details?.map((d) => d.path)).toEqual([
      'cf.colour',
    ]);
    expect((await h.api(manager.key, 'GET', '/tickets?colour=red')).status).toBe(400);
  });
});
