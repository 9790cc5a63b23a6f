import { customFieldListQuerySchema, customFieldSchema } from '@helios/shared';
import { forbidden } from '../../../core/errors.ts';
import { defineRoute, page, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { searchCondition } from '../../../core/records/queries/records.ts';
import { keysetPage, presentRows, recordRoutes } from '../../../core/records/routes.ts';
import { customFields, tableIs } from '../resources/custom-fields.ts';

/**
 * Custom field definitions: the record kit's get, create, update and delete (deleting a field
 * deletes its values: custom_values cascades), and a list filtered by the table the fields are for.
 */
export function customFieldRoutes(ctx: ModuleContext): RouteSpec[] {
  const { db } = ctx;
  const def = customFields;
  return [
    ...recordRoutes(def, ctx, { except: ['list'] }),
    defineRoute({
      method: 'get',
      path: '/custom-fields',
      tag: 'custom-fields',
      summary: 'List custom fields (staff)',
      query: customFieldListQuerySchema,
      responses: { 200: { description: 'A page', page: customFieldSchema } },
      errors: [400, 401, 403],
      async handle({ actor, query }) {
        if (def.listScope(actor) === 'none') throw forbidden();
        const where = [];
        if (query.tableName) where.push(tableIs(query.tableName));
        if (query.q) where.push(searchCondition(def.searchColumns, query.q));
        const { rows, nextCursor } = await keysetPage(db, {
          table: def.table,
          organizationId: actor.organizationId,
          archived: 'all', // custom_fields has no archived_at
          where,
          sort: query.sort,
          limit: query.limit,
          cursor: query.cursor,
        });
        return page(await presentRows(db, def, actor, rows), nextCursor);
      },
    }),
  ];
}
