import type { UserStatus } from '@helios/shared';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';
import type { LifecyclePerson } from '../actions/types.ts';

/** Every live admin and manager (who hears that a request waits for approval). */
export async function staffIds(db: Kysely<Database>, organizationId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('organization_users')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('role', 'in', ['admin', 'manager'])
    .where('is_active', '=', true)
    .where('archived_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The live person of a role with the fewest open lifecycle tasks (ties: the longest-standing):
 * "first free admin" spreads a template's role tasks across the team.
 */
export async function leastBusyOfRole(
  db: Kysely<Database>,
  organizationId: number,
  role: 'admin' | 'manager',
): Promise<number | undefined> {
  const row = await db
    .selectFrom('organization_users as u')
    .select('u.id')
    .where('u.organization_id', '=', organizationId)
    .where('u.role', '=', role)
    .where('u.is_active', '=', true)
    .where('u.archived_at', 'is', null)
    .orderBy(
      (eb) =>
        eb
          .selectFrom('lifecycle_tasks as t')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('t.assignee_user_id', '=', 'u.id')
          .where('t.status', '=', 'pending'),
      'asc',
    )
    .orderBy('u.id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

export async function setUserStatus(db: Kysely<Database>, userId: number, status: UserStatus): Promise<void> {
  await db.updateTable('organization_users').set({ user_status: status }).where('id', '=', userId).execute();
}

/** What the request keeps of the person beyond their user row (onboarding: the joiner's form). */
export interface RequestPersonData {
  orgUnitPath?: string | undefined;
  employeeType?: string | undefined;
  personalEmail?: string | undefined;
}

/** The person a request is about, as actions see them. */
export async function lifecyclePerson(
  db: Kysely<Database>,
  userId: number,
  data: RequestPersonData,
): Promise<LifecyclePerson | undefined> {
  const row = await db
    .selectFrom('organization_users as u')
    .leftJoin('organization_users as m', 'm.id', 'u.manager_id')
    .select([
      'u.id',
      'u.email',
      'u.first_name',
      'u.last_name',
      'u.title',
      'u.department',
      'u.google_workspace_ou',
      'u.google_workspace_id',
      'm.id as manager_id',
      'm.email as manager_email',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name ?? '',
    lastName: row.last_name ?? '',
    title: row.title,
    department: row.department,
    orgUnitPath: data.orgUnitPath ?? row.google_workspace_ou,
    employeeType: data.employeeType ?? null,
    googleId: row.google_workspace_id,
    manager:
      row.manager_id !== null && row.manager_email !== null
        ? { id: row.manager_id, email: row.manager_email }
        : null,
    personalEmail: data.personalEmail ?? null,
  };
}
