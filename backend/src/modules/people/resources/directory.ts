import type { ResourceDefinition } from '../../../core/records/definition.ts';
import { tags } from '../../relations/resources/tags.ts';
import { users } from './users.ts';

/**
 * Resources of the directory group, served by the generic record routes. Custom fields
 * (resources/custom-fields.ts) are not listed: their table has no archived_at, so
 * routes/directory.ts serves them.
 */
export const directoryResources: ResourceDefinition[] = [users, tags];
