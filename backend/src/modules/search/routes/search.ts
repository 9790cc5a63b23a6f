import { searchQuerySchema, searchResultSchema, type SearchResult } from '@helios/shared';
import type { Expression, SqlBool } from 'kysely';
import { z } from 'zod';
import { defineRoute, ok, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { summarizeRecord } from '../../../core/records/presenter.ts';
import { listRecords, searchCondition } from '../../../core/records/queries/records.ts';
import { presentTicketSummary } from '../../tickets/index.ts';
import { ticketPartyCondition, ticketSummaries } from '../../tickets/index.ts';
import { ticketSubjectContains } from '../queries/search.ts';

/** 0: exact title, 1: title starts with q, 2: contains — then alphabetical. */
const rank = (title: string, q: string): number => {
  const t = title.toLowerCase();
  const needle = q.toLowerCase();
  return t === needle ? 0 : t.startsWith(needle) ? 1 : 2;
};

/**
 * GET /search across every registered resource and tickets: each branch a trigram-indexed query,
 * scoped by the same policies as its list, ranked here.
 */
export function searchRoutes({ db, registry }: ModuleContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/search',
      tag: 'search',
      summary: 'Search every resource the caller may read',
      query: searchQuerySchema,
      responses: { 200: { description: 'Best matches first', data: z.array(searchResultSchema) } },
      errors: [400, 401],
      async handle({ actor, query }) {
        const wanted = query.types ? new Set(query.types.split(',')) : undefined;
        const branches: Promise<SearchResult[]>[] = [];
        for (const def of registry.resources) {
          if (wanted && !wanted.has(def.entityType)) continue;
          const scope = def.listScope(actor);
          if (scope === 'none') continue;
          const where: Expression<SqlBool>[] = [searchCondition(def.searchColumns, query.q)];
          if (scope !== 'all') where.push(scope(actor));
          branches.push(
            listRecords(db, {
              table: def.table,
              organizationId: actor.organizationId,
              archived: def.archivable === false ? 'all' : 'false',
              where,
              sort: undefined, // ranked below; unordered lets the trigram index answer
              after: undefined,
              limit: query.limit,
            }).then((rows) => rows.map((row) => ({ type: def.entityType, ...summarizeRecord(def, row) }))),
          );
        }
        if (!wanted || wanted.has('ticket')) {
          branches.push(
            ticketSummaries(db, {
              organizationId: actor.organizationId,
              where: [ticketPartyCondition(actor), ticketSubjectContains(query.q)],
              state: 'any',
              ordered: false,
              limit: query.limit,
            }).then((rows) =>
              rows.map((row) => {
                const t = presentTicketSummary(row);
                return {
                  type: 'ticket',
                  id: t.id,
                  title: t.subject,
                  subtitle: `${t.displayNumber} · ${t.status.name}`,
                };
              }),
            ),
          );
        }
        const results = (await Promise.all(branches)).flat();
        results.sort(
          (a, b) => rank(a.title, query.q) - rank(b.title, query.q) || a.title.localeCompare(b.title),
        );
        return ok(results.slice(0, query.limit));
      },
    }),
  ];
}
