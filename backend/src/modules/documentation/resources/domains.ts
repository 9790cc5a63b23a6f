import {
  domainCreateSchema,
  domainListFiltersSchema,
  domainSchema,
  domainUpdateSchema,
} from '@helios/shared';
import type { Expression, SqlBool } from 'kysely';
import { conflict } from '../../../core/errors.ts';
import { dateOnOrBefore, domainHasVendor, findLiveDomainByName } from '../queries/inventory.ts';
import { documentationAccess, linkedToNobody } from '../access.ts';
import type { ResourceDefinition } from '../../../core/records/definition.ts';

/** Registered domains with their registrar, web, DNS and mail hosts; nothing is linked to a `user`. */
export const domains: ResourceDefinition = {
  name: 'domains',
  table: 'domains',
  entityType: 'domain',
  createSchema: domainCreateSchema,
  updateSchema: domainUpdateSchema,
  responseSchema: domainSchema,
  listFilters: {
    schema: domainListFiltersSchema,
    apply: (filters) => {
      const where: Expression<SqlBool>[] = [];
      if (typeof filters.expiresBefore === 'string')
        where.push(dateOnOrBefore('expire_date', filters.expiresBefore));
      if (typeof filters.vendorId === 'number') where.push(domainHasVendor(filters.vendorId));
      return where;
    },
  },
  searchColumns: ['name', 'description'],
  titleColumn: 'name',
  subtitle: (row) => (typeof row.expire_date === 'string' ? `expires ${row.expire_date}` : null),
  refs: {
    registrarVendorId: 'vendors',
    webhostVendorId: 'vendors',
    dnshostVendorId: 'vendors',
    mailhostVendorId: 'vendors',
  },
  // Set by the Google Workspace sync from the Directory's domain list.
  readOnly: ['is_google_workspace_domain', 'google_domain_verified'],
  tracksAccess: true,
  sortable: ['name', 'created_at', 'updated_at'],
  ...documentationAccess(linkedToNobody),
  // Two live records of one domain would split its renewals, vendors and certificates: refuse the
  // second (an archived one may be restored or kept as history).
  prepare: async (input, { db, actor, existing }) => {
    if (typeof input.name === 'string') {
      const twin = await findLiveDomainByName(
        db,
        actor.organizationId,
        input.name,
        existing?.id as number | undefined,
      );
      if (twin) throw conflict(`The domain ${input.name} is already documented (id ${twin.id})`);
    }
    return input;
  },
};
