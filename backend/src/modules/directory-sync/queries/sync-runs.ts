import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, SyncRuns } from '../../../core/db/schema.ts';
import type { ProviderName, RunKind } from '../engine/provider.ts';

export type SyncRunRow = Selectable<SyncRuns>;
export type SyncTrigger = 'manual' | 'schedule' | 'cli' | 'startup';

/**
 * A new queued run of the provider, or undefined when one of that provider is already queued or
 * running (the unique partial index on (organization_id, provider): one per provider, across replicas).
 */
export async function insertQueuedRun(
  db: Kysely<Database>,
  organizationId: number,
  provider: ProviderName,
  trigger: SyncTrigger,
  requestedByUserId: number | null,
  kind: RunKind = 'full',
): Promise<SyncRunRow | undefined> {
  return db
    .insertInto('sync_runs')
    .values({
      organization_id: organizationId,
      provider,
      trigger,
      requested_by_user_id: requestedByUserId,
      kind,
    })
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'provider'])
        .where(sql<boolean>`status IN ('queued', 'running')`)
        .doNothing(),
    )
    .returningAll()
    .executeTakeFirst();
}

/** The provider's queued or running run, if any. */
export async function activeRun(
  db: Kysely<Database>,
  organizationId: number,
  provider: ProviderName,
): Promise<SyncRunRow | undefined> {
  return db
    .selectFrom('sync_runs')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('provider', '=', provider)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
}

export async function findRun(
  db: Kysely<Database>,
  organizationId: number,
  id: number,
): Promise<SyncRunRow | undefined> {
  return db
    .selectFrom('sync_runs')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Runs of every provider, newest first. */
export async function listRuns(
  db: Kysely<Database>,
  organizationId: number,
  beforeId: number | undefined,
  limit: number,
): Promise<SyncRunRow[]> {
  let query = db.selectFrom('sync_runs').selectAll().where('organization_id', '=', organizationId);
  if (beforeId !== undefined) query = query.where('id', '<', beforeId);
  return query.orderBy('id', 'desc').limit(limit).execute();
}

/**
 * Claims a queued run of the provider (one worker wins); returns it running, or undefined if someone
 * else did — or if it is another provider's run.
 */
export async function startRun(
  db: Kysely<Database>,
  id: number,
  provider: ProviderName,
  firstPhase: string | null,
): Promise<SyncRunRow | undefined> {
  return db
    .updateTable('sync_runs')
    .set({ status: 'running', started_at: sql`now()`, heartbeat_at: sql`now()`, phase: firstPhase })
    .where('id', '=', id)
    .where('provider', '=', provider)
    .where('status', '=', 'queued')
    .returningAll()
    .executeTakeFirst();
}

/** The provider's latest successful run (of one kind, or of any), other than `exceptId`. */
export async function lastSucceededRun(
  db: Kysely<Database>,
  organizationId: number,
  provider: ProviderName,
  kind: RunKind | undefined,
  exceptId?: number,
): Promise<SyncRunRow | undefined> {
  let query = db
    .selectFrom('sync_runs')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('provider', '=', provider)
    .where('status', '=', 'succeeded')
    .where('started_at', 'is not', null);
  if (kind !== undefined) query = query.where('kind', '=', kind);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return query.orderBy('started_at', 'desc').limit(1).executeTakeFirst();
}

/** An incremental run without a previous successful run to start from becomes a full one. */
export async function setRunKind(db: Kysely<Database>, id: number, kind: RunKind): Promise<void> {
  await db.updateTable('sync_runs').set({ kind }).where('id', '=', id).execute();
}

export async function recordProgress(
  db: Kysely<Database>,
  id: number,
  values: { phase: string; progress: unknown; counts: unknown; requestCount: number },
): Promise<void> {
  await db
    .updateTable('sync_runs')
    .set({
      phase: values.phase,
      progress: JSON.stringify(values.progress),
      counts: JSON.stringify(values.counts),
      request_count: values.requestCount,
      heartbeat_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}

export async function finishRun(
  db: Kysely<Database>,
  id: number,
  values: {
    status: 'succeeded' | 'failed';
    progress: unknown;
    counts: unknown;
    errors: unknown;
    requestCount: number;
  },
): Promise<SyncRunRow> {
  return db
    .updateTable('sync_runs')
    .set({
      status: values.status,
      progress: JSON.stringify(values.progress),
      counts: JSON.stringify(values.counts),
      errors: JSON.stringify(values.errors),
      request_count: values.requestCount,
      finished_at: sql`now()`,
      duration_ms: sql<number>`(extract(epoch FROM now() - coalesce(started_at, created_at)) * 1000)::int`,
      phase: null,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Runs (of any provider) whose process died — no heartbeat for `staleMinutes` — become visibly failed. */
export async function failStaleRuns(
  db: Kysely<Database>,
  organizationId: number,
  staleMinutes: number,
): Promise<number> {
  const result = await db
    .updateTable('sync_runs')
    .set({
      status: 'failed',
      finished_at: sql`now()`,
      errors: sql`errors || ${JSON.stringify([{ phase: 'run', message: 'The process running this sync stopped; the next run repairs everything.' }])}::jsonb`,
    })
    .where('organization_id', '=', organizationId)
    .where('status', 'in', ['queued', 'running'])
    .where(sql<boolean>`coalesce(heartbeat_at, created_at) < now() - make_interval(mins => ${staleMinutes})`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
