import { groupListFiltersSchema, groupSchema, orgUnitListFiltersSchema, orgUnitSchema } from '@helios/shared';
import type { Expression, SqlBool } from 'kysely';
import { z } from 'zod';
import { type Actor, isStaff } from '../../../core/auth/actor.ts';
import type { RecordAction, ResourceDefinition, Row } from '../../../core/records/definition.ts';
import {
  groupHasMember,
  memberCounts,
  orgUnitChildOf,
  orgUnitOfUser,
  usersPerOrgUnit,
} from '../queries/groups.ts';

// Groups and org units are the directory's: the sync writes them, Helios only reads them. No
// route creates or changes one, so the write schemas refuse everything.
const nothing = z.object({}).strict();

/**
 * Scoped like users (rbac.md): staff read every one; a `user` the groups they belong to and their
 * own unit; an outside contact none.
 */
function readOnlyAccess(
  linked: (actor: Actor) => Expression<SqlBool>,
): Pick<ResourceDefinition, 'can' | 'listScope'> {
  return {
    can: (actor: Actor, action: RecordAction, record?: Row & { linkedToActor?: boolean }) =>
      action === 'read' && (isStaff(actor) || (actor.role === 'user' && record?.linkedToActor === true)),
    listScope: (actor) => (isStaff(actor) ? 'all' : actor.role === 'user' ? linked : 'none'),
  };
}

/** Directory groups (`user_groups`, whichever provider synced them). */
export const groups: ResourceDefinition = {
  name: 'groups',
  table: 'user_groups',
  entityType: 'group',
  createSchema: nothing,
  updateSchema: nothing,
  responseSchema: groupSchema,
  listFilters: {
    schema: groupListFiltersSchema,
    apply: (f) => (typeof f.memberId === 'number' ? [groupHasMember(f.memberId)] : []),
  },
  searchColumns: ['name', 'email', 'description'],
  titleColumn: 'name',
  subtitle: (row) => (row.email as string | null) ?? null,
  tracksAccess: false,
  sortable: ['name', 'created_at', 'updated_at'],
  ...readOnlyAccess((actor) => groupHasMember(actor.userId)),
  extras: async (db, rows) => {
    const counts = await memberCounts(
      db,
      rows.map((r) => r.id as number),
    );
    return new Map(rows.map((r) => [r.id as number, { memberCount: counts.get(r.id as number) ?? 0 }]));
  },
};

/** Google Workspace organizational units (`gw_org_units`). */
export const orgUnits: ResourceDefinition = {
  name: 'org-units',
  table: 'gw_org_units',
  entityType: 'org_unit',
  createSchema: nothing,
  updateSchema: nothing,
  responseSchema: orgUnitSchema,
  listFilters: {
    schema: orgUnitListFiltersSchema,
    apply: (f) => (typeof f.parentPath === 'string' ? [orgUnitChildOf(f.parentPath)] : []),
  },
  searchColumns: ['name', 'org_unit_path', 'description'],
  titleColumn: 'name',
  subtitle: (row) => (row.org_unit_path as string | null) ?? null,
  tracksAccess: false,
  sortable: ['name', 'org_unit_path', 'created_at', 'updated_at'],
  ...readOnlyAccess((actor) => orgUnitOfUser(actor.userId)),
  extras: async (db, rows) => {
    const organizationId = rows[0]?.organization_id as number | undefined;
    const counts =
      organizationId === undefined
        ? new Map<string, number>()
        : await usersPerOrgUnit(
            db,
            organizationId,
            rows.map((r) => r.org_unit_path as string),
          );
    return new Map(
      rows.map((r) => [r.id as number, { userCount: counts.get(r.org_unit_path as string) ?? 0 }]),
    );
  },
};
