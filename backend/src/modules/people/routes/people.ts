import { peopleContextQuerySchema, peopleContextSchema, type PeopleContext } from '@helios/shared';
import { z } from 'zod';
import { isStaff } from '../../../core/auth/actor.ts';
import { forbidden } from '../../../core/errors.ts';
import { defineRoute, ok, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { presentTicketSummary } from '../../tickets/index.ts';
import { ticketForThread, ticketPartyCondition, ticketSummaries } from '../../tickets/index.ts';
import { canUser } from '../policies/users.ts';
import {
  presentContextAsset,
  presentContextLicense,
  presentContextVendor,
  presentPerson,
} from '../presenters/people.ts';
import { groupsOfUser, orgUnitAt } from '../queries/groups.ts';
import {
  assetsOfUser,
  contextCounts,
  findPerson,
  licensesOfUser,
  ticketsAbout,
  vendorAtDomain,
} from '../queries/people.ts';

const emailParamsSchema = z.object({ email: z.email().max(200) }).strict();

/** GET /people/:email/context: the add-on's one round trip for a sender's card. */
export function peopleRoutes({ db }: ModuleContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/people/:email/context',
      tag: 'people',
      summary: "A person's card for the add-on: person, assets, licenses, tickets, groups, org unit",
      params: emailParamsSchema,
      query: peopleContextQuerySchema,
      responses: { 200: { description: 'What the caller may see of them', data: peopleContextSchema } },
      errors: [400, 401, 403],
      async handle({ actor, params, query }) {
        const person = await findPerson(db, actor.organizationId, params.email);
        const self = person?.id === actor.userId;
        // Staff see everything about anyone; a user sees colleagues' directory card and their own
        // things; a contact only themselves.
        if (!isStaff(actor) && !self && !canUser(actor, 'read_directory')) throw forbidden();
        const full = isStaff(actor) || self;
        const context: PeopleContext = {
          person: person ? presentPerson(person, full) : null,
          assets: [],
          softwareLicenses: [],
          openTickets: [],
          recentTickets: [],
          ticketForThread: null,
          groups: [],
          orgUnit: null,
          counts: { openTickets: 0, devices: 0, licenses: 0 },
          vendor: null,
        };
        // The thread's ticket is looked up in parallel with the rest (one round trip for the add-on).
        const forThread = query.threadId
          ? ticketForThread(db, actor, query.threadId)
          : Promise.resolve(undefined);
        if (person) {
          const about = [ticketsAbout(person.id), ticketPartyCondition(actor)];
          const ou = full ? person.google_workspace_ou : null;
          const [assets, licenses, groups, orgUnit, open, recent, counts] = await Promise.all([
            full ? assetsOfUser(db, person.id, 50) : [],
            full ? licensesOfUser(db, person.id, 50) : [],
            full ? groupsOfUser(db, person.id, 100) : [],
            ou ? orgUnitAt(db, actor.organizationId, ou) : undefined,
            ticketSummaries(db, {
              organizationId: actor.organizationId,
              where: about,
              state: 'open',
              limit: 20,
            }),
            ticketSummaries(db, {
              organizationId: actor.organizationId,
              where: about,
              state: 'finished',
              limit: 5,
            }),
            // The totals beside the capped lists above, in one statement.
            contextCounts(db, person.id, ticketPartyCondition(actor), full),
          ]);
          context.counts = counts;
          context.assets = assets.map(presentContextAsset);
          context.softwareLicenses = licenses.map(presentContextLicense);
          context.groups = groups.map((g) => ({ id: g.id, name: g.name, email: g.email, role: g.role }));
          // A unit the sync has not listed (yet) is still the person's: shown by its path.
          context.orgUnit = ou
            ? {
                id: orgUnit?.id ?? null,
                name: orgUnit?.name ?? ou.split('/').filter(Boolean).at(-1) ?? '/',
                orgUnitPath: ou,
              }
            : null;
          context.openTickets = open.map(presentTicketSummary);
          context.recentTickets = recent.map(presentTicketSummary);
        }
        // An unknown sender may work for a vendor: staff see which, and who Helios knows there.
        if (!person && isStaff(actor)) {
          const vendor = await vendorAtDomain(db, actor.organizationId, params.email.split('@')[1] ?? '');
          context.vendor = vendor ? presentContextVendor(vendor) : null;
        }
        const threadTicket = await forThread;
        context.ticketForThread = threadTicket ? presentTicketSummary(threadTicket) : null;
        return ok(context);
      },
    }),
  ];
}
