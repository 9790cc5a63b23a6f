import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories, type Factories } from '../support/factories.ts';
import { recordRequests } from '../support/record-requests.ts';

describe.each(backends)('inventory access on %s', (backend) => {
  let h: ApiHarness;
  let manager: string;
  let build: Factories;
  const { list } = recordRequests(() => ({ h, key: manager }));

  beforeAll(async () => {
    h = await startApi(backend);
    manager = (await h.user('manager')).key;
    build = factories(h, manager);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('applies the documentation policy: a user sees only their assets and licenses, contacts nothing', async () => {
    const me = await h.user('user');
    const someone = await h.user('user');
    const contact = await h.user('contact');
    const assigned = await build.asset({ name: 'Scope assigned', assetType: 'phone', assignedTo: me });
    const linked = await build.asset({ name: 'Scope linked', assetType: 'tablet' });
    const theirs = await build.asset({ name: 'Scope theirs', assetType: 'phone', assignedTo: someone });
    await build.link({ users: me, assets: linked });

    const mine = await list('/assets', me.key);
    expect(mine.map((a) => a.id).sort()).toEqual([assigned.id, linked.id].sort());
    expect((await h.api(me.key, 'GET', `/assets/${assigned.id}`)).status).toBe(200);
    expect((await h.api(me.key, 'GET', `/assets/${linked.id}`)).status).toBe(200);
    expect((await h.api(me.key, 'GET', `/assets/${theirs.id}`)).status).toBe(404);
    expect((await h.api(me.key, 'PATCH', `/assets/${assigned.id}`, { name: 'Mine now' })).status).toBe(403);
    expect((await h.api(me.key, 'PATCH', `/assets/${theirs.id}`, { name: 'Mine now' })).status).toBe(404);
    expect((await h.api(me.key, 'POST', '/assets', { name: 'New', assetType: 'phone' })).status).toBe(403);
    expect((await h.api(me.key, 'POST', `/assets/${assigned.id}/archive`)).status).toBe(403);

    const direct = await build.softwareLicense({ name: 'Scope direct', seats: 10 });
    const viaAsset = await build.softwareLicense({ name: 'Scope via asset' });
    const notMine = await build.softwareLicense({ name: 'Scope not mine' });
    await build.link({ users: me, 'software-licenses': direct });
    await build.link({ users: someone, 'software-licenses': notMine });
    await build.link({ assets: linked, 'software-licenses': viaAsset });
    await build.link({ assets: theirs, 'software-licenses': notMine });
    const licenses = await list('/software-licenses', me.key);
    expect(licenses.map((l) => l.id).sort()).toEqual([direct.id, viaAsset.id].sort());
    expect(licenses.find((l) => l.id === direct.id)).toMatchObject({ seatsAssigned: 1, seatsAvailable: 9 });
    expect((await h.api(me.key, 'GET', `/software-licenses/${notMine.id}`)).status).toBe(404);

    const domain = await build.domain({ name: 'scope.example' });
    const cert = await build.certificate({ name: 'Scope cert', issuedBy: 'CA' });
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
