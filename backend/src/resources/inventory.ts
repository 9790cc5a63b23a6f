import type { ResourceDefinition } from './definition.ts';

/** Resources of the inventory group, served by the generic record routes. */
export const inventoryResources: ResourceDefinition[] = [];
