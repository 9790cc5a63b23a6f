import type { ResourceDefinition } from './definition.ts';

/** Resources of the content group, served by the generic record routes. */
export const contentResources: ResourceDefinition[] = [];
