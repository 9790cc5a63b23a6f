import type { HeliosModule } from '../../core/module.ts';
import { expiryAlertJobs } from './jobs/expiry-alerts.ts';
import { canDocumentation, documentationListScope } from './policies/documentation.ts';
import { assets } from './resources/assets.ts';
import { certificates } from './resources/certificates.ts';
import { documentTemplates } from './resources/document-templates.ts';
import { documents } from './resources/documents.ts';
import { domains } from './resources/domains.ts';
import { files } from './resources/files.ts';
import { folders } from './resources/folders.ts';
import { locations } from './resources/locations.ts';
import { softwareLicenses } from './resources/software-licenses.ts';
import { vendors } from './resources/vendors.ts';
import { recordRoutes } from '../../core/records/routes.ts';
import { expiringRoutes } from './routes/expiring.ts';
import { fileRoutes } from './routes/files.ts';
import { folderRoutes } from './routes/folders.ts';

/** Served entirely by the record kit. */
const records = [
  vendors,
  locations,
  assets,
  softwareLicenses,
  domains,
  certificates,
  documents,
  documentTemplates,
  folders,
];

/**
 * ITFlow-style documentation: assets, software licenses, domains, certificates, locations, vendors,
 * documents and templates, folders and files; what expires soon, and the daily expiry alerts.
 */
export const documentationModule: HeliosModule = {
  name: 'documentation',
  resources: [...records, files],
  routes: (ctx) => [
    ...records.flatMap((def) => recordRoutes(def, ctx)),
    // Files are created by upload or Drive link, and deleted with their bytes: their own routes.
    ...recordRoutes(files, ctx, { except: ['create', 'delete'] }),
    ...fileRoutes(ctx),
    ...folderRoutes(ctx),
    ...expiringRoutes(ctx),
  ],
  jobs: expiryAlertJobs,
  abilities: (actor) => ({
    readAllDocumentation: documentationListScope(actor) === 'all',
    writeDocumentation: canDocumentation(actor, 'create'),
    hardDelete: canDocumentation(actor, 'delete'),
  }),
};
