import type { Vault } from '../../../core/crypto/vault.ts';
import type { ModuleContext } from '../../../core/module.ts';
import type { DirectoryProvider, ProviderName } from '../engine/provider.ts';
import type { GoogleClientLogger } from './google/clients.ts';
import { GOOGLE, googleProvider } from './google/provider.ts';
import { MICROSOFT, microsoftProvider } from './microsoft/provider.ts';

/** What providers are built with (from the module context, or by the CLI). */
export interface ProviderDeps {
  vault: Vault;
  /** HELIOS_GOOGLE_API_ORIGIN (the simulator, tests). */
  googleApiOrigin?: string | undefined;
  /** HELIOS_MICROSOFT_LOGIN_ORIGIN / HELIOS_MICROSOFT_GRAPH_ORIGIN (the Graph simulator, tests). */
  microsoftLoginOrigin?: string | undefined;
  microsoftGraphOrigin?: string | undefined;
  logger?: GoogleClientLogger | undefined;
}

export interface ProviderEntry {
  name: ProviderName;
  label: string;
  create(deps: ProviderDeps): DirectoryProvider;
}

/** Every directory Helios syncs from: a new provider is added here. */
export const PROVIDERS: readonly ProviderEntry[] = [
  {
    ...GOOGLE,
    create: (deps) =>
      googleProvider({ vault: deps.vault, apiOrigin: deps.googleApiOrigin, logger: deps.logger }),
  },
  {
    ...MICROSOFT,
    create: (deps) =>
      microsoftProvider({
        vault: deps.vault,
        loginOrigin: deps.microsoftLoginOrigin,
        graphOrigin: deps.microsoftGraphOrigin,
        logger: deps.logger,
      }),
  },
];

export const providersOf = (deps: ProviderDeps): DirectoryProvider[] => PROVIDERS.map((p) => p.create(deps));

export const providerDepsOf = (ctx: ModuleContext): ProviderDeps => ({
  vault: ctx.vault,
  googleApiOrigin: ctx.identity.googleApiOrigin,
  microsoftLoginOrigin: ctx.identity.microsoftLoginOrigin,
  microsoftGraphOrigin: ctx.identity.microsoftGraphOrigin,
  logger: ctx.logger,
});
