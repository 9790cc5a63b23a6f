import { vendorCreateSchema, vendorSchema, vendorUpdateSchema } from '@helios/shared';
import { documentationAccess, linkedToNobody } from '../access.ts';
import type { ResourceDefinition } from '../../../core/records/definition.ts';

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
  sortable: ['name', 'created_at', 'updated_at'],
  ...documentationAccess(linkedToNobody),
};
