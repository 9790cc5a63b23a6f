import type { ResourceDefinition } from './definition.ts';

/** Resources of the vault group, served by the generic record routes. */
export const vaultResources: ResourceDefinition[] = [];
