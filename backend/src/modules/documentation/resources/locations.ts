import { locationCreateSchema, locationSchema, locationUpdateSchema } from '@helios/shared';
import { sql, type SqlBool } from 'kysely';
import { documentationAccess } from '../access.ts';
import type { ResourceDefinition } from '../../../core/records/definition.ts';

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
  sortable: ['name', 'created_at', 'updated_at'],
  // A user "has" the location they work at.
  ...documentationAccess(
    (actor) =>
      sql<SqlBool>`r.id = (SELECT u.location_id FROM organization_users u WHERE u.id = ${actor.userId})`,
  ),
};
