// Public ticket links stop being stored secrets. A link's key was kept in plaintext
// (tickets.url_key) — readable by anyone with database access, and copied into every access-log
// line. Keys are now derived: an HMAC of the ticket's id and link revision under a per-organization
// secret, which is itself sealed by the vault like every other secret (and so re-wrapped by a key
// rotation). Nothing about a link is stored but its revision; bumping it revokes the link.
// Frozen in time once merged: never import app code here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE organizations ADD COLUMN share_secret_encrypted bytea`.execute(db);
  await sql`ALTER TABLE tickets ADD COLUMN share_revision integer NOT NULL DEFAULT 0`.execute(db);
  // The old plaintext keys go; links made from them stop working (they were secrets at rest).
  await sql`UPDATE tickets SET url_key = NULL WHERE url_key IS NOT NULL`.execute(db);
  await sql`COMMENT ON COLUMN organizations.share_secret_encrypted IS ${sql.lit('Vault-sealed secret public ticket links are derived from (HMAC).')}`.execute(
    db,
  );
  await sql`COMMENT ON COLUMN tickets.share_revision IS ${sql.lit('Revision of the public link; bumping it revokes the previous link.')}`.execute(
    db,
  );
  await sql`COMMENT ON COLUMN tickets.url_key IS ${sql.lit('Unused since share keys are derived (kept for the seed schema; always NULL).')}`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE tickets DROP COLUMN share_revision`.execute(db);
  await sql`ALTER TABLE organizations DROP COLUMN share_secret_encrypted`.execute(db);
}
