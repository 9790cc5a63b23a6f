import type { Kysely } from 'kysely';
import { recordAudit } from '../../../core/audit.ts';
import type { Database } from '../../../core/db/schema.ts';
import { MassArchiveError, type PhaseCounts, runSync } from '../engine/engine.ts';
import type { DirectoryProvider, DirectorySource, OpenOptions, RunKind } from '../engine/provider.ts';
import {
  activeRun,
  failStaleRuns,
  findRun,
  finishRun,
  insertQueuedRun,
  lastSucceededRun,
  recordProgress,
  setRunKind,
  startRun,
  type SyncRunRow,
  type SyncTrigger,
} from '../queries/sync-runs.ts';

/*
 * The one run lifecycle of every provider: queue (one queued or running run per provider across
 * replicas — a unique index, not a check), claim, heartbeat with progress, finish with counts,
 * errors, duration and request count, one audit row. A run whose process died is failed by the
 * next request once its heartbeat is stale.
 */

/** A run that died without finishing is failed after this long without a heartbeat. */
export const STALE_RUN_MINUTES = 10;

/**
 * Asks for a sync of one provider: a queued run, or the provider's run already queued or running.
 * Returns the run and whether this call created it.
 */
export async function requestSync(
  db: Kysely<Database>,
  organizationId: number,
  provider: Pick<DirectoryProvider, 'name'>,
  trigger: SyncTrigger,
  requestedByUserId: number | null,
  kind: RunKind = 'full',
): Promise<{ run: SyncRunRow; created: boolean }> {
  await failStaleRuns(db, organizationId, STALE_RUN_MINUTES);
  // The insert and the lookup race with other requests: the one that loses the insert finds the
  // winner's run, unless it finished in between — then another attempt queues a new one.
  for (let attempt = 0; attempt < 3; attempt++) {
    const run = await insertQueuedRun(db, organizationId, provider.name, trigger, requestedByUserId, kind);
    if (run) return { run, created: true };
    const active = await activeRun(db, organizationId, provider.name);
    if (active) return { run: active, created: false };
  }
  throw new Error('could not queue a sync run');
}

/**
 * How a queued run is opened: an incremental run starts where the previous successful run (of any
 * kind) started, and only once a full reconcile has succeeded — otherwise it runs as a full one
 * (so does every run of a provider that cannot run incrementally).
 */
async function openOptionsOf(
  db: Kysely<Database>,
  organizationId: number,
  provider: Pick<DirectoryProvider, 'name'>,
  runId: number,
  canIncrement: boolean,
): Promise<OpenOptions> {
  const queued = await findRun(db, organizationId, runId);
  if (queued?.kind !== 'incremental' || !canIncrement) return { kind: 'full' };
  const [full, previous] = await Promise.all([
    lastSucceededRun(db, organizationId, provider.name, 'full', runId),
    lastSucceededRun(db, organizationId, provider.name, undefined, runId),
  ]);
  if (!full || !previous?.started_at) return { kind: 'full' };
  return { kind: 'incremental', since: previous.started_at };
}

export interface ExecuteOptions {
  /** How often progress (and the heartbeat) is written while running (ms). */
  progressIntervalMs?: number;
  /** Sees every progress step (the CLI's progress bar). */
  onProgress?: (phase: string, done: number, requestCount: number) => void;
}

/**
 * Runs a queued run of the provider to the end and records the outcome plus one audit row. A run
 * that another worker already claimed, or another provider's, is left alone (returns undefined).
 */
export async function executeSync(
  db: Kysely<Database>,
  provider: DirectoryProvider,
  organizationId: number,
  runId: number,
  options: ExecuteOptions = {},
): Promise<SyncRunRow | undefined> {
  const connection = await provider.connection(db, organizationId);
  const open = await openOptionsOf(
    db,
    organizationId,
    provider,
    runId,
    connection?.incremental !== undefined,
  );
  let source: DirectorySource | undefined;
  let openError: unknown;
  try {
    source = connection?.open(open);
  } catch (error) {
    openError = error;
  }
  const run = await startRun(db, runId, provider.name, source?.phases[0]?.name ?? null);
  if (!run) return undefined;
  if (run.kind !== open.kind) await setRunKind(db, runId, open.kind);

  let status: 'succeeded' | 'failed' = 'failed';
  let counts: Record<string, PhaseCounts> = {};
  const progress: Record<string, number> = {};
  let errors: { phase: string; message: string }[] = [];
  let cursors: Record<string, string> = {};
  const requestCount = () => source?.requestCount() ?? 0;
  try {
    if (!connection) throw new Error(`${provider.label} is not configured (PUT ${provider.settingsPath})`);
    if (!source) throw openError;
    let lastWrite = 0;
    const report = await runSync(db, source, {
      organizationId,
      runId,
      massArchiveThreshold: connection.massArchiveThreshold,
      ...(connection.cursors ? { cursors: connection.cursors } : {}),
      onProgress: async (phase, done, current) => {
        progress[phase] = done;
        counts = current;
        options.onProgress?.(phase, done, requestCount());
        const now = Date.now();
        if (now - lastWrite < (options.progressIntervalMs ?? 1000)) return;
        lastWrite = now;
        await recordProgress(db, runId, { phase, progress, counts: current, requestCount: requestCount() });
      },
    });
    counts = report.counts;
    errors = report.errors;
    cursors = report.cursors;
    status = report.complete ? 'succeeded' : 'failed';
  } catch (error) {
    errors.push({
      phase: 'run',
      message: error instanceof MassArchiveError || error instanceof Error ? error.message : String(error),
    });
  }
  // Progress writes are spaced by the interval, so the last ones may not have been written: the
  // finished run records the done count of every phase it went through.
  const finished = await finishRun(db, runId, {
    status,
    progress,
    counts,
    errors,
    requestCount: requestCount(),
  });
  await connection?.recordOutcome(db, { status, cursors: status === 'succeeded' ? cursors : {} });
  await db.transaction().execute((trx) =>
    recordAudit(
      trx,
      {
        organizationId,
        actor: run.requested_by_user_id ? { userId: run.requested_by_user_id } : undefined,
        ip: null,
        userAgent: `helios-sync (${run.trigger})`,
      },
      {
        action: 'sync',
        entityType: 'sync_run',
        entityId: runId,
        newValue: { status, kind: open.kind, counts, errors },
      },
    ),
  );
  return finished;
}
