import { idSchema, linksSchema, type Links } from '@helios/shared';
import { z } from 'zod';
import { forbidden, invalidLink } from '../../../core/errors.ts';
import { auditContextOf } from '../../../core/http/context.ts';
import { defineRoute, noContent, ok, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { setLinked } from '../commands/links.ts';
import { linkedRows } from '../queries/links.ts';
import { linkableResource, linkableResources, linkBetween, linksOf } from '../resources/links.ts';
import { archivedError, loadTarget, readerFor } from './targets.ts';

const otherName = z.string().regex(/^[a-z][a-z-]{0,49}$/, 'expected a resource name');

/**
 * "Everything links to everything" (api.md), one set of routes per linkable resource:
 * `GET /<resource>/:id/links` (every linked record the caller may read, grouped by resource) and
 * `PUT|DELETE /<resource>/:id/links/:other/:otherId` (idempotent; both directions are one link).
 */
export function linkRoutes({ db, registry }: ModuleContext): RouteSpec[] {
  // Every record resource answers, even one that links to nothing yet (its lists are empty and
  // every pair is an `invalid_link`), so clients can treat all records alike.
  const names = new Set([...Object.keys(linkableResources), ...registry.resources.map((r) => r.name)]);
  return [...names].flatMap((resource) => [
    defineRoute({
      method: 'get',
      path: `/${resource}/:id/links`,
      tag: 'links',
      summary: `Everything linked to one of the ${resource}, grouped by resource`,
      params: z.object({ id: idSchema }).strict(),
      responses: { 200: { description: 'Linked records by resource name', data: linksSchema } },
      errors: [400, 401, 404],
      async handle({ actor, params }) {
        await loadTarget(db, registry, actor, resource, params.id);
        const data: Links = {};
        for (const side of linksOf(resource)) {
          const other = side.to.resource;
          const reader = readerFor(registry, actor, other);
          const table = linkableResource(other)?.table;
          if (reader.scope === 'none' || !table) {
            data[other] = [];
            continue;
          }
          const rows = await linkedRows(db, {
            junction: side.junction.table,
            fromColumn: side.from.column,
            toColumn: side.to.column,
            toTable: table,
            organizationId: actor.organizationId,
            id: params.id,
            scope: reader.scope,
          });
          data[other] = rows.map((row) => reader.summarize(row));
        }
        return ok(data);
      },
    }),
    ...([true, false] as const).map((link) =>
      defineRoute({
        method: link ? 'put' : 'delete',
        path: `/${resource}/:id/links/:other/:otherId`,
        tag: 'links',
        summary: link ? `Link one of the ${resource} to another record (idempotent)` : `Unlink two records`,
        params: z.object({ id: idSchema, other: otherName, otherId: idSchema }).strict(),
        responses: { 204: { description: 'Done', empty: true } },
        errors: [400, 401, 403, 404],
        async handle({ req, actor, params }) {
          const side = linkBetween(resource, params.other);
          if (!side)
            throw invalidLink(
              `${resource} and ${params.other} cannot be linked: no junction table joins them`,
            );
          const from = await loadTarget(db, registry, actor, resource, params.id);
          const to = await loadTarget(db, registry, actor, params.other, params.otherId);
          if (!from.canWrite || !to.canWrite) throw forbidden();
          if (link) {
            if (from.archived) throw archivedError('id', from.entityType.replace(/_/g, ' '));
            if (to.archived) throw archivedError('otherId', to.entityType.replace(/_/g, ' '));
          }
          await setLinked(db, auditContextOf(req), side, params.id, params.otherId, link);
          return noContent();
        },
      }),
    ),
  ]);
}
