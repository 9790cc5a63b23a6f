import { EXPIRED_GRACE_DAYS, expiringQuerySchema } from '@helios/shared';
import { Router } from 'express';
import type { Expression, SqlBool } from 'kysely';
import { actorOf } from '../../../core/http/context.ts';
import { forbidden } from '../../../core/errors.ts';
import { parse } from '../../../core/http/validate.ts';
import type { Actor } from '../../../core/auth/actor.ts';
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
import type { ResourceDefinition } from '../../../core/records/definition.ts';
import { domains } from '../resources/domains.ts';
import { softwareLicenses } from '../resources/software-licenses.ts';
import type { ModuleContext } from '../../../core/module.ts';

/** The actor's visibility of a resource as a query condition; null when they see none of it. */
function visibility(
  def: ResourceDefinition,
  actor: Actor,
): { scope: Expression<SqlBool> | undefined } | null {
  const scope = def.listScope(actor);
  if (scope === 'none') return null;
  return { scope: scope === 'all' ? undefined : scope(actor) };
}

/** Routes of the inventory group beyond the generic record routes. */
export function inventoryRoutes({ db }: ModuleContext): Router {
  const router = Router();

  /**
   * GET /expiring?days=45&limit=200 — domains, certificates, licenses and asset warranties that
   * expire within `days`, plus those that expired in the last EXPIRED_GRACE_DAYS (flagged), each
   * sorted by date, archived excluded. Staff see everything; a `user` only what is theirs (their
   * assets' warranties, their licenses); a `contact` is refused like any documentation list.
   */
  router.get('/expiring', async (req, res) => {
    const actor = actorOf(req);
    const query = parse(expiringQuerySchema, req.query);
    if (documentationListScope(actor) === 'none') throw forbidden();
    const base = {
      organizationId: actor.organizationId,
      today: await organizationToday(db, actor.organizationId),
      graceDays: EXPIRED_GRACE_DAYS,
      days: query.days,
      limit: query.limit,
    };
    const run = async <T>(
      def: ResourceDefinition,
      fetch: (w: ExpiringWindow) => Promise<T[]>,
    ): Promise<T[]> => {
      const seen = visibility(def, actor);
      return seen ? fetch({ ...base, scope: seen.scope }) : [];
    };
    res.json({
      data: presentExpiring({
        domains: await run(domains, (w) => expiringDomains(db, w)),
        certificates: await run(certificates, (w) => expiringCertificates(db, w)),
        softwareLicenses: await run(softwareLicenses, (w) => expiringSoftwareLicenses(db, w)),
        assetWarranties: await run(assets, (w) => expiringAssetWarranties(db, w)),
      }),
    });
  });

  return router;
}
