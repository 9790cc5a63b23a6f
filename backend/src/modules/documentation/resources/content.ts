import type { ResourceDefinition } from '../../../core/records/definition.ts';
import { documentTemplates } from './document-templates.ts';
import { documents } from './documents.ts';
import { files } from './files.ts';
import { folders } from './folders.ts';

/** Resources of the content group, served by the generic record routes. */
export const contentResources: ResourceDefinition[] = [documents, documentTemplates, folders, files];
