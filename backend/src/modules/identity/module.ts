import { canAdmin } from '../../core/auth/admin.ts';
import type { HeliosModule } from '../../core/module.ts';
import { apiKeyCommands } from './cli/api-keys.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { meRoutes } from './routes/me.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { adminCommands } from './cli/admins.ts';

/** Who is calling (/me), the web console's sign-in sessions, API keys, and making admins. */
export const identityModule: HeliosModule = {
  name: 'identity',
  routes: (ctx) => [...meRoutes(ctx), ...apiKeyRoutes(ctx), ...sessionRoutes(ctx, ctx.idTokens)],
  abilities: (actor) => ({
    manageApiKeys: canAdmin(actor, 'api_keys'),
    manageSettings: canAdmin(actor, 'settings'),
  }),
  commands: [...apiKeyCommands, ...adminCommands],
};
