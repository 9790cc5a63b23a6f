// The Google Workspace sync's own bookkeeping: its runs, the ids each run saw (so what vanished
// from a complete listing can be archived by anti-join without rewriting unchanged rows), and a
// content hash on synced devices so an unchanged device is never written.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE sync_runs (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      provider varchar(20) NOT NULL DEFAULT 'google' CHECK (provider IN ('google', 'microsoft')),
      status varchar(20) NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
      trigger varchar(20) NOT NULL CHECK (trigger IN ('manual', 'schedule', 'cli', 'startup')),
      requested_by_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      phase varchar(40),
      progress jsonb NOT NULL DEFAULT '{}'::jsonb,
      counts jsonb NOT NULL DEFAULT '{}'::jsonb,
      errors jsonb NOT NULL DEFAULT '[]'::jsonb,
      request_count integer NOT NULL DEFAULT 0,
      started_at timestamptz,
      heartbeat_at timestamptz,
      finished_at timestamptz,
      duration_ms integer,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // At most one queued or running run per organization and provider: a second request joins it.
  await sql`CREATE UNIQUE INDEX idx_sync_runs_one_active ON sync_runs (organization_id, provider)
    WHERE status IN ('queued', 'running')`.execute(db);
  await sql`CREATE INDEX idx_sync_runs_org_created ON sync_runs (organization_id, id DESC)`.execute(db);
  await sql`CREATE INDEX idx_sync_runs_requested_by_user ON sync_runs (requested_by_user_id)`.execute(db);
  await sql`CREATE TRIGGER sync_runs_set_updated_at BEFORE UPDATE ON sync_runs
    FOR EACH ROW EXECUTE FUNCTION helios_set_updated_at()`.execute(db);
  await sql`COMMENT ON TABLE sync_runs IS ${sql.lit('Google (and later Microsoft) sync runs: status, phase, progress, counts, errors, duration.')}`.execute(
    db,
  );

  await sql`
    CREATE TABLE sync_seen (
      run_id integer NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
      kind varchar(20) NOT NULL CHECK (kind IN ('org_unit', 'user', 'group', 'chromeos', 'mobile', 'license', 'domain')),
      external_id varchar(255) NOT NULL,
      PRIMARY KEY (run_id, kind, external_id)
    )`.execute(db);
  await sql`COMMENT ON TABLE sync_seen IS ${sql.lit('Ids each sync run saw per kind (staging for archive-by-anti-join; emptied after the run).')}`.execute(
    db,
  );

  await sql`ALTER TABLE assets ADD COLUMN google_content_hash varchar(64)`.execute(db);
  await sql`ALTER TABLE software_licenses ADD COLUMN google_product_id varchar(100)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE software_licenses DROP COLUMN google_product_id`.execute(db);
  await sql`ALTER TABLE assets DROP COLUMN google_content_hash`.execute(db);
  await sql`DROP TABLE sync_seen`.execute(db);
  await sql`DROP TABLE sync_runs`.execute(db);
}
