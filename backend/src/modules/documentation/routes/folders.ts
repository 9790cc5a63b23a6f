import { folderTreeSchema } from '@helios/shared';
import { forbidden } from '../../../core/errors.ts';
import { defineRoute, ok, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { liveFoldersWithCounts } from '../queries/content.ts';
import { folders, folderTree } from '../resources/folders.ts';

/** GET /folders/tree: every live folder, nested, with what each holds (beside the record routes). */
export function folderRoutes({ db }: ModuleContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/folders/tree',
      tag: 'folders',
      summary: 'The folder tree with counts (staff)',
      responses: { 200: { description: 'Top-level folders, children nested', data: folderTreeSchema } },
      errors: [400, 401, 403],
      async handle({ actor }) {
        // The whole tree is staff material (rbac.md: users see no folders).
        if (folders.listScope(actor) !== 'all') throw forbidden();
        return ok(folderTree(await liveFoldersWithCounts(db, actor.organizationId)));
      },
    }),
  ];
}
