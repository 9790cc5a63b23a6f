import { EXPIRED_GRACE_DAYS, errorBodySchema, expiringSchema, type Expiring } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories } from '../support/factories.ts';

const DAY = 86_400_000;

/** `YYYY-MM-DD` of now in a time zone (computed independently of the server's code). */
const todayIn = (timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

describe.each(backends)('GET /expiring on %s', (backend) => {
  let h: ApiHarness;
  let manager: string;
  let me: { key: string; id: number };
  let contact: string;
  // The test organization runs on UTC (the schema's default time zone).
  const today = todayIn('UTC');
  const ids = new Map<string, number>();

  const create = async (path: string, body: Record<string, unknown>) => {
    const res = await h.api(manager, 'POST', path, body);
    const json = (await res.json()) as { data: { id: number } };
    expect(res.status, JSON.stringify(json)).toBe(201);
    ids.set(String(body.name), json.data.id);
    return json.data.id;
  };
  const expiring = async (query = '', key = manager): Promise<Expiring> => {
    const res = await h.api(key, 'GET', `/expiring${query}`);
    expect(res.status, query).toBe(200);
    return expiringSchema.parse(((await res.json()) as { data: unknown }).data);
  };
  const names = (items: { name: string }[]) => items.map((i) => i.name);
  const idOf = (name: string): number => {
    const id = ids.get(name);
    if (id === undefined) throw new Error(`no record named ${name}`);
    return id;
  };

  beforeAll(async () => {
    h = await startApi(backend);
    manager = (await h.user('manager')).key;
    const user = await h.user('user');
    me = { key: user.key, id: user.user.id };
    const someone = await h.user('user');
    contact = (await h.user('contact')).key;
    const at = (n: number) => addDays(today, n);

    for (const [name, days] of [
      ['d-minus40.example', -40],
      ['d-minus10.example', -10],
      ['d-today.example', 0],
      ['d-plus5-b.example', 5],
      ['d-plus5-a.example', 5],
      ['d-plus30.example', 30],
      ['d-plus50.example', 50],
      ['d-archived.example', 3],
    ] as const) {
      await create('/domains', { name, expireDate: at(days) });
    }
    await create('/domains', { name: 'd-never.example' });
    await h.api(manager, 'POST', `/domains/${idOf('d-archived.example')}/archive`);

    for (const [name, days] of [
      ['c-minus31', -31],
      ['c-minus30', -30],
      ['c-plus10', 10],
      ['c-plus45', 45],
      ['c-plus46', 46],
    ] as const) {
      await create('/certificates', {
        name,
        issuedBy: 'Test CA',
        domain: `${name}.acme.example`,
        expireDate: at(days),
      });
    }

    for (const [name, days] of [
      ['l-minus5', -5],
      ['l-plus20', 20],
      ['l-plus100', 100],
    ] as const) {
      await create('/software-licenses', {
        name,
        licenseType: 'subscription',
        seats: 3,
        expireDate: at(days),
      });
    }

    await create('/assets', {
      name: 'a-minus1-mine',
      assetType: 'computer',
      serialNumber: 'SN-1',
      assignedToUserId: me.id,
      warrantyExpireDate: at(-1),
    });
    await create('/assets', {
      name: 'a-plus7-theirs',
      assetType: 'phone',
      assignedToUserId: someone.user.id,
      warrantyExpireDate: at(7),
    });
    await create('/assets', { name: 'a-plus8-archived', assetType: 'phone', warrantyExpireDate: at(8) });
    await h.api(manager, 'POST', `/assets/${idOf('a-plus8-archived')}/archive`);
    await create('/assets', { name: 'a-plus44-linked', assetType: 'tablet', warrantyExpireDate: at(44) });
    await create('/assets', { name: 'a-no-warranty', assetType: 'tablet', assignedToUserId: me.id });

    const build = factories(h, manager);
    await build.link({ users: me.id, assets: idOf('a-plus44-linked') });
    await build.link({ users: me.id, 'software-licenses': idOf('l-plus20') });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('returns each kind in date order (then name), with the grace window and archived rows left out', async () => {
    const data = await expiring();
    expect(EXPIRED_GRACE_DAYS).toBe(30);
    expect(names(data.domains)).toEqual([
      'd-minus10.example',
      'd-today.example',
      'd-plus5-a.example',
      'd-plus5-b.example',
      'd-plus30.example',
    ]);
    expect(data.domains.map((d) => [d.daysLeft, d.expired])).toEqual([
      [-10, true],
      [0, false],
      [5, false],
      [5, false],
      [30, false],
    ]);
    expect(data.domains[0]).toEqual({
      id: ids.get('d-minus10.example'),
      name: 'd-minus10.example',
      expireDate: addDays(today, -10),
      daysLeft: -10,
      expired: true,
      registrarVendorId: null,
      isGoogleWorkspaceDomain: false,
    });
    expect(names(data.certificates)).toEqual(['c-minus30', 'c-plus10', 'c-plus45']);
    expect(data.certificates[0]).toMatchObject({
      daysLeft: -30,
      expired: true,
      issuedBy: 'Test CA',
      domain: 'c-minus30.acme.example',
    });
    expect(names(data.softwareLicenses)).toEqual(['l-minus5', 'l-plus20']);
    expect(data.softwareLicenses[1]).toMatchObject({
      daysLeft: 20,
      expired: false,
      licenseType: 'subscription',
      seats: 3,
    });
    expect(names(data.assetWarranties)).toEqual(['a-minus1-mine', 'a-plus7-theirs', 'a-plus44-linked']);
    expect(data.assetWarranties[0]).toMatchObject({
      id: ids.get('a-minus1-mine'),
      expireDate: addDays(today, -1),
      daysLeft: -1,
      expired: true,
      assetType: 'computer',
      serialNumber: 'SN-1',
      assignedToUserId: me.id,
    });

    for (const kind of Object.values(data)) {
      const dates = kind.map((i) => i.expireDate);
      expect(dates).toEqual([...dates].sort());
      for (const item of kind) expect(item.daysLeft).toBe(daysBetween(today, item.expireDate));
    }
  });

  it('honours days and limit', async () => {
    const wide = await expiring('?days=100');
    expect(names(wide.domains)).toContain('d-plus50.example');
    expect(names(wide.softwareLicenses)).toEqual(['l-minus5', 'l-plus20', 'l-plus100']);
    expect(names(wide.certificates)).toContain('c-plus46');

    const narrow = await expiring('?days=1');
    expect(names(narrow.domains)).toEqual(['d-minus10.example', 'd-today.example']);
    expect(names(narrow.certificates)).toEqual(['c-minus30']);
    expect(names(narrow.assetWarranties)).toEqual(['a-minus1-mine']);

    const limited = await expiring('?limit=2');
    expect(names(limited.domains)).toEqual(['d-minus10.example', 'd-today.example']);
    expect(limited.certificates).toHaveLength(2);

    // Archiving takes an item out at once; restoring brings it back.
    await h.api(manager, 'POST', `/domains/${idOf('d-today.example')}/archive`);
    expect(names((await expiring()).domains)).not.toContain('d-today.example');
    await h.api(manager, 'POST', `/domains/${idOf('d-today.example')}/restore`);
    expect(names((await expiring()).domains)).toContain('d-today.example');
  });

  it('refuses bad query strings', async () => {
    for (const q of [
      '?days=0',
      '?days=3651',
      '?days=abc',
      '?days=1.5',
      '?days=-3',
      '?limit=0',
      '?limit=1001',
      '?foo=1',
    ]) {
      const res = await h.api(manager, 'GET', `/expiring${q}`);
      expect(res.status, q).toBe(400);
      expect(errorBodySchema.parse(await res.json()).error.code).toBe('validation_failed');
    }
    expect((await h.api(undefined, 'GET', '/expiring')).status).toBe(401);
  });

  it('shows a user only what is theirs, and refuses contacts', async () => {
    const data = await expiring('', me.key);
    expect(data.domains).toEqual([]);
    expect(data.certificates).toEqual([]);
    expect(names(data.assetWarranties)).toEqual(['a-minus1-mine', 'a-plus44-linked']);
    expect(names(data.softwareLicenses)).toEqual(['l-plus20']);

    const res = await h.api(contact, 'GET', '/expiring');
    expect(res.status).toBe(403);
    expect(errorBodySchema.parse(await res.json()).error.code).toBe('forbidden');
  });

  it("counts days from the organization's today, in its time zone", async () => {
    const db = h.t.handle.db;
    const target = 'd-plus30.example';
    const daysLeftIn = async (timeZone: string) => {
      await db.updateTable('organizations').set({ timezone: timeZone }).execute();
      const item = (await expiring()).domains.find((d) => d.name === target);
      if (!item) throw new Error(`${target} missing in ${timeZone}`);
      return item.daysLeft;
    };
    try {
      // UTC+14 and UTC−11 are 25 hours apart: their calendars always differ by one or two days.
      const east = await daysLeftIn('Pacific/Kiritimati');
      const west = await daysLeftIn('Pacific/Pago_Pago');
      expect(east).toBe(daysBetween(todayIn('Pacific/Kiritimati'), addDays(today, 30)));
      expect(west).toBe(daysBetween(todayIn('Pacific/Pago_Pago'), addDays(today, 30)));
      expect([1, 2]).toContain(west - east);
    } finally {
      await db.updateTable('organizations').set({ timezone: 'UTC' }).execute();
    }
  });
});
