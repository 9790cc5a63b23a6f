import { groupWithMembersSchema, idParamsSchema, orgUnitWithChildrenSchema } from '@helios/shared';
import { isStaff } from '../../../core/auth/actor.ts';
import { defineRoute, ok, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { loadReadable, presentRow, presentRows, recordRoutes } from '../../../core/records/routes.ts';
import { displayName } from '../../../core/queries/users.ts';
import { groupMembers, orgUnitChildren } from '../queries/groups.ts';
import { groups, orgUnits } from '../resources/groups.ts';

/**
 * Read routes of the directory's groups and org units: the record kit's list (search, paging,
 * archived, sort, filters) and our own get, with the group's members or the unit's children.
 */
export function groupRoutes(ctx: ModuleContext): RouteSpec[] {
  const { db } = ctx;
  const readOnly = ['get', 'create', 'update', 'archive', 'restore', 'delete'] as const;
  return [
    ...recordRoutes(groups, ctx, { except: readOnly }),
    ...recordRoutes(orgUnits, ctx, { except: readOnly }),
    defineRoute({
      method: 'get',
      path: '/groups/:id',
      tag: 'groups',
      summary: 'A group with its members',
      params: idParamsSchema,
      responses: { 200: { description: 'OK', data: groupWithMembersSchema } },
      errors: [400, 401, 404],
      async handle({ actor, params }) {
        const row = await loadReadable(db, groups, actor, params.id);
        const members = await groupMembers(db, params.id);
        return ok({
          ...(await presentRow(db, groups, actor, row)),
          members: members.map((m) => ({ userId: m.id, email: m.email, name: displayName(m), role: m.role })),
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/org-units/:id',
      tag: 'org-units',
      summary: 'An organizational unit with its direct children',
      params: idParamsSchema,
      responses: { 200: { description: 'OK', data: orgUnitWithChildrenSchema } },
      errors: [400, 401, 404],
      async handle({ actor, params }) {
        const row = await loadReadable(db, orgUnits, actor, params.id);
        // A `user` reads their own unit only, not the shape of the rest of the tree.
        const children = isStaff(actor)
          ? await orgUnitChildren(db, actor.organizationId, row.org_unit_path as string)
          : [];
        return ok({
          ...(await presentRow(db, orgUnits, actor, row)),
          children: await presentRows(db, orgUnits, actor, children),
        });
      },
    }),
  ];
}
