import {
  softwareLicenseCreateSchema,
  softwareLicenseListFiltersSchema,
  softwareLicenseSchema,
  softwareLicenseUpdateSchema,
} from '@helios/shared';
import type { Expression, SqlBool } from 'kysely';
import {
  columnEquals,
  dateOnOrBefore,
  seatsAssigned,
  softwareLicenseLinkedToUser,
} from '../queries/inventory.ts';
import { documentationAccess } from '../access.ts';
import type { ResourceDefinition, Row } from '../../../core/records/definition.ts';

/**
 * Software licenses with seat accounting: every presented license carries `seatsAssigned` (users
 * plus assets it is assigned to), `seatsAvailable` (null when seats are not tracked; negative when
 * over-assigned) and `overAssigned`. A `user` sees the licenses assigned to them or to their assets.
 */
export const softwareLicenses: ResourceDefinition = {
  name: 'software-licenses',
  table: 'software_licenses',
  entityType: 'software_license',
  createSchema: softwareLicenseCreateSchema,
  updateSchema: softwareLicenseUpdateSchema,
  responseSchema: softwareLicenseSchema,
  listFilters: {
    schema: softwareLicenseListFiltersSchema,
    apply: (filters) => {
      const where: Expression<SqlBool>[] = [];
      if (typeof filters.licenseType === 'string')
        where.push(columnEquals('license_type', filters.licenseType));
      if (typeof filters.vendorId === 'number') where.push(columnEquals('vendor_id', filters.vendorId));
      if (typeof filters.expiresBefore === 'string')
        where.push(dateOnOrBefore('expire_date', filters.expiresBefore));
      return where;
    },
  },
  searchColumns: ['name', 'version', 'license_type'],
  titleColumn: 'name',
  subtitle: (row) =>
    [row.version, row.license_type].filter((v) => typeof v === 'string' && v !== '').join(' · ') || null,
  refs: { vendorId: 'vendors' },
  // Owned by the Google license sync.
  readOnly: ['google_license_sku', 'synced_from_google', 'last_synced_at'],
  tracksAccess: true,
  sortable: ['name', 'created_at', 'updated_at'],
  ...documentationAccess((actor) => softwareLicenseLinkedToUser(actor.userId)),
  extras: async (db, rows) => {
    const assigned = await seatsAssigned(
      db,
      rows.map((r) => r.id as number),
    );
    const out = new Map<number, Row>();
    for (const row of rows) {
      const id = row.id as number;
      const taken = assigned.get(id) ?? 0;
      const seats = row.seats as number | null;
      out.set(id, {
        seatsAssigned: taken,
        seatsAvailable: seats === null ? null : seats - taken,
        overAssigned: seats !== null && taken > seats,
      });
    }
    return out;
  },
};
