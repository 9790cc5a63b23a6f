import { canAdmin } from '../../core/auth/admin.ts';
import type { HeliosModule } from '../../core/module.ts';
import { syncGoogleCommand } from './cli/sync-google.ts';
import { googleSyncJobs } from './jobs/google-sync.ts';
import { googleRoutes } from './routes/google.ts';

/** Keeps Helios in step with the directory (Google Workspace): settings, runs, schedule, CLI. */
export const directorySyncModule: HeliosModule = {
  name: 'directory-sync',
  legacyRouter: googleRoutes,
  jobs: googleSyncJobs,
  abilities: (actor) => ({ runSync: canAdmin(actor, 'sync') }),
  commands: [syncGoogleCommand],
};
