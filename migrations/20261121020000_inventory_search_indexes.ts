// Trigram indexes for `GET /assets?q=`, which searches name, serial_number, model and make: the
// first two are indexed already, and an OR of ILIKEs only stays an index scan (a BitmapOr) when
// every branch has an index — one unindexed column would turn the search into a full scan of the
// assets table. Frozen in time: never import app code here.
import { type Kysely, sql } from 'kysely';

const indexes: [name: string, column: string][] = [
  ['idx_assets_make_trgm', 'make'],
  ['idx_assets_model_trgm', 'model'],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, column] of indexes) {
    await sql`CREATE INDEX ${sql.raw(name)} ON assets USING gin (${sql.ref(column)} gin_trgm_ops)`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of indexes) await sql`DROP INDEX ${sql.raw(name)}`.execute(db);
}
