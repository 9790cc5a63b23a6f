import { canAdmin } from '../../core/auth/admin.ts';
import type { HeliosModule } from '../../core/module.ts';
import { syncCommands } from './cli/sync.ts';
import { syncJobs } from './jobs/sync.ts';
import { providerDepsOf, providersOf } from './providers/list.ts';
import { syncRunRoutes } from './routes/sync-runs.ts';

/**
 * Keeps Helios in step with the directories it syncs from (Google Workspace today): each
 * provider's settings and `POST /sync/<provider>`, the runs of every provider, a worker and a
 * schedule per provider, `sync <provider>` on the CLI.
 */
export const directorySyncModule: HeliosModule = {
  name: 'directory-sync',
  routes: (ctx) => {
    const providers = providersOf(providerDepsOf(ctx));
    return [...syncRunRoutes(ctx, providers), ...providers.flatMap((p) => p.routes?.(ctx) ?? [])];
  },
  jobs: (ctx) => syncJobs(ctx, providersOf(providerDepsOf(ctx))),
  abilities: (actor) => ({ runSync: canAdmin(actor, 'sync') }),
  commands: syncCommands,
};
