import type { SyncRun } from '@helios/shared';
import type { GoogleSettingsRow } from '../queries/google-settings.ts';
import type { SyncRunRow } from '../queries/sync-runs.ts';

/** Never the key: only which service account it is. */
export function presentGoogleSettings(row: GoogleSettingsRow | undefined) {
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

export function presentSyncRun(row: SyncRunRow): SyncRun {
  return {
    id: row.id,
    status: row.status as SyncRun['status'],
    trigger: row.trigger,
    phase: row.phase,
    progress: row.progress as SyncRun['progress'],
    counts: row.counts as SyncRun['counts'],
    errors: row.errors as SyncRun['errors'],
    requestCount: row.request_count,
    requestedByUserId: row.requested_by_user_id,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    durationMs: row.duration_ms,
  };
}
