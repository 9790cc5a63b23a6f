import type { ResourceDefinition } from './definition.ts';
import { locations } from './locations.ts';
import { vendors } from './vendors.ts';

/** Every resource served by the generic record routes, by API name. */
export const resources: ResourceDefinition[] = [vendors, locations];
