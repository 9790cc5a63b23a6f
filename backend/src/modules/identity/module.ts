import { canAdmin } from '../../core/auth/admin.ts';
import type { HeliosModule } from '../../core/module.ts';
import { apiKeyCommands } from './cli/api-keys.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { meRoutes } from './routes/me.ts';

/** Who is calling (/me) and the API keys scripts sign in with. */
export const identityModule: HeliosModule = {
  name: 'identity',
  routes: (ctx) => [...meRoutes(ctx), ...apiKeyRoutes(ctx)],
  abilities: (actor) => ({
    manageApiKeys: canAdmin(actor, 'api_keys'),
    manageSettings: canAdmin(actor, 'settings'),
  }),
  commands: apiKeyCommands,
};
