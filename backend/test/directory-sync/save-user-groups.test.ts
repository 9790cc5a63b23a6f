// A page's changed provider groups written together (queries/sync-store.ts `saveUserGroups`): known
// groups updated by id, new ones inserted in one statement — two new groups of one name (Entra
// security groups have no address) become one Helios group, as when they were written one by one,
// and a new group whose address an archived Helios group holds brings that group back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapOrganization } from '../../src/bootstrap.ts';
import { migrateToLatest } from '../../src/core/db/migrate.ts';
import { saveUserGroups } from '../../src/modules/directory-sync/queries/sync-store.ts';
import { GOOGLE_COLUMNS } from '../../src/modules/directory-sync/providers/google/provider.ts';
import { backends } from '../support/databases.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

describe.each(backends)('saving a page of changed groups on %s', (backend) => {
  let t: TestDatabase;
  let org: number;

  beforeAll(async () => {
    t = await createTestDatabase(backend, 'save-groups');
    await migrateToLatest(t.handle.db);
    org = (
      await bootstrapOrganization(t.handle.db, {
        name: 'Acme',
        primaryDomain: 'acme.example',
        seedDemo: false,
      })
    ).organization.id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  const groupsNamed = (name: string) =>
    t.handle.db
      .selectFrom('user_groups')
      .select(['id', 'name', 'email', 'description', 'archived_at'])
      .where('organization_id', '=', org)
      .where('name', '=', name)
      .execute();

  it('inserts new groups, updates known ones by id, and returns the ids in order', async () => {
    const [a, b] = await saveUserGroups(t.handle.db, org, GOOGLE_COLUMNS.groups, [
      { userGroupId: null, email: 'sales@acme.example', name: 'Sales', description: 'Sales' },
      { userGroupId: null, email: 'ops@acme.example', name: 'Ops', description: 'Ops' },
    ]);
    expect(a).toBeTypeOf('number');
    expect(b).not.toBe(a);
    const [again, other] = await saveUserGroups(t.handle.db, org, GOOGLE_COLUMNS.groups, [
      { userGroupId: a as number, email: 'sales@acme.example', name: 'Sales', description: 'Sales team' },
      { userGroupId: null, email: 'it@acme.example', name: 'IT', description: null },
    ]);
    expect(again).toBe(a);
    expect(other).not.toBe(a);
    expect((await groupsNamed('sales@acme.example'))[0]?.description).toBe('Sales team');
  });

  it('makes two new groups of one name (no address) one Helios group, the later one winning', async () => {
    const ids = await saveUserGroups(t.handle.db, org, GOOGLE_COLUMNS.groups, [
      { userGroupId: null, email: null, name: 'Printers', description: 'first' },
      { userGroupId: null, email: null, name: 'Printers', description: 'second' },
    ]);
    expect(ids[0]).toBe(ids[1]);
    const rows = await groupsNamed('Printers');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.description).toBe('second');
  });

  it('brings back an archived group whose address a new group has', async () => {
    const [id] = await saveUserGroups(t.handle.db, org, GOOGLE_COLUMNS.groups, [
      { userGroupId: null, email: 'old@acme.example', name: 'Old', description: null },
    ]);
    await t.handle.db
      .updateTable('user_groups')
      .set({ archived_at: new Date() })
      .where('id', '=', id as number)
      .execute();
    const [back] = await saveUserGroups(t.handle.db, org, GOOGLE_COLUMNS.groups, [
      { userGroupId: null, email: 'old@acme.example', name: 'Old', description: 'back' },
    ]);
    expect(back).toBe(id);
    const [row] = await groupsNamed('old@acme.example');
    expect(row?.archived_at).toBeNull();
    expect(row?.description).toBe('back');
  });
});
