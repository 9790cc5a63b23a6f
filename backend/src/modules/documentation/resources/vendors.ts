import { vendorCreateSchema, vendorSchema, vendorUpdateSchema } from '@helios/shared';
import type { CsvImportSpec } from '../../../core/records/csv-import.ts';
import { documentationAccess, linkedToNobody } from '../access.ts';
import type { ResourceDefinition } from '../../../core/records/definition.ts';

/**
 * CSV import of vendors: Helios's headers, ITFlow's vendor export ("Vendor Name", "Contact Name",
 * "Account Number", "Website") and Snipe-IT's suppliers ("Contact", "URL", "Postal Code"). A row
 * updates the vendor with its name.
 */
export const vendorImport: CsvImportSpec = {
  columns: {
    name: 'name',
    vendorname: 'name',
    suppliername: 'name',
    description: 'description',
    contactname: 'contactName',
    contact: 'contactName',
    email: 'email',
    phone: 'phone',
    website: 'website',
    url: 'website',
    address: 'address',
    city: 'city',
    state: 'state',
    zip: 'zip',
    postalcode: 'zip',
    country: 'country',
    accountnumber: 'accountNumber',
    account: 'accountNumber',
    notes: 'notes',
  },
  matchOn: [{ key: 'name', column: 'name' }],
};

export const vendors: ResourceDefinition = {
  name: 'vendors',
  table: 'vendors',
  entityType: 'vendor',
  createSchema: vendorCreateSchema,
  responseSchema: vendorSchema,
  updateSchema: vendorUpdateSchema,
  searchColumns: ['name', 'contact_name', 'email'],
  titleColumn: 'name',
  subtitle: (row) => (row.website as string | null) ?? (row.email as string | null),
  tracksAccess: false,
  csvImport: vendorImport,
  sortable: ['name', 'created_at', 'updated_at'],
  ...documentationAccess(linkedToNobody),
};
