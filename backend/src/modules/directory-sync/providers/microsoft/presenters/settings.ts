import type { MicrosoftSettings } from '@helios/shared';
import type { MicrosoftSettingsRow } from '../queries/settings.ts';

/** Never the secret: only which app registration in which tenant. */
export function presentMicrosoftSettings(row: MicrosoftSettingsRow | undefined): MicrosoftSettings {
  return {
    configured: row !== undefined,
    tenantId: row?.azure_tenant_id ?? null,
    clientId: row?.client_id ?? null,
    syncIntervalMinutes: row?.sync_interval_minutes ?? null,
    lastSyncAt: row?.last_sync_at?.toISOString() ?? null,
    lastSyncStatus: row?.last_sync_status ?? null,
  };
}
