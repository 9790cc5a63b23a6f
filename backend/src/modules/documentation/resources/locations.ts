import { locationCreateSchema, locationSchema, locationUpdateSchema } from '@helios/shared';
import type { CsvImportSpec } from '../../../core/records/csv-import.ts';
import { sql, type SqlBool } from 'kysely';
import { documentationAccess } from '../access.ts';
import type { ResourceDefinition } from '../../../core/records/definition.ts';

/**
 * CSV import of locations: Helios's headers and ITFlow's and Snipe-IT's location exports
 * ("Location Name", "Address", "City", "State", "Zip" / "Postal Code", "Country", "Phone"). A row
 * updates the location with its name.
 */
export const locationImport: CsvImportSpec = {
  columns: {
    name: 'name',
    locationname: 'name',
    description: 'description',
    address: 'address',
    address1: 'address',
    city: 'city',
    state: 'state',
    zip: 'zip',
    postalcode: 'zip',
    country: 'country',
    phone: 'phone',
    notes: 'notes',
  },
  matchOn: [{ key: 'name', column: 'name' }],
};

export const locations: ResourceDefinition = {
  name: 'locations',
  table: 'locations',
  entityType: 'location',
  createSchema: locationCreateSchema,
  responseSchema: locationSchema,
  updateSchema: locationUpdateSchema,
  searchColumns: ['name', 'city', 'address'],
  titleColumn: 'name',
  subtitle: (row) => [row.city, row.country].filter(Boolean).join(', ') || null,
  tracksAccess: false,
  csvImport: locationImport,
  sortable: ['name', 'created_at', 'updated_at'],
  // A user "has" the location they work at.
  ...documentationAccess(
    (actor) =>
      sql<SqlBool>`r.id = (SELECT u.location_id FROM organization_users u WHERE u.id = ${actor.userId})`,
  ),
};
