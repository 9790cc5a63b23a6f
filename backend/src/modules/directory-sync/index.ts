// The directory-sync module's public entry: what the composition roots (server.ts), benches and
// other modules may use.
export { connectDemoGoogle, connectDemoMicrosoft, startDemoGoogle, startDemoMicrosoft } from './demo.ts';
export { executeSync, requestSync, type ExecuteOptions } from './commands/sync-runs.ts';
export type { DirectoryProvider, ProviderName } from './engine/provider.ts';
export { saveGoogleSettingsCommand } from './providers/google/commands/settings.ts';
export { GOOGLE, googleProvider, type GoogleProviderOptions } from './providers/google/provider.ts';
export {
  MICROSOFT,
  microsoftProvider,
  type MicrosoftProviderOptions,
} from './providers/microsoft/provider.ts';
// The mail module calls Gmail with the same service account (domain-wide delegation) and the same
// HELIOS_GOOGLE_API_ORIGIN-aware transport.
export { openServiceAccountKey } from './providers/google/commands/settings.ts';
export { findGoogleSettings } from './providers/google/queries/settings.ts';
export { createGoogleTransport } from './providers/google/transport.ts';
// The lifecycle module's Google writes go through the same retry policy (one policy for every call).
export { classifyError, withRetry, type RetryOptions } from './providers/google/retry.ts';
