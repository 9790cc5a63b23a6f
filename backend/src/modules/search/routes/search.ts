import { searchQuerySchema, searchResultSchema, type SearchResult } from '@helios/shared';
import type { Expression, SqlBool } from 'kysely';
import { z } from 'zod';
import { defineRoute, ok, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { summarizeRecord } from '../../../core/records/presenter.ts';
import type { ResourceDefinition } from '../../../core/records/definition.ts';
import { type ListOptions, listRecordsAcross, recordSearch } from '../../../core/records/queries/records.ts';
import { presentTicketSummary } from '../../tickets/index.ts';
import { ticketPartyCondition, ticketSummaries } from '../../tickets/index.ts';
import { ticketMatches } from '../queries/search.ts';

/**
 * 0: exact title (or the ticket's number, `TKT-12` or `12`), 1: title starts with q, 2: contains —
 * then alphabetical.
 */
const rank = (result: SearchResult & { number?: string[] }, q: string): number => {
  const t = result.title.toLowerCase();
  const needle = q.trim().toLowerCase();
  if (t === needle || result.number?.includes(needle)) return 0;
  return t.startsWith(needle) ? 1 : 2;
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
        const branches: Promise<(SearchResult & { number?: string[] })[]>[] = [];
        // Every resource in one statement (a branch per resource, each its own indexed query).
        const lists: { key: string; options: ListOptions }[] = [];
        const defs = new Map<string, ResourceDefinition>();
        for (const def of registry.resources) {
          if (wanted && !wanted.has(def.entityType)) continue;
          const scope = def.listScope(actor);
          if (scope === 'none') continue;
          const where: Expression<SqlBool>[] = [recordSearch(def, query.q)];
          if (scope !== 'all') where.push(scope(actor));
          defs.set(def.entityType, def);
          lists.push({
            key: def.entityType,
            options: {
              table: def.table,
              organizationId: actor.organizationId,
              archived: def.archivable === false ? 'all' : 'false',
              where,
              sort: undefined, // ranked below; unordered lets the trigram index answer
              after: undefined,
              limit: query.limit,
            },
          });
        }
        branches.push(
          listRecordsAcross(db, lists).then((hits) =>
            hits.flatMap(({ key, row }) => {
              const def = defs.get(key);
              return def ? [{ type: def.entityType, ...summarizeRecord(def, row) }] : [];
            }),
          ),
        );
        if (!wanted || wanted.has('ticket')) {
          branches.push(
            ticketSummaries(db, {
              organizationId: actor.organizationId,
              where: [ticketPartyCondition(actor), ticketMatches(query.q)],
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
                  // Ranking only: the names the ticket is quoted by (never sent).
                  number: [t.displayNumber.toLowerCase(), String(row.number)],
                };
              }),
            ),
          );
        }
        const results = (await Promise.all(branches)).flat();
        results.sort((a, b) => rank(a, query.q) - rank(b, query.q) || a.title.localeCompare(b.title));
        return ok(
          results
            .slice(0, query.limit)
            .map(({ type, id, title, subtitle }) => ({ type, id, title, subtitle })),
        );
      },
    }),
  ];
}
