import type { ResourceDefinition } from './definition.ts';

/** Resources of the directory group, served by the generic record routes. */
export const directoryResources: ResourceDefinition[] = [];
