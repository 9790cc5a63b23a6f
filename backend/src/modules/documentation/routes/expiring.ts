import { EXPIRED_GRACE_DAYS, expiringQuerySchema, expiringSchema } from '@helios/shared';
import type { Expression, SqlBool } from 'kysely';
import type { Actor } from '../../../core/auth/actor.ts';
import { forbidden } from '../../../core/errors.ts';
import { defineRoute, ok, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import type { ResourceDefinition } from '../../../core/records/definition.ts';
import { documentationListScope } from '../policies/documentation.ts';
import { presentExpiring } from '../presenters/expiring.ts';
import {
  expiringAssetWarranties,
  expiringCertificates,
  expiringDomains,
  expiringSoftwareLicenses,
  type ExpiringWindow,
  organizationToday,
} from '../queries/expiring.ts';
import { assets } from '../resources/assets.ts';
import { certificates } from '../resources/certificates.ts';
import { domains } from '../resources/domains.ts';
import { softwareLicenses } from '../resources/software-licenses.ts';

/** The actor's visibility of a resource as a query condition; null when they see none of it. */
function visibility(
  def: ResourceDefinition,
  actor: Actor,
): { scope: Expression<SqlBool> | undefined } | null {
  const scope = def.listScope(actor);
  if (scope === 'none') return null;
  return { scope: scope === 'all' ? undefined : scope(actor) };
}

/**
 * GET /expiring?days=45&limit=200 — domains, certificates, licenses and asset warranties that
 * expire within `days`, plus those that expired in the last EXPIRED_GRACE_DAYS (flagged), each
 * sorted by date, archived excluded. Staff see everything; a `user` only what is theirs (their
 * assets' warranties, their licenses); a `contact` is refused like any documentation list.
 */
export function expiringRoutes({ db }: ModuleContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/expiring',
      tag: 'documentation',
      summary: `What expires in the next N days (and lapsed in the last ${EXPIRED_GRACE_DAYS})`,
      query: expiringQuerySchema,
      responses: { 200: { description: 'Each list sorted by date', data: expiringSchema } },
      errors: [400, 401, 403],
      async handle({ actor, query }) {
        if (documentationListScope(actor) === 'none') throw forbidden();
        const base = {
          organizationId: actor.organizationId,
          today: await organizationToday(db, actor.organizationId),
          graceDays: EXPIRED_GRACE_DAYS,
          days: query.days,
          limit: query.limit,
        };
        const run = async <T>(def: ResourceDefinition, fetch: (w: ExpiringWindow) => Promise<T[]>) => {
          const seen = visibility(def, actor);
          return seen ? fetch({ ...base, scope: seen.scope }) : [];
        };
        return ok(
          presentExpiring({
            domains: await run(domains, (w) => expiringDomains(db, w)),
            certificates: await run(certificates, (w) => expiringCertificates(db, w)),
            softwareLicenses: await run(softwareLicenses, (w) => expiringSoftwareLicenses(db, w)),
            assetWarranties: await run(assets, (w) => expiringAssetWarranties(db, w)),
          }),
        );
      },
    }),
  ];
}
