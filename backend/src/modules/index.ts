import { contentResources } from './documentation/resources/content.ts';
import type { ResourceDefinition } from '../core/records/definition.ts';
import { directoryResources } from './people/resources/directory.ts';
import { inventoryResources } from './documentation/resources/inventory.ts';
import { locations } from './documentation/resources/locations.ts';
import { ticketStatuses } from './tickets/resources/ticket-statuses.ts';
import { vaultResources } from './vault/resources/vault.ts';
import { vendors } from './documentation/resources/vendors.ts';

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
