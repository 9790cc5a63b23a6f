import {
  documentTemplateCreateSchema,
  documentTemplateSchema,
  documentTemplateUpdateSchema,
} from '@helios/shared';
import { documentationListScope } from '../policies/documentation.ts';
import { documentationAccess, linkedToNobody } from '../access.ts';
import type { ResourceDefinition } from '../../../core/records/definition.ts';
import { withSanitizedContent } from './documents.ts';

/** Templates new documents can start from; IT staff only (nothing links a template to a user). */
export const documentTemplates: ResourceDefinition = {
  name: 'document-templates',
  table: 'document_templates',
  entityType: 'document_template',
  createSchema: documentTemplateCreateSchema,
  responseSchema: documentTemplateSchema,
  updateSchema: documentTemplateUpdateSchema,
  searchColumns: ['name', 'description'],
  titleColumn: 'name',
  subtitle: (row) => (row.description as string | null)?.slice(0, 200) ?? null,
  tracksAccess: false,
  sortable: ['name', 'created_at', 'updated_at'],
  prepare(input, { actor, existing }) {
    const out = withSanitizedContent(input);
    if (!existing) out.createdByUserId = actor.userId;
    return out;
  },
  ...documentationAccess(linkedToNobody),
  // Unlike other documentation, a template list is refused outright to everyone but staff.
  listScope: (actor) => (documentationListScope(actor) === 'all' ? 'all' : 'none'),
};
