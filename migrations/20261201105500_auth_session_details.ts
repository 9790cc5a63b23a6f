// Web console sessions: how the person signed in, when the session was last used (sliding expiry
// and the sessions list), and — for sessions opened with an API key — that key, so revoking or
// deleting the key ends the sessions it opened. Frozen in time once merged: never import app code here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE auth_sessions
      ADD COLUMN method varchar(20) NOT NULL DEFAULT 'google'
        CHECK (method IN ('google', 'api_key')),
      ADD COLUMN api_key_id integer REFERENCES api_keys(id) ON DELETE CASCADE,
      ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now(),
      ADD CONSTRAINT auth_sessions_api_key_method CHECK ((method = 'api_key') = (api_key_id IS NOT NULL))
  `.execute(db);
  await sql`CREATE INDEX idx_auth_sessions_api_key ON auth_sessions (api_key_id) WHERE api_key_id IS NOT NULL`.execute(
    db,
  );
  await sql`COMMENT ON COLUMN auth_sessions.method IS 'How the session was opened: google (ID token) or api_key.'`.execute(
    db,
  );
  await sql`COMMENT ON COLUMN auth_sessions.last_seen_at IS 'Last authenticated request (updated at most once a minute).'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS idx_auth_sessions_api_key`.execute(db);
  await sql`
    ALTER TABLE auth_sessions
      DROP CONSTRAINT auth_sessions_api_key_method,
      DROP COLUMN last_seen_at,
      DROP COLUMN api_key_id,
      DROP COLUMN method
  `.execute(db);
}
