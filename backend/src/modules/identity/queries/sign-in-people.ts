import { type Kysely, sql } from 'kysely';
import type { Role } from '@helios/shared';
import type { Database } from '../../../core/db/schema.ts';

export interface SignInPerson {
  email: string;
  first_name: string | null;
  last_name: string | null;
  role: Role;
}

/**
 * Who the demo's sign-in page offers: active people, a few of each role (staff first), so a big
 * synced directory still gives a short list.
 */
export async function listSignInPeople(
  db: Kysely<Database>,
  organizationId: number,
  perRole: number,
): Promise<SignInPerson[]> {
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('organization_users')
        .select([
          'email',
          'first_name',
          'last_name',
          'role',
          sql<number>`row_number() OVER (PARTITION BY role ORDER BY id)`.as('rank'),
        ])
        .where('organization_id', '=', organizationId)
        .where('archived_at', 'is', null)
        .where('is_active', '=', true)
        .as('ranked'),
    )
    .selectAll()
    .where('rank', '<=', perRole)
    .orderBy(sql`CASE role WHEN 'admin' THEN 0 WHEN 'manager' THEN 1 WHEN 'user' THEN 2 ELSE 3 END`)
    .orderBy('rank')
    .execute();
  return rows.map(({ email, first_name, last_name, role }) => ({
    email,
    first_name,
    last_name,
    role: role as Role,
  }));
}
