import { assetCreateSchema, assetListFiltersSchema, assetSchema, assetUpdateSchema } from '@helios/shared';
import type { Expression, SqlBool } from 'kysely';
import { assetLinkedToUser, columnEquals, dateOnOrBefore } from '../queries/inventory.ts';
import { documentationAccess } from '../access.ts';
import type { CsvImportSpec } from '../../../core/records/csv-import.ts';
import type { ResourceDefinition } from '../../../core/records/definition.ts';
import { tagIdsOf, taggedCondition, tagNameContains } from '../../../core/records/queries/tags.ts';

// List filters that compare one column with the given value.
const EQUALITY_FILTERS = {
  assetType: 'asset_type',
  status: 'status',
  assignedToUserId: 'assigned_to_user_id',
  locationId: 'location_id',
  vendorId: 'vendor_id',
} as const;

/**
 * CSV import of assets: Helios's own headers, Snipe-IT's asset export ("Asset Tag", "Serial",
 * "Model Name", "Manufacturer", "Category", "Status Label", "Supplier", "Order Number", "Checked
 * Out To" / "Email") and ITFlow's ("Type", "Make", "Serial", "OS", "Warranty Expire", "Vendor").
 * A row updates the asset with its serial number, else with its name.
 */
export const assetImport: CsvImportSpec = {
  columns: {
    name: 'name',
    assetname: 'name',
    assettag: 'name',
    assettype: 'assetType',
    type: 'assetType',
    category: 'assetType',
    serialnumber: 'serialNumber',
    serial: 'serialNumber',
    make: 'make',
    manufacturer: 'make',
    model: 'model',
    modelname: 'model',
    os: 'os',
    operatingsystem: 'os',
    osversion: 'osVersion',
    status: 'status',
    statuslabel: 'status',
    description: 'description',
    purchasedate: 'purchaseDate',
    purchasereference: 'purchaseReference',
    ordernumber: 'purchaseReference',
    warrantyexpiredate: 'warrantyExpireDate',
    warrantyexpire: 'warrantyExpireDate',
    warrantyexpires: 'warrantyExpireDate',
    installdate: 'installDate',
    physicallocation: 'physicalLocation',
    location: 'locationId',
    locationid: 'locationId',
    vendor: 'vendorId',
    supplier: 'vendorId',
    vendorid: 'vendorId',
    assignedto: 'assignedToUserId',
    checkedoutto: 'assignedToUserId',
    email: 'assignedToUserId',
    assignedtouserid: 'assignedToUserId',
    adminurl: 'adminUrl',
    notes: 'notes',
  },
  byName: {
    locationId: { table: 'locations', column: 'name' },
    vendorId: { table: 'vendors', column: 'name' },
    assignedToUserId: { table: 'organization_users', column: 'email' },
  },
  matchOn: [
    { key: 'serialNumber', column: 'serial_number' },
    { key: 'name', column: 'name' },
  ],
  values: {
    assetType: {
      laptop: 'computer',
      laptops: 'computer',
      desktop: 'computer',
      desktops: 'computer',
      workstation: 'computer',
      mobile: 'phone',
      'mobile phone': 'phone',
      'mobile phones': 'phone',
      phones: 'phone',
      tablets: 'tablet',
      servers: 'server',
      network: 'network_device',
      switch: 'network_device',
      router: 'network_device',
      firewall: 'network_device',
      'access point': 'network_device',
      printers: 'printer',
    },
    status: {
      'ready to deploy': 'active',
      deployed: 'active',
      pending: 'storage',
      archived: 'retired',
      broken: 'repair',
      'out for repair': 'repair',
      'out for diagnostics': 'repair',
      lost: 'retired',
      stolen: 'retired',
    },
  },
};

/** Hardware and devices; a `user` sees the assets assigned or linked to them. */
export const assets: ResourceDefinition = {
  name: 'assets',
  table: 'assets',
  entityType: 'asset',
  createSchema: assetCreateSchema,
  updateSchema: assetUpdateSchema,
  responseSchema: assetSchema,
  listFilters: {
    schema: assetListFiltersSchema,
    apply: (filters) => {
      const where: Expression<SqlBool>[] = [];
      for (const [key, column] of Object.entries(EQUALITY_FILTERS)) {
        const value = filters[key];
        if (typeof value === 'string' || typeof value === 'number') where.push(columnEquals(column, value));
      }
      if (typeof filters.warrantyExpiresBefore === 'string')
        where.push(dateOnOrBefore('warranty_expire_date', filters.warrantyExpiresBefore));
      const tagIds = tagIdsOf(filters.tag);
      if (tagIds.length > 0)
        where.push(taggedCondition('assets', 'r', tagIds, filters.tagMode === 'all' ? 'all' : 'any'));
      return where;
    },
  },
  searchColumns: ['name', 'serial_number', 'model', 'make'],
  // An asset's tags are how IT labels it ("Loaner", "Spare"): searching one finds the assets.
  searchAlso: (q) => tagNameContains('assets', q),
  titleColumn: 'name',
  subtitle: (row) =>
    [row.make, row.model, row.serial_number].filter((v) => typeof v === 'string' && v !== '').join(' · ') ||
    null,
  refs: { locationId: 'locations', vendorId: 'vendors', assignedToUserId: 'organization_users' },
  // Owned by the Google device sync: a hand edit would be overwritten on the next run.
  readOnly: ['google_device_id', 'synced_from_google', 'last_synced_at'],
  tracksAccess: true,
  sortable: ['name', 'created_at', 'updated_at'],
  ...documentationAccess((actor) => assetLinkedToUser(actor.userId)),
  csvImport: assetImport,
  tags: 'assets',
};
