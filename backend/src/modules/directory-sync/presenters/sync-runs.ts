import type { SyncRun } from '@helios/shared';
import type { SyncRunRow } from '../queries/sync-runs.ts';

export function presentSyncRun(row: SyncRunRow): SyncRun {
  return {
    id: row.id,
    provider: row.provider as SyncRun['provider'],
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
