// Rate-limit counters in the database, so every replica enforces one budget (not one each): the
// table rate-limiter-flexible's PostgreSQL store reads and writes (key, points, expire in epoch ms).
// UNLOGGED: counters are worth nothing after a crash, and skipping the WAL keeps the write per
// request cheap. Frozen in time once merged: never import app code here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE UNLOGGED TABLE rate_limits (
      key varchar(255) PRIMARY KEY,
      points integer NOT NULL DEFAULT 0,
      expire bigint
    )`.execute(db);
  await sql`CREATE INDEX idx_rate_limits_expire ON rate_limits (expire)`.execute(db);
  await sql`COMMENT ON TABLE rate_limits IS ${sql.lit('Rate-limit counters shared by every replica (per actor, per API key, per address for failures).')}`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE rate_limits`.execute(db);
}
