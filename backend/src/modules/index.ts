import { registryOf, type HeliosModule } from '../core/module.ts';
import { addonPreviewModule } from './addon-preview/module.ts';
import { auditModule } from './audit/module.ts';
import { demoModule } from './demo/module.ts';
import { directorySyncModule } from './directory-sync/module.ts';
import { documentationModule } from './documentation/module.ts';
import { identityModule } from './identity/module.ts';
import { lifecycleModule } from './lifecycle/module.ts';
import { mailModule } from './mail/module.ts';
import { notificationsModule } from './notifications/module.ts';
import { peopleModule } from './people/module.ts';
import { relationsModule } from './relations/module.ts';
import { searchModule } from './search/module.ts';
import { ticketsModule } from './tickets/module.ts';
import { vaultModule } from './vault/module.ts';

/**
 * Every product module. This list is the one place a module is added: the app mounts their routes,
 * the job runner starts their jobs, /me asks their abilities, the OpenAPI document and the CLI
 * list what they declare.
 */
export const modules: readonly HeliosModule[] = [
  identityModule,
  auditModule,
  notificationsModule,
  documentationModule,
  vaultModule,
  peopleModule,
  relationsModule,
  searchModule,
  ticketsModule,
  directorySyncModule,
  mailModule,
  lifecycleModule,
  demoModule,
  addonPreviewModule,
];

export const registry = registryOf(modules);
