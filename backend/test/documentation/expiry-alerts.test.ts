import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiryStage, runExpiryAlerts } from '../../src/modules/documentation/commands/expiry-alerts.ts';
import type { ExpiryEntityType } from '../../src/modules/documentation/queries/expiry-alerts.ts';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories, type Factories } from '../support/factories.ts';

const DAY = 86_400_000;
/** A fixed "today": the command takes the day as input, so the tests need no clock. */
const TODAY = '2027-03-10';
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const at = (n: number) => addDays(TODAY, n);

describe('expiryStage', () => {
  it('maps days left to the stage that applies that day', () => {
    expect([46, 45, 31, 30, 8, 7, 2, 1, 0, -1, -30].map(expiryStage)).toEqual([
      null,
      '45_days',
      '45_days',
      '30_days',
      '30_days',
      '7_days',
      '7_days',
      '1_day',
      '1_day',
      'expired',
      'expired',
    ]);
  });
});

describe.each(backends)('expiry alerts on %s', (backend) => {
  let h: ApiHarness;
  let manager: { id: number; key: string };
  let build: Factories;
  let admin: number;
  let inactiveManager: number;
  let assignee: number;
  let holder: number;
  let bystander: number;

  const run = (today: string) => runExpiryAlerts(h.t.handle.db, { organizationId: h.organizationId, today });

  const create = async (path: string, body: Record<string, unknown>): Promise<number> => {
    const res = await h.api(manager.key, 'POST', path, body);
    const json = (await res.json()) as { data: { id: number } };
    expect(res.status, JSON.stringify(json)).toBe(201);
    return json.data.id;
  };
  const domain = (name: string, days: number) => create('/domains', { name, expireDate: at(days) });

  /** The stages remembered for one item, in the order they went out. */
  const stagesOf = async (entityType: ExpiryEntityType, id: number) =>
    (
      await h.t.handle.db
        .selectFrom('expiry_alerts')
        .select(['stage', 'expire_date'])
        .where('entity_type', '=', entityType)
        .where('entity_id', '=', id)
        .orderBy('id')
        .execute()
    ).map((r) => `${r.stage}@${r.expire_date}`);

  /** The notifications about one item: [user id, type, message], by user. */
  const notificationsOf = async (entityType: string, id: number) =>
    (
      await h.t.handle.db
        .selectFrom('notifications')
        .select(['user_id', 'type', 'message'])
        .where('entity_type', '=', entityType)
        .where('entity_id', '=', id)
        .orderBy('user_id')
        .orderBy('id')
        .execute()
    ).map((n) => [n.user_id, n.type, n.message] as const);

  beforeAll(async () => {
    h = await startApi(backend);
    const m = await h.user('manager');
    manager = { id: m.user.id, key: m.key };
    build = factories(h, manager);
    admin = (await h.user('admin')).user.id;
    inactiveManager = (await h.user('manager', undefined, { is_active: false })).user.id;
    assignee = (await h.user('user')).user.id;
    holder = (await h.user('user')).user.id;
    bystander = (await h.user('user')).user.id;
    await h.user('contact');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('alerts once per item and stage when run twice on the same day, to the right people', async () => {
    const d7 = await domain('seven.example', 7);
    const cert = await create('/certificates', {
      name: 'wildcard',
      issuedBy: 'Test CA',
      domain: '*.acme.example',
      expireDate: at(30),
    });
    const license = await create('/software-licenses', {
      name: 'Office suite',
      licenseType: 'subscription',
      seats: 5,
      expireDate: at(45),
    });
    await build.link({ users: holder, 'software-licenses': license });
    // A deactivated holder hears nothing.
    await build.link({ users: inactiveManager, 'software-licenses': license });
    const laptop = await create('/assets', {
      name: 'Laptop 12',
      assetType: 'computer',
      assignedToUserId: assignee,
      warrantyExpireDate: at(1),
    });
    const lapsed = await domain('lapsed.example', -3);
    const tooOld = await domain('long-gone.example', -31);
    const tooFar = await domain('far-away.example', 46);

    const first = await run(TODAY);
    const second = await run(TODAY);
    expect(second).toEqual([]);
    const ours = (type: ExpiryEntityType, id: number) =>
      first.filter((a) => a.entityType === type && a.entityId === id).map((a) => a.stage);
    expect(ours('domain', d7)).toEqual(['7_days']);
    expect(ours('certificate', cert)).toEqual(['30_days']);
    expect(ours('software_license', license)).toEqual(['45_days']);
    expect(ours('asset_warranty', laptop)).toEqual(['1_day']);
    expect(ours('domain', lapsed)).toEqual(['expired']);
    expect(ours('domain', tooOld)).toEqual([]);
    expect(ours('domain', tooFar)).toEqual([]);

    expect(await stagesOf('domain', d7)).toEqual([`7_days@${at(7)}`]);
    expect(await stagesOf('asset_warranty', laptop)).toEqual([`1_day@${at(1)}`]);
    expect(await stagesOf('domain', tooOld)).toEqual([]);

    // Admins and managers always; the asset's assignee and the license's holder for theirs; never
    // the inactive manager, other users or contacts.
    const staff = [manager.id, admin].sort((a, b) => a - b);
    expect(await notificationsOf('domain', d7)).toEqual(
      staff.map((u) => [u, 'domain_expiring', `Domain seven.example expires in 7 days (${at(7)})`]),
    );
    expect((await notificationsOf('certificate', cert)).map(([u, type]) => [u, type])).toEqual(
      staff.map((u) => [u, 'certificate_expiring']),
    );
    expect(await notificationsOf('software_license', license)).toEqual(
      [...staff, holder]
        .sort((a, b) => a - b)
        .map((u) => [u, 'license_expiring', `Software license Office suite expires in 45 days (${at(45)})`]),
    );
    expect(await notificationsOf('asset', laptop)).toEqual(
      [...staff, assignee]
        .sort((a, b) => a - b)
        .map((u) => [u, 'warranty_expiring', `Warranty of Laptop 12 expires tomorrow (${at(1)})`]),
    );
    expect((await notificationsOf('domain', lapsed))[0]?.[2]).toBe(
      `Domain lapsed.example expired 3 days ago (${at(-3)})`,
    );
    expect(
      first.find((a) => a.entityId === laptop && a.entityType === 'asset_warranty')?.recipients.sort(),
    ).toEqual([...staff, assignee].sort());

    // Nobody else heard about any of it.
    const heard = await h.t.handle.db
      .selectFrom('notifications')
      .select('user_id')
      .distinct()
      .where('type', 'like', '%_expiring')
      .execute();
    expect(heard.map((r) => r.user_id).sort((a, b) => a - b)).toEqual(
      [...staff, assignee, holder].sort((a, b) => a - b),
    );
    expect(heard.map((r) => r.user_id)).not.toContain(bystander);
    expect(heard.map((r) => r.user_id)).not.toContain(inactiveManager);

    // The recipients read them through the API like any notification.
    const res = await h.api(manager.key, 'GET', '/notifications');
    const body = (await res.json()) as { data: { type: string; entityType: string; entityId: number }[] };
    expect(body.data).toContainEqual(
      expect.objectContaining({ type: 'domain_expiring', entityType: 'domain', entityId: d7 }),
    );
  });

  it('a run skipped for three days still alerts the stage now due, once, and no stage twice', async () => {
    const id = await domain('skipped.example', 9);
    await run(TODAY);
    expect(await stagesOf('domain', id)).toEqual([`30_days@${at(9)}`]);
    // The job did not run on TODAY+1 and TODAY+2 (the day the 7-day stage began).
    await run(at(3));
    await run(at(3));
    expect(await stagesOf('domain', id)).toEqual([`30_days@${at(9)}`, `7_days@${at(9)}`]);
    expect((await notificationsOf('domain', id)).filter(([u]) => u === manager.id)).toEqual([
      [manager.id, 'domain_expiring', `Domain skipped.example expires in 9 days (${at(9)})`],
      [manager.id, 'domain_expiring', `Domain skipped.example expires in 6 days (${at(9)})`],
    ]);
    // Later days bring only the stages not yet sent.
    await run(at(4));
    await run(at(8));
    await run(at(12));
    await run(at(12));
    expect(await stagesOf('domain', id)).toEqual([
      `30_days@${at(9)}`,
      `7_days@${at(9)}`,
      `1_day@${at(9)}`,
      `expired@${at(9)}`,
    ]);
  });

  it('a renewed item (new expire date) alerts again as the new date comes near', async () => {
    const id = await domain('renewed.example', 5);
    await run(TODAY);
    expect(await stagesOf('domain', id)).toEqual([`7_days@${at(5)}`]);

    const renewed = await h.api(manager.key, 'PATCH', `/domains/${id}`, { expireDate: at(370) });
    expect(renewed.status).toBe(200);
    await run(at(1));
    expect(await stagesOf('domain', id)).toEqual([`7_days@${at(5)}`]);
    await run(at(340));
    await run(at(340));
    expect(await stagesOf('domain', id)).toEqual([`7_days@${at(5)}`, `30_days@${at(370)}`]);
    const messages = (await notificationsOf('domain', id)).filter(([u]) => u === admin).map(([, , m]) => m);
    expect(messages).toEqual([
      `Domain renewed.example expires in 5 days (${at(5)})`,
      `Domain renewed.example expires in 30 days (${at(370)})`,
    ]);
  });

  it('archived items never alert', async () => {
    const archivedDomain = await domain('archived.example', 7);
    const archivedAsset = await create('/assets', {
      name: 'Old phone',
      assetType: 'phone',
      assignedToUserId: assignee,
      warrantyExpireDate: at(1),
    });
    for (const path of [`/domains/${archivedDomain}`, `/assets/${archivedAsset}`]) {
      expect((await h.api(manager.key, 'POST', `${path}/archive`)).status).toBe(200);
    }
    for (const day of [TODAY, at(1), at(7), at(8)]) await run(day);
    expect(await stagesOf('domain', archivedDomain)).toEqual([]);
    expect(await stagesOf('asset_warranty', archivedAsset)).toEqual([]);
    expect(await notificationsOf('domain', archivedDomain)).toEqual([]);
    expect(await notificationsOf('asset', archivedAsset)).toEqual([]);
  });

  it('overlapping runs on the same day alert once', async () => {
    const id = await domain('overlap.example', 30);
    const runs = await Promise.all([run(at(1)), run(at(1)), run(at(1))]);
    expect(runs.flat().filter((a) => a.entityType === 'domain' && a.entityId === id)).toHaveLength(1);
    expect(await stagesOf('domain', id)).toEqual([`30_days@${at(30)}`]);
    expect((await notificationsOf('domain', id)).map(([u]) => u)).toEqual(
      [manager.id, admin].sort((a, b) => a - b),
    );
  });
});
