import { assets } from './assets.ts';
import { certificates } from './certificates.ts';
import type { ResourceDefinition } from '../../../core/records/definition.ts';
import { domains } from './domains.ts';
import { softwareLicenses } from './software-licenses.ts';

/** Resources of the inventory group, served by the generic record routes. */
export const inventoryResources: ResourceDefinition[] = [assets, softwareLicenses, domains, certificates];
