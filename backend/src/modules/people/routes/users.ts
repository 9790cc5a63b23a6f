import {
  idParamsSchema,
  userProfileSchema,
  userDirectoryEntrySchema,
  userDirectoryQuerySchema,
  userSchema,
} from '@helios/shared';
import { z } from 'zod';
import { defineRoute, ok, page, type RouteSpec } from '../../../core/http/route.ts';
import { parse } from '../../../core/http/validate.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { searchCondition, touchRecord } from '../../../core/records/queries/records.ts';
import {
  keysetPage,
  pageIncludes,
  listConditions,
  listQueryOf,
  loadReadable,
  presentRow,
  presentRows,
  recordRoutes,
} from '../../../core/records/routes.ts';
import { canUser } from '../policies/users.ts';
import { userProfileCounts } from '../queries/users.ts';
import { directoryCondition, presentDirectoryEntry, users } from '../resources/users.ts';

const tag = 'users';

/**
 * The users routes: the record kit's (archive and delete refuse to remove the last live admin, see
 * resources/users.ts), and two of our own — the list (staff get full records, a `user` the
 * directory of colleagues, a contact only themselves) and the profile with its counts.
 */
export function userRoutes(ctx: ModuleContext): RouteSpec[] {
  const { db } = ctx;
  return [
    ...recordRoutes(users, ctx, { except: ['list', 'get'] }),
    defineRoute({
      method: 'get',
      path: '/users',
      tag,
      summary:
        'Staff: every user. A user: the directory of active colleagues (names and emails). A contact: themselves.',
      query: listQueryOf(users),
      queryPatterns: [
        { name: 'cf.{field}', description: 'Only users whose custom field has this value (staff)' },
      ],
      responses: { 200: { description: 'A page', page: z.union([userSchema, userDirectoryEntrySchema]) } },
      errors: [400, 401, 403],
      async handle({ req, actor, query }) {
        if (canUser(actor, 'read') || !canUser(actor, 'read_directory')) {
          const { rows, nextCursor } = await keysetPage(db, {
            table: users.table,
            organizationId: actor.organizationId,
            archived: query.archived,
            where: await listConditions(db, users, actor, query),
            sort: query.sort,
            limit: query.limit,
            cursor: query.cursor,
            include: await pageIncludes(db, users, actor.organizationId),
          });
          return page(await presentRows(db, users, actor, rows), nextCursor);
        }
        // rbac.md: a `user` sees names and emails of colleagues "for pickers", nothing private —
        // and the directory takes fewer parameters than the staff list.
        const directory = parse(userDirectoryQuerySchema, req.query);
        const { rows, nextCursor } = await keysetPage(db, {
          table: users.table,
          organizationId: actor.organizationId,
          archived: 'false',
          where: [
            directoryCondition,
            ...(directory.q ? [searchCondition(users.searchColumns, directory.q)] : []),
          ],
          sort: directory.sort,
          limit: directory.limit,
          cursor: directory.cursor,
        });
        return page(rows.map(presentDirectoryEntry), nextCursor);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/users/:id',
      tag,
      summary: 'A user with their profile counts (stamps last access)',
      params: idParamsSchema,
      responses: { 200: { description: 'OK', data: userProfileSchema } },
      errors: [400, 401, 404],
      async handle({ actor, params }) {
        await loadReadable(db, users, actor, params.id);
        const row = await touchRecord(db, users.table, params.id);
        return ok({
          ...(await presentRow(db, users, actor, row)),
          counts: await userProfileCounts(db, params.id),
        });
      },
    }),
  ];
}
