import { credentials } from './credentials.ts';
import type { ResourceDefinition } from '../../../core/records/definition.ts';

/** Resources of the vault group, served by the generic record routes (writes: routes/vault.ts). */
export const vaultResources: ResourceDefinition[] = [credentials];
