// Every foreign key is indexed (deleting an organization cascades through it without a scan).
// Frozen in time once merged: never import app code here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX idx_saved_views_organization ON saved_views (organization_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX idx_saved_views_organization`.execute(db);
}
