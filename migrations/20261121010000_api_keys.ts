// API keys: long random secrets that act as their user (with the user's current role). Only a
// SHA-256 hash is stored; `prefix` is the public, indexed part used to find the row.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE api_keys (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
      name varchar(200) NOT NULL,
      prefix varchar(32) NOT NULL UNIQUE,
      -- SHA-256 (hex) of the whole key; keys carry 256 random bits, so a fast hash is enough.
      key_hash varchar(64) NOT NULL,
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz,
      created_by_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX idx_api_keys_user ON api_keys (user_id)`.execute(db);
  await sql`CREATE INDEX idx_api_keys_org_created ON api_keys (organization_id, created_at DESC)`.execute(db);
  await sql`CREATE INDEX idx_api_keys_created_by_user ON api_keys (created_by_user_id)`.execute(db);
  await sql`CREATE TRIGGER api_keys_set_updated_at BEFORE UPDATE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION helios_set_updated_at()`.execute(db);
  await sql`COMMENT ON TABLE api_keys IS ${sql.lit('API keys (hashed) that act as their user, with expiry, revocation and last use.')}`.execute(
    db,
  );
  // Audit-log queries filter by action and page by id; the seed's indexes cover entity, user, time.
  await sql`CREATE INDEX idx_audit_logs_action ON audit_logs (organization_id, action, id DESC)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX idx_audit_logs_action`.execute(db);
  await sql`DROP TABLE api_keys`.execute(db);
}
