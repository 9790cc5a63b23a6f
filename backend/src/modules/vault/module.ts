import type { HeliosModule } from '../../core/module.ts';
import { recordRoutes } from '../../core/records/routes.ts';
import { rotateKeyCommand } from './cli/rotate-key.ts';
import { canCredential } from './policies/credentials.ts';
import { credentials } from './resources/credentials.ts';
import { vaultRoutes } from './routes/vault.ts';

/** The credentials vault: metadata lists, encrypted secrets, audited reveals, key rotation. */
export const vaultModule: HeliosModule = {
  name: 'vault',
  resources: [credentials],
  routes: (ctx) => [...recordRoutes(credentials, ctx, { except: ['create', 'update'] }), ...vaultRoutes(ctx)],
  abilities: (actor) => ({
    listCredentials: canCredential(actor, 'list'),
    revealCredentials: canCredential(actor, 'reveal'),
  }),
  commands: [rotateKeyCommand],
};
