import { sql, type SqlBool } from 'kysely';
import { canDocumentation, documentationListScope } from './policies/documentation.ts';
import type { ResourceDefinition, ScopeCondition } from '../../core/records/definition.ts';

/** Nothing is linked to a user (vendors, domains, certificates…): users see none of them. */
export const linkedToNobody: ScopeCondition = () => sql<SqlBool>`false`;

/**
 * The documentation policy (rbac.md) wired into a resource: staff see all, a `user` sees the rows
 * `linked` selects for them, a `contact` nothing.
 */
export function documentationAccess(linked: ScopeCondition): Pick<ResourceDefinition, 'can' | 'listScope'> {
  return {
    can: (actor, action, record) =>
      canDocumentation(actor, action, record ? { linkedToActor: record.linkedToActor === true } : undefined),
    listScope: (actor) => {
      const scope = documentationListScope(actor);
      return scope === 'linked' ? linked : scope;
    },
  };
}
