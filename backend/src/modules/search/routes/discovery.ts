import {
  peopleContextQuerySchema,
  searchQuerySchema,
  type PeopleContext,
  type SearchResult,
} from '@helios/shared';
import { Router } from 'express';
import { type Expression, sql, type SqlBool } from 'kysely';
import { z } from 'zod';
import { actorOf } from '../../../core/http/context.ts';
import { forbidden } from '../../../core/errors.ts';
import { parse } from '../../../core/http/validate.ts';
import { isStaff } from '../../../core/auth/actor.ts';
import { canUser } from '../../people/policies/users.ts';
import { presentContextAsset, presentContextLicense, presentPerson } from '../../people/presenters/people.ts';
import { summarizeRecord } from '../../../core/records/presenter.ts';
import { assetsOfUser, findPerson, licensesOfUser } from '../../people/queries/people.ts';
import { listRecords } from '../../../core/records/queries/records.ts';
import {
  presentTicketSummary,
  ticketForThread,
  ticketPartyCondition,
  ticketSummaries,
} from '../../tickets/index.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { searchCondition } from '../../../core/records/routes.ts';

const emailParamsSchema = z.object({ email: z.email().max(200) }).strict();

/** 0: exact title, 1: title starts with q, 2: contains — then alphabetical. */
const rank = (title: string, q: string): number => {
  const t = title.toLowerCase();
  const needle = q.toLowerCase();
  return t === needle ? 0 : t.startsWith(needle) ? 1 : 2;
};

/**
 * Cross-cutting reads for people and add-ons: GET /search across every resource (each branch a
 * trigram-indexed query, scoped by the same policies as its list), and GET /people/:email/context,
 * the add-on's one round trip for a sender's card.
 */
export function discoveryRoutes({ db, registry }: ModuleContext): Router {
  const router = Router();

  router.get('/search', async (req, res) => {
    const actor = actorOf(req);
    const query = parse(searchQuerySchema, req.query);
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
          archived: 'false',
          where,
          sort: undefined, // ranked below; unordered lets the trigram index answer
          after: undefined,
          limit: query.limit,
        }).then((rows) => rows.map((row) => ({ type: def.entityType, ...summarizeRecord(def, row) }))),
      );
    }
    if (!wanted || wanted.has('ticket')) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      branches.push(
        ticketSummaries(db, {
          organizationId: actor.organizationId,
          where: [ticketPartyCondition(actor), sql<SqlBool>`t.subject ILIKE ${pattern}`],
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
    results.sort((a, b) => rank(a.title, query.q) - rank(b.title, query.q) || a.title.localeCompare(b.title));
    res.json({ data: results.slice(0, query.limit) });
  });

  router.get('/people/:email/context', async (req, res) => {
    const actor = actorOf(req);
    const { email } = parse(emailParamsSchema, req.params);
    const { threadId } = parse(peopleContextQuerySchema, req.query);
    const person = await findPerson(db, actor.organizationId, email);
    const self = person?.id === actor.userId;
    // Staff see everything about anyone; a user sees colleagues' directory card and their own
    // things; a contact only themselves.
    if (!isStaff(actor) && !self && !canUser(actor, 'read_directory')) throw forbidden();
    const full = isStaff(actor) || self;
    const context: PeopleContext = {
      person: person ? presentPerson(person) : null,
      assets: [],
      softwareLicenses: [],
      openTickets: [],
      recentTickets: [],
      ticketForThread: null,
    };
    // The thread's ticket is looked up in parallel with the rest (one round trip for the add-on).
    const forThread = threadId ? ticketForThread(db, actor, threadId) : Promise.resolve(undefined);
    if (person) {
      const about = [sql<SqlBool>`t.related_user_id = ${person.id}`, ticketPartyCondition(actor)];
      const [assets, licenses, open, recent] = await Promise.all([
        full ? assetsOfUser(db, person.id, 50) : [],
        full ? licensesOfUser(db, person.id, 50) : [],
        ticketSummaries(db, { organizationId: actor.organizationId, where: about, state: 'open', limit: 20 }),
        ticketSummaries(db, {
          organizationId: actor.organizationId,
          where: about,
          state: 'finished',
          limit: 5,
        }),
      ]);
      context.assets = assets.map(presentContextAsset);
      context.softwareLicenses = licenses.map(presentContextLicense);
      context.openTickets = open.map(presentTicketSummary);
      context.recentTickets = recent.map(presentTicketSummary);
    }
    const threadTicket = await forThread;
    context.ticketForThread = threadTicket ? presentTicketSummary(threadTicket) : null;
    res.json({ data: context });
  });

  return router;
}
