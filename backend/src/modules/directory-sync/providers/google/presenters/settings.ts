import type { GoogleSettings } from '@helios/shared';
import type { GoogleSettingsRow } from '../queries/settings.ts';

/** Never the key: only which service account it is. */
export function presentGoogleSettings(row: GoogleSettingsRow | undefined): GoogleSettings {
  return {
    configured: row !== undefined,
    serviceAccountEmail: row?.service_account_email ?? null,
    adminEmail: row?.admin_email ?? null,
    customerId: row?.customer_id ?? null,
    syncIntervalMinutes: row?.sync_interval_minutes ?? null,
    lastSyncAt: row?.last_sync_at?.toISOString() ?? null,
    lastSyncStatus: row?.last_sync_status ?? null,
  };
}
