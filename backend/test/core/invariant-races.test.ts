import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderIsWithin } from '../../src/modules/documentation/queries/content.ts';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories } from '../support/factories.ts';

/** Invariants that two concurrent writes could break, tried many times with real concurrency. */
describe.each(backends)('invariants under concurrent writes on %s', (backend) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi(backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  const liveAdmins = async () =>
    Number(
      (
        await h.t.handle.db
          .selectFrom('organization_users')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('organization_id', '=', h.organizationId)
          .where('role', '=', 'admin')
          .where('is_active', '=', true)
          .where('archived_at', 'is', null)
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** Leaves exactly two live admins, a and b. */
  async function twoAdmins() {
    await h.t.handle.db
      .updateTable('organization_users')
      .set({ role: 'user' })
      .where('organization_id', '=', h.organizationId)
      .where('role', '=', 'admin')
      .execute();
    return [await h.user('admin'), await h.user('admin')] as const;
  }

  for (const [what, change] of [
    ['demote', (id: number) => ['PATCH', `/users/${id}`, { role: 'manager' }] as const],
    ['deactivate', (id: number) => ['PATCH', `/users/${id}`, { isActive: false }] as const],
    ['archive', (id: number) => ['POST', `/users/${id}/archive`, undefined] as const],
  ] as const) {
    it(`never leaves no admin when two admins ${what} each other at once`, async () => {
      for (let trial = 0; trial < 12; trial++) {
        const [a, b] = await twoAdmins();
        const [ma, pa, ba] = change(b.user.id);
        const [mb, pb, bb] = change(a.user.id);
        const results = await Promise.all([h.api(a.key, ma, pa, ba), h.api(b.key, mb, pb, bb)]);
        const statuses = results.map((r) => r.status).sort();
        // One wins; the other is refused: it would leave no admin (409), or its caller is no
        // longer an admin by the time it runs (403 demoted, 401 deactivated or archived).
        expect(statuses[0], `trial ${trial}`).toBe(200);
        expect([401, 403, 409], `trial ${trial}: ${statuses.join(', ')}`).toContain(statuses[1]);
        expect(await liveAdmins(), `trial ${trial}`).toBe(1);
      }
    });
  }

  it('never makes a folder cycle when two folders are moved into each other at once', async () => {
    const admin = await h.user('admin');
    const build = factories(h, admin.key);
    for (let trial = 0; trial < 15; trial++) {
      const [a, b] = [await build.folder({ name: `a${trial}` }), await build.folder({ name: `b${trial}` })];
      const results = await Promise.all([
        h.api(admin.key, 'PATCH', `/folders/${a.id}`, { parentFolderId: b.id }),
        h.api(admin.key, 'PATCH', `/folders/${b.id}`, { parentFolderId: a.id }),
      ]);
      expect(results.map((r) => r.status).sort(), `trial ${trial}`).toEqual([200, 400]);
      const cycle =
        (await folderIsWithin(h.t.handle.db, a.id, a.id)) &&
        (await folderIsWithin(h.t.handle.db, b.id, a.id)) &&
        (await folderIsWithin(h.t.handle.db, a.id, b.id));
      expect(cycle, `trial ${trial}`).toBe(false);
      // Both are still in the tree.
      const tree = JSON.stringify(
        ((await (await h.api(admin.key, 'GET', '/folders/tree')).json()) as { data: unknown }).data,
      );
      expect(tree).toContain(`"name":"a${trial}"`);
      expect(tree).toContain(`"name":"b${trial}"`);
    }
  });
});
