import { tagAssignmentParamsSchema } from '@helios/shared';
import { forbidden, notFound, validationFailed } from '../../../core/errors.ts';
import { auditContextOf } from '../../../core/http/context.ts';
import { defineRoute, noContent, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { setTagged } from '../commands/links.ts';
import { findTag } from '../queries/tags.ts';
import { taggableResources, tagFits } from '../resources/tags.ts';
import { archivedError, loadTarget } from './targets.ts';

/** `PUT|DELETE /<users|assets|tickets>/:id/tags/:tagId`: tag a record or take the tag off. */
export function tagAssignmentRoutes({ db, registry }: ModuleContext): RouteSpec[] {
  return Object.entries(taggableResources).flatMap(([name, taggable]) =>
    ([true, false] as const).map((assign) =>
      defineRoute({
        method: assign ? 'put' : 'delete',
        path: `/${name}/:id/tags/:tagId`,
        tag: 'tags',
        summary: assign ? `Tag one of the ${name} (idempotent)` : `Remove a tag from one of the ${name}`,
        params: tagAssignmentParamsSchema,
        responses: { 204: { description: 'Done', empty: true } },
        errors: [400, 401, 403, 404],
        async handle({ req, actor, params }) {
          const target = await loadTarget(db, registry, actor, name, params.id);
          if (!target.canWrite) throw forbidden();
          const tag = await findTag(db, actor.organizationId, params.tagId);
          if (!tag) throw notFound('No such tag');
          if (assign) {
            if (target.archived) throw archivedError('id', target.entityType.replace(/_/g, ' '));
            if (tag.archived_at !== null) throw archivedError('tagId', 'tag');
            if (!tagFits(tag.type, taggable.tagType)) {
              const message = `a ${String(tag.type)} tag cannot go on a ${taggable.tagType}`;
              throw validationFailed(`tagId: ${message}`, [{ path: 'tagId', message }]);
            }
          }
          const record = { table: taggable.table, entityType: target.entityType, id: params.id };
          await setTagged(db, auditContextOf(req), record, tag, assign);
          return noContent();
        },
      }),
    ),
  );
}
