import { type Expression, type Kysely, sql, type SqlBool } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';

/** Groups (aliased `r`) the user is a member of. */
export const groupHasMember = (userId: number): Expression<SqlBool> =>
  sql<SqlBool>`EXISTS (SELECT 1 FROM user_group_memberships m WHERE m.group_id = r.id AND m.user_id = ${userId})`;

/** Org units (aliased `r`) that are the user's own. */
export const orgUnitOfUser = (userId: number): Expression<SqlBool> =>
  sql<SqlBool>`r.org_unit_path = (SELECT u.google_workspace_ou FROM organization_users u WHERE u.id = ${userId})`;

/** Org units (aliased `r`) directly under `path` (`/` is the top). */
export const orgUnitChildOf = (path: string): Expression<SqlBool> =>
  sql<SqlBool>`r.parent_org_unit_path = ${path}`;

/** How many people each group has (one query for a page). */
export async function memberCounts(db: Kysely<Database>, groupIds: number[]): Promise<Map<number, number>> {
  if (groupIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('user_group_memberships')
    .select(['group_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('group_id', 'in', groupIds)
    .groupBy('group_id')
    .execute();
  return new Map(rows.map((r) => [r.group_id, Number(r.n)]));
}

/** A group's members with their names, owners first, then by email. */
export async function groupMembers(db: Kysely<Database>, groupId: number) {
  return db
    .selectFrom('user_group_memberships as m')
    .innerJoin('organization_users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.first_name', 'u.last_name', 'm.role'])
    .where('m.group_id', '=', groupId)
    .orderBy(sql`CASE m.role WHEN 'owner' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END`)
    .orderBy('u.email')
    .execute();
}

/** How many live people each org unit path holds (one query for a page). */
export async function usersPerOrgUnit(
  db: Kysely<Database>,
  organizationId: number,
  paths: string[],
): Promise<Map<string, number>> {
  if (paths.length === 0) return new Map();
  const rows = await db
    .selectFrom('organization_users')
    .select(['google_workspace_ou', (eb) => eb.fn.countAll<string>().as('n')])
    .where('organization_id', '=', organizationId)
    .where('google_workspace_ou', 'in', paths)
    .where('archived_at', 'is', null)
    .groupBy('google_workspace_ou')
    .execute();
  return new Map(rows.map((r) => [r.google_workspace_ou ?? '', Number(r.n)]));
}

/** The org units directly under a unit (live ones), by name. */
export async function orgUnitChildren(db: Kysely<Database>, organizationId: number, path: string) {
  return db
    .selectFrom('gw_org_units')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('parent_org_unit_path', '=', path)
    .where('archived_at', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** A person's groups (live ones) with their role in each. */
export async function groupsOfUser(db: Kysely<Database>, userId: number, limit: number) {
  return db
    .selectFrom('user_group_memberships as m')
    .innerJoin('user_groups as g', 'g.id', 'm.group_id')
    .select(['g.id', 'g.name', 'g.email', 'm.role'])
    .where('m.user_id', '=', userId)
    .where('g.archived_at', 'is', null)
    .orderBy('g.name')
    .limit(limit)
    .execute();
}

/** The org unit at a path (the live one), if the sync has seen it. */
export async function orgUnitAt(db: Kysely<Database>, organizationId: number, path: string) {
  return db
    .selectFrom('gw_org_units')
    .select(['id', 'name', 'org_unit_path'])
    .where('organization_id', '=', organizationId)
    .where('org_unit_path', '=', path)
    .orderBy('archived_at', 'desc')
    .executeTakeFirst();
}
