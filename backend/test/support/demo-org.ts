import { findOrganization } from '../../src/core/queries/organizations.ts';
import { seedDemoInto } from '../../src/modules/demo/seed-demo.ts';
import { createApiKey } from '../../src/modules/identity/commands/api-keys.ts';
import { startApi, type ApiHarness } from './app.ts';
import type { Backend } from './databases.ts';

export interface DemoApi {
  h: ApiHarness;
  /** A manager's API key. */
  staff: string;
  /** A demo employee who has an assigned laptop, a manager and an open ticket about them. */
  person: { id: number; email: string; manager_id: number | null };
  /** An API key acting as `person`. */
  personKey: string;
}

/** The API on an organization seeded with the demo data, with a staff key and a demo employee's. */
export async function startDemoApi(backend: Backend): Promise<DemoApi> {
  const h = await startApi(backend);
  const org = await findOrganization(h.t.handle.db);
  if (!org) throw new Error('no org');
  await seedDemoInto(h.t.handle.db, org);
  const staff = (await h.user('manager')).key;
  const person = await h.t.handle.db
    .selectFrom('organization_users as u')
    .innerJoin('assets as a', 'a.assigned_to_user_id', 'u.id')
    .innerJoin('tickets as t', 't.related_user_id', 'u.id')
    .select(['u.id', 'u.email', 'u.manager_id'])
    .where('u.role', '=', 'user')
    .where('u.manager_id', 'is not', null)
    .executeTakeFirstOrThrow();
  const user = await h.t.handle.db
    .selectFrom('organization_users')
    .selectAll()
    .where('id', '=', person.id)
    .executeTakeFirstOrThrow();
  const personKey = (
    await createApiKey(
      h.t.handle.db,
      { organizationId: h.organizationId, actor: undefined, ip: null, userAgent: null },
      { name: 't', user, expiresAt: null },
    )
  ).key;
  return { h, staff, person, personKey };
}
