// A sync run is a full reconcile (every listing complete: the only runs that archive) or an
// incremental run (only what the provider's change log named since the previous run). The schedule
// needs to know when the last full reconcile succeeded; the lifecycle, where an incremental window
// starts. Existing runs were all full passes.
// Frozen in time once merged: never import app code here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sync_runs ADD COLUMN kind varchar(20) NOT NULL DEFAULT 'full'
    CHECK (kind IN ('full', 'incremental'))`.execute(db);
  await sql`CREATE INDEX idx_sync_runs_succeeded ON sync_runs (organization_id, provider, kind, started_at DESC)
    WHERE status = 'succeeded'`.execute(db);
  await sql`COMMENT ON COLUMN sync_runs.kind IS ${sql.lit("'full' (complete listings; archives what vanished) or 'incremental' (only what the change log named; never archives).")}`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX idx_sync_runs_succeeded`.execute(db);
  await sql`ALTER TABLE sync_runs DROP COLUMN kind`.execute(db);
}
