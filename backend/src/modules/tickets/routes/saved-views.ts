import {
  idParamsSchema,
  savedViewCreateSchema,
  savedViewListQuerySchema,
  savedViewSchema,
  ticketListQuerySchema,
} from '@helios/shared';
import { conflict, notFound } from '../../../core/errors.ts';
import { created, defineRoute, noContent, ok, page, type RouteSpec } from '../../../core/http/route.ts';
import { parse } from '../../../core/http/validate.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { withCustomFieldFilters } from '../../../core/records/routes.ts';
import { presentSavedView } from '../presenters/saved-views.ts';
import { deleteSavedView, SAVED_VIEWS_MAX, savedViewsOf, upsertSavedView } from '../queries/saved-views.ts';

const tag = 'tickets';

/** The query a list accepts, per saved-view scope: a view is saved only if its list would take it. */
const listQueries = { tickets: withCustomFieldFilters(ticketListQuerySchema) };

/**
 * `/me/saved-views`: the caller's own named filters of a list (the ticket queue), kept on the server
 * so they follow the person to any browser. Every route is scoped to the caller's rows in SQL —
 * nobody reads or deletes another's views, so there is no policy beyond being signed in. Not
 * audited: a saved view changes what one person sees first, never what anyone may see.
 */
export function savedViewRoutes({ db }: ModuleContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/me/saved-views',
      tag,
      summary: `My saved views of a list, by name (at most ${SAVED_VIEWS_MAX})`,
      query: savedViewListQuerySchema,
      responses: { 200: { description: 'The views', page: savedViewSchema } },
      errors: [400, 401],
      async handle({ actor, query }) {
        const rows = await savedViewsOf(db, actor.userId, query.scope);
        return page(rows.map(presentSavedView), null);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/me/saved-views',
      tag,
      summary:
        'Save a view of a list (the same name replaces it: 200); its query must be one the list accepts',
      body: savedViewCreateSchema,
      responses: {
        201: { description: 'Saved', data: savedViewSchema },
        200: { description: 'Replaced the view of this name', data: savedViewSchema },
      },
      errors: [400, 401, 409],
      async handle({ actor, body }) {
        // Paging is where a person was, not what they filter by: it is never saved.
        const params = new URLSearchParams(body.query.replace(/^\?/, ''));
        params.delete('cursor');
        params.delete('limit');
        parse(listQueries[body.scope], Object.fromEntries(params));
        const existing = await savedViewsOf(db, actor.userId, body.scope);
        if (existing.length >= SAVED_VIEWS_MAX && !existing.some((v) => v.name === body.name))
          throw conflict(`You already have ${SAVED_VIEWS_MAX} saved views: delete one first`);
        const { row, created: isNew } = await upsertSavedView(db, {
          organization_id: actor.organizationId,
          user_id: actor.userId,
          scope: body.scope,
          name: body.name,
          query: params.toString(),
        });
        return isNew ? created(presentSavedView(row)) : ok(presentSavedView(row));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/me/saved-views/:id',
      tag,
      summary: 'Delete one of my saved views',
      params: idParamsSchema,
      responses: { 204: { description: 'Deleted', empty: true } },
      errors: [400, 401, 404],
      async handle({ actor, params }) {
        if (!(await deleteSavedView(db, actor.userId, params.id))) throw notFound('No such saved view');
        return noContent();
      },
    }),
  ];
}
