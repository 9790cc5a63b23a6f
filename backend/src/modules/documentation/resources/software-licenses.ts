import {
  softwareLicenseCreateSchema,
  softwareLicenseListFiltersSchema,
  softwareLicenseSchema,
  softwareLicenseUpdateSchema,
} from '@helios/shared';
import type { CsvImportSpec } from '../../../core/records/csv-import.ts';
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
/**
 * CSV import of software licenses: Helios's headers, Snipe-IT's license export ("Product Key",
 * "Seats", "Supplier", "Order Number", "Expiration Date") and ITFlow's software ("License Type",
 * "Key", "Expire", "Vendor"). A row updates the license with its name.
 */
export const softwareLicenseImport: CsvImportSpec = {
  columns: {
    name: 'name',
    licensename: 'name',
    software: 'name',
    description: 'description',
    version: 'version',
    licensetype: 'licenseType',
    type: 'licenseType',
    licensekey: 'licenseKey',
    productkey: 'licenseKey',
    key: 'licenseKey',
    serial: 'licenseKey',
    seats: 'seats',
    purchasedate: 'purchaseDate',
    purchasereference: 'purchaseReference',
    ordernumber: 'purchaseReference',
    expiredate: 'expireDate',
    expirationdate: 'expireDate',
    expire: 'expireDate',
    vendor: 'vendorId',
    supplier: 'vendorId',
    manufacturer: 'vendorId',
    vendorid: 'vendorId',
    notes: 'notes',
  },
  byName: { vendorId: { table: 'vendors', column: 'name' } },
  matchOn: [{ key: 'name', column: 'name' }],
};

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
  csvImport: softwareLicenseImport,
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
