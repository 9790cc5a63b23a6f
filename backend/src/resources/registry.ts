import { contentResources } from './content.ts';
import type { ResourceDefinition } from './definition.ts';
import { directoryResources } from './directory.ts';
import { inventoryResources } from './inventory.ts';
import { locations } from './locations.ts';
import { ticketStatuses } from './ticket-statuses.ts';
import { vaultResources } from './vault.ts';
import { vendors } from './vendors.ts';

/** Every resource served by the generic record routes. */
export const resources: ResourceDefinition[] = [
  vendors,
  locations,
  ...inventoryResources,
  ...vaultResources,
  ...contentResources,
  ...directoryResources,
  ticketStatuses,
];

/** A resource by its API name (`software-licenses`), or undefined. */
export const resourceByName = (name: string): ResourceDefinition | undefined =>
  resources.find((r) => r.name === name);
